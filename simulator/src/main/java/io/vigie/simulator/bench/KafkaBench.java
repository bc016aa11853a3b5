package io.vigie.simulator.bench;

import io.vigie.simulator.Main;
import io.vigie.simulator.device.Latencies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code bench kafka [--duration 30] [--record-bytes N]}: the ceiling for ingestion — one producer with ingestion's
 * settings (acks=all, idempotent, lz4, linger 5 ms, 64 KiB batches) sending as fast as the broker acknowledges (like
 * kafka-producer-perf-test), on a bench topic with as many partitions as the readings topic. The records are copies
 * of recent records of the readings topic (same size and compressibility), or synthetic JSON of {@code --record-bytes}.
 */
final class KafkaBench {

    static final String TOPIC = "platform.bench.v1";

    private KafkaBench() {
    }

    static Bench.Result run(Map<String, String> o, Path dir) throws Exception {
        Duration duration = Duration.ofSeconds(Bench.intOption(o, "duration", 30));
        try (KafkaSide kafka = new KafkaSide()) {
            List<byte[]> values = o.containsKey("record-bytes") ? List.of() : kafka.recentValues(KafkaSide.READINGS, 500);
            String source = "recent records of " + KafkaSide.READINGS;
            if (values.isEmpty()) {
                int size = Bench.intOption(o, "record-bytes", 620);
                values = List.of(synthetic(size));
                source = "synthetic JSON of " + size + " bytes (run bench ingest first to copy real records)";
            }
            int partitions = kafka.partitions(KafkaSide.READINGS).size();
            try {
                kafka.admin().createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1).configs(Map.of("retention.ms", "3600000"))))
                        .all().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            double avg = values.stream().mapToInt(b -> b.length).average().orElse(0);
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("topic", TOPIC);
            parameters.put("partitions", partitions);
            parameters.put("durationSeconds", duration.toSeconds());
            parameters.put("recordBytesAvg", Math.round(avg));
            parameters.put("records", source);
            parameters.put("producer", "acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 max.in.flight=5");

            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                keys.add(UUID.randomUUID().toString()); // ingestion keys by patient (or device)
            }
            AtomicLong acked = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            Latencies latencies = new Latencies();
            Main.log("kafka: producing to " + TOPIC + " (" + partitions + " partitions) for " + duration.toSeconds() + " s, " + Math.round(avg)
                    + "-byte records, acks=all");
            long t0;
            long end;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                producer.send(new ProducerRecord<>(TOPIC, keys.get(0), values.get(0))).get(30, TimeUnit.SECONDS); // metadata, connection
                t0 = System.nanoTime();
                long stopAt = t0 + duration.toNanos();
                long nextReport = t0 + 5_000_000_000L;
                for (long i = 0; System.nanoTime() < stopAt; i++) {
                    long sent = System.nanoTime();
                    producer.send(new ProducerRecord<>(TOPIC, keys.get((int) (i % keys.size())), values.get((int) (i % values.size()))), (m, e) -> {
                        if (e == null) {
                            acked.incrementAndGet();
                            latencies.record(System.nanoTime() - sent);
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                    if (sent > nextReport) {
                        Main.log(String.format("kafka: %d s, %,.0f records/s acknowledged so far", (sent - t0) / 1_000_000_000L,
                                acked.get() / ((sent - t0) / 1e9)));
                        nextReport += 5_000_000_000L;
                    }
                }
                producer.flush();
                end = System.nanoTime();
            }
            double elapsed = (end - t0) / 1e9;
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("acknowledged", acked.get());
            results.put("failed", failed.get());
            results.put("seconds", Bench.round(elapsed));
            results.put("recordsPerSecond", Math.round(acked.get() / elapsed));
            results.put("megabytesPerSecond", Bench.round(acked.get() * avg / elapsed / 1_048_576));
            results.put("ackLatencyMsP50", Bench.round(latencies.percentileMillis(50)));
            results.put("ackLatencyMsP99", Bench.round(latencies.percentileMillis(99)));
            String summary = String.format("bench kafka: %,d records/s acknowledged (acks=all, %d-byte records, %.1f MB/s), ack p50 %.1f ms p99 %.1f ms",
                    (long) results.get("recordsPerSecond"), Math.round(avg), (double) results.get("megabytesPerSecond"),
                    (double) results.get("ackLatencyMsP50"), (double) results.get("ackLatencyMsP99"));
            return new Bench.Result("kafka", parameters, results, summary);
        }
    }

    static byte[] synthetic(int size) {
        StringBuilder b = new StringBuilder("{\"readingId\":\"").append(UUID.randomUUID()).append("\",\"code\":\"29463-7\",\"value\":71.3,\"pad\":\"");
        while (b.length() < size - 2) {
            b.append((char) ('a' + b.length() % 26));
        }
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
