package io.vigie.simulator.bench;

import io.vigie.simulator.Main;
import io.vigie.simulator.api.Endpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the benchmarks read from the broker: consumer-group lag over time, and samples of the records ingestion writes. */
final class KafkaSide implements AutoCloseable {

    static final String READINGS = "ingestion.reading.accepted.v1";
    static final String STORE_GROUP = "ingestion-store" + Endpoints.setting("vigie.kafka.group-suffix", "");

    private final String bootstrap = Endpoints.setting("kafka.bootstrap.servers", "127.0.0.1:9092");
    private final Admin admin;

    KafkaSide() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        admin = Admin.create(p);
    }

    String bootstrap() {
        return bootstrap;
    }

    Admin admin() {
        return admin;
    }

    /** Records of the readings topic that consumer group {@code group} has not committed yet. */
    long lag(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (TopicPartition tp : partitions(READINGS)) {
                ask.put(tp, OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the lag of consumer group " + group + " on " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    }

    /** Waits (up to {@code max}) until {@code group} has at most {@code tolerated} records of the readings topic left to read. */
    void awaitCaughtUp(String group, long tolerated, Duration max) {
        Instant start = Instant.now();
        long lag = lag(group);
        long said = 0;
        while (lag > tolerated && Duration.between(start, Instant.now()).compareTo(max) < 0) {
            long s = Duration.between(start, Instant.now()).toSeconds();
            if (s / 10 != said / 10 || said == 0) {
                Main.log("waiting for consumer group " + group + " to catch up before measuring: " + lag + " readings behind (" + s + " s)");
                said = Math.max(1, s);
            }
            Main.sleep(1000);
            lag = lag(group);
        }
        if (lag > tolerated) {
            throw new IllegalStateException("consumer group " + group + " is still " + lag + " readings behind after " + max.toSeconds()
                    + " s: an earlier load is still being processed; try again later");
        }
    }

    /** Records of the readings topic {@code group} has committed (processed), all partitions together. */
    long committedReadings(String group) {
        try {
            return committed(group).entrySet().stream().filter(e -> e.getKey().topic().equals(READINGS)).mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("could not read the offsets of consumer group " + group + ": " + e.getMessage(), e);
        }
    }

    List<TopicPartition> partitions(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        return d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Samples {@code group}'s lag on the readings topic every {@code period} until {@link LagSampler#stop}. */
    LagSampler sample(String group, Duration period) {
        return new LagSampler(group, period);
    }

    /** A consumer group's lag over time, and how fast it processed meanwhile. */
    final class LagSampler {
        private final String group;
        private final List<Long> samples = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private final long committedAtStart;
        private final long startedAt = System.nanoTime();

        private LagSampler(String group, Duration period) {
            this.group = group;
            this.committedAtStart = committedReadings(group);
            this.thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        samples.add(lag(group));
                        Thread.sleep(period.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // one failed sample: the next one counts
                    }
                }
            }, "lag-" + group);
            thread.setDaemon(true);
            thread.start();
        }

        /** The lag now (records of the readings topic not committed by the group). */
        long now() {
            return samples.isEmpty() ? lag(group) : samples.get(samples.size() - 1);
        }

        /** Stops sampling, waits for the group to catch up (up to {@code max}) and reports lag, catch-up time and rate. */
        Map<String, Object> stop(Duration max) {
            thread.interrupt();
            Instant stop = Instant.now();
            long lag = lag(group);
            while (lag > 0 && Duration.between(stop, Instant.now()).compareTo(max) < 0) {
                Main.sleep(100);
                lag = lag(group);
            }
            List<Long> sorted = new ArrayList<>(samples);
            sorted.sort(Long::compare);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("consumerGroup", group);
            r.put("lagSamples", sorted.size());
            r.put("lagRecordsP50", sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2));
            r.put("lagRecordsMax", sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
            r.put("catchUpAfterLoadMs", lag == 0 ? Duration.between(stop, Instant.now()).toMillis() : -1);
            r.put("lagAtEnd", lag);
            r.put("processedPerSecond", Math.round((committedReadings(group) - committedAtStart) / ((System.nanoTime() - startedAt) / 1e9)));
            return r;
        }
    }

    /** The values of up to {@code n} recent records of {@code topic} (the newest of each partition). */
    List<byte[]> recentValues(String topic, int n) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            Collection<TopicPartition> parts = partitions(topic);
            c.assign(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            int each = Math.max(1, n / parts.size());
            for (TopicPartition tp : parts) {
                c.seek(tp, Math.max(0, ends.get(tp) - each));
            }
            Instant deadline = Instant.now().plusSeconds(10);
            while (values.size() < n && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        values.add(r.value());
                    }
                }
                if (c.assignment().stream().allMatch(tp -> c.position(tp) >= ends.get(tp))) {
                    break;
                }
            }
        }
        return values;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
