package io.vigie.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of the real broker from "now" on, for tests that check what a service published. No consumer
 * group (manual assignment), so it never disturbs the services' offsets. Polls with a deadline, never sleeps.
 */
public final class KafkaProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    /**
     * The physical name of a catalogue topic in the running test's namespace ({@code vigie.kafka.topic-prefix} of the
     * application under test, {@code test.} for module tests; the system property for the e2e suite): every method here
     * takes catalogue names.
     */
    public static String physical(String topic) {
        String prefix = System.getProperty("vigie.kafka.topic-prefix"); // the e2e suite, outside any application
        if (prefix == null) {
            try {
                prefix = org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue("vigie.kafka.topic-prefix", String.class).orElse("");
            } catch (RuntimeException e) {
                prefix = "";
            }
        }
        return topic.startsWith(prefix) ? topic : prefix + topic;
    }

    static String bootstrap() {
        return System.getProperty("kafka.bootstrap.servers", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
    }

    /** Produces one record (acks=all) and waits for the broker's acknowledgement. */
    public static void send(String topic, String key, String value) {
        sendAll(topic, key, List.of(value));
    }

    /** Produces records of one key in one burst (one producer batch: a consumer gets them in one poll), acks=all. */
    public static void sendAll(String topic, String key, List<String> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, values.size() > 1 ? 50 : 0); // several: held until all are in one batch
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            values.forEach(v -> sent.add(producer.send(new ProducerRecord<>(physical(topic), key, v))));
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(java.util.concurrent.TimeUnit.SECONDS.toMillis(15), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic + ": " + e.getMessage(), e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Produces an event as JSON, as the services serialize them (ISO-8601 instants). */
    public static void sendJson(String topic, String key, Object event) {
        sendJsonAll(topic, key, List.of(event));
    }

    /** {@link #sendJson} for several events of one key, in one burst. */
    public static void sendJsonAll(String topic, String key, List<?> events) {
        List<String> values = new ArrayList<>();
        for (Object event : events) {
            try {
                values.add(JSON.writeValueAsString(event));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError("event not serializable: " + e.getMessage(), e);
            }
        }
        sendAll(topic, key, values);
    }

    /** How many partitions {@code topic} has. */
    public static int partitions(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            return c.partitionsFor(physical(topic), Duration.ofSeconds(10)).size();
        }
    }

    /** The partition the default partitioner gives {@code key} among {@code partitions} (murmur2, as producers do). */
    public static int partitionOf(String key, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    private KafkaProbe(String catalogueTopic) {
        String topic = physical(catalogueTopic);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before the action under test
    }

    /** A probe positioned at the current end of {@code topic}: it sees only what is produced afterwards. */
    public static KafkaProbe fromNow(String topic) {
        return new KafkaProbe(topic);
    }

    /** The first record matching {@code match} within {@code timeout}; fails the test otherwise. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        for (ConsumerRecord<String, String> r : seen) {
            if (match.test(r)) {
                return r;
            }
        }
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            ConsumerRecord<String, String> found = null;
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                seen.add(r); // every record of the poll, even after a match: the next await may want one of them
                if (found == null && match.test(r)) {
                    found = r;
                }
            }
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("no matching record on " + consumer.assignment() + " within " + timeout + " (" + seen.size() + " other records seen: "
                + seen.stream().map(r -> r.partition() + "@" + r.offset() + " key " + r.key()).toList() + ")");
    }

    public ConsumerRecord<String, String> awaitKey(String key, Duration timeout) {
        return await(r -> key.equals(r.key()), timeout);
    }

    /** Every record read so far, in partition order. */
    public List<ConsumerRecord<String, String>> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
