package io.vigie.simulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.MonitoringProgram;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.simulator.Main;
import io.vigie.simulator.api.Endpoints;
import io.vigie.simulator.device.Latencies;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code bench evaluator [--patients 2000] [--rate 5000] [--duration 60] [--warmup 10] [--abnormal 0.01]
 * [--history-days 0] [--history-per-day 4]}: the alert evaluator of the running alerting-service at a hospital group's
 * scale. Synthetic patients of a bench hospital ({@code hopital-bench}: no demo user sees them) enrolled in every
 * programme get their care plans and readings on the platform's topics, as patient-service and ingestion would
 * publish them (acks=all); optionally {@code --history-days} of history first. Then a steady rate of readings
 * (normal values, a fraction {@code --abnormal} of SpO2 85 % that raise or repeat alerts): how many readings per
 * second the evaluator commits, its lag, and reading time → alert change on Kafka for the abnormal ones.
 */
final class EvaluatorBench {

    static final String TENANT = "hopital-bench";
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What a patient's devices measure, in turn: code, unit, a normal value, the device kind. */
    record Measure(String code, String unit, double normal, DeviceKind kind) {
    }

    static final List<Measure> MEASURES = List.of(new Measure("29463-7", "kg", 74.0, DeviceKind.SCALE),
            new Measure("41653-7", "mg/dL", 118, DeviceKind.GLUCOMETER), new Measure("2708-6", "%", 97, DeviceKind.SMART_TEXTILE),
            new Measure("8867-4", "/min", 72, DeviceKind.WATCH), new Measure("85354-9", "mm[Hg]", 0, DeviceKind.BLOOD_PRESSURE_MONITOR));

    private EvaluatorBench() {
    }

    static Bench.Result run(Map<String, String> o, Path dir) throws Exception {
        int patients = Bench.intOption(o, "patients", 2000);
        double rate = Double.parseDouble(o.getOrDefault("rate", "5000"));
        double abnormal = Double.parseDouble(o.getOrDefault("abnormal", "0.01"));
        Duration duration = Duration.ofSeconds(Bench.intOption(o, "duration", 60));
        Duration warmup = Duration.ofSeconds(Bench.intOption(o, "warmup", 10));
        int historyDays = Bench.intOption(o, "history-days", 0);
        int historyPerDay = Bench.intOption(o, "history-per-day", 4);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("patients", patients);
        parameters.put("programmes", "all five (heart, renal, respiratory failure, diabetes, implanted cardiac device)");
        parameters.put("readingsPerSecond", rate);
        parameters.put("abnormalFraction", abnormal);
        parameters.put("durationSeconds", duration.toSeconds());
        parameters.put("warmupSeconds", warmup.toSeconds());
        parameters.put("historyDays", historyDays);
        parameters.put("historyReadingsPerPatientPerDay", historyPerDay);
        parameters.put("path", "readings published on " + Topics.READING_ACCEPTED + " as ingestion would (acks=all, lz4, keyed by patient)");

        String prefix = Endpoints.setting("vigie.kafka.topic-prefix", "");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            ids.add(UUID.nameUUIDFromBytes(("vigie-bench-evaluator-patient-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        Map<String, Object> results = new LinkedHashMap<>();
        try (KafkaSide kafka = new KafkaSide(); KafkaProducer<String, String> producer = new KafkaProducer<>(producerSettings(kafka.bootstrap()))) {
            kafka.awaitCaughtUp(AlertsBench.EVALUATOR_GROUP, 100, Duration.ofMinutes(10));
            // care plans, as patient-service publishes them (compacted: a run after another replaces them)
            Instant now = Instant.now();
            for (UUID id : ids) {
                producer.send(new ProducerRecord<>(prefix + Topics.CAREPLAN_STATE, id.toString(), JSON.writeValueAsString(plan(id, now))));
            }
            producer.flush();
            Main.log("evaluator: " + patients + " care plans published (" + TENANT + ", every programme)");
            Main.sleep(2000);
            kafka.awaitCaughtUp(AlertsBench.EVALUATOR_GROUP, 100, Duration.ofMinutes(10));

            if (historyDays > 0) {
                results.put("history", history(kafka, producer, prefix, ids, historyDays, historyPerDay));
            }

            // the steady load, and the alert changes of its abnormal readings seen on Kafka (read_committed)
            Set<String> awaited = ConcurrentHashMap.newKeySet();
            Latencies latencies = new Latencies();
            AtomicLong matched = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            Thread changes = watchChanges(kafka.bootstrap(), prefix + Topics.ALERT_CHANGED, awaited, latencies, matched, stop);
            Main.log(String.format("evaluator: %.0f readings/s for %d s (+%d s warm-up), %.1f %% abnormal", rate, duration.toSeconds(),
                    warmup.toSeconds(), abnormal * 100));
            long periodNanos = (long) (1e9 / rate);
            int every = abnormal <= 0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.round(1 / abnormal));
            long t0 = System.nanoTime();
            long measureFrom = t0 + warmup.toNanos();
            long stopAt = measureFrom + duration.toNanos();
            long nextReport = measureFrom + 10_000_000_000L;
            long sent = 0;
            long measured = 0;
            long abnormalMeasured = 0;
            KafkaSide.LagSampler lag = null;
            String run = Long.toString(System.nanoTime(), 36);
            for (long i = 0; ; i++) {
                long due = t0 + i * periodNanos;
                long nowNanos = System.nanoTime();
                if (due >= stopAt) {
                    break;
                }
                if (due > nowNanos + 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(due - nowNanos);
                }
                if (lag == null && due >= measureFrom) {
                    lag = kafka.sample(AlertsBench.EVALUATOR_GROUP, Duration.ofMillis(500));
                }
                UUID patient = ids.get((int) (i % patients));
                boolean bad = i % every == 0;
                Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                ReadingAcceptedV1 r = bad ? reading(patient, MEASURES.get(2), 85, at, at, run + "-" + i)
                        : reading(patient, MEASURES.get((int) (i / patients % MEASURES.size())), Double.NaN, at, at, run + "-" + i);
                if (due >= measureFrom) {
                    measured++;
                    if (bad) {
                        awaited.add(patient + "|" + at);
                        abnormalMeasured++;
                    }
                }
                sent++;
                producer.send(new ProducerRecord<>(prefix + Topics.READING_ACCEPTED, patient.toString(), JSON.writeValueAsString(r)));
                if (due > nextReport) {
                    Main.log(String.format("evaluator: %d s, %,d readings sent, evaluator lag %,d records, %d/%d abnormal readings' alert changes seen",
                            (due - measureFrom) / 1_000_000_000L, measured, lag.now(), matched.get(), abnormalMeasured));
                    nextReport += 10_000_000_000L;
                }
            }
            producer.flush();
            double sendSeconds = (System.nanoTime() - measureFrom) / 1e9;
            Main.log("evaluator: load sent, waiting for the evaluator to catch up (up to 5 min)");
            Map<String, Object> evaluator = lag.stop(Duration.ofMinutes(5));
            Instant wait = Instant.now();
            while (matched.get() < abnormalMeasured && Duration.between(wait, Instant.now()).toSeconds() < 30) {
                Main.sleep(100);
            }
            stop.set(true);
            changes.join(10_000);
            results.put("readingsSent", sent);
            results.put("readingsMeasured", measured);
            results.put("sentPerSecond", Math.round(measured / sendSeconds));
            results.put("evaluator", evaluator);
            results.put("abnormalReadings", abnormalMeasured);
            results.put("abnormalAlertChangesSeen", matched.get());
            results.put("readingToAlertChangeMsP50", Bench.round(latencies.percentileMillis(50)));
            results.put("readingToAlertChangeMsP99", Bench.round(latencies.percentileMillis(99)));
            results.put("readingToAlertChangeMsMax", Bench.round(latencies.percentileMillis(100)));
            String summary = String.format("bench evaluator: %d patients, %,d readings/s offered, evaluator committed %s readings/s, lag p50 %s max %s records, "
                    + "caught up %s ms after the load; abnormal reading → alert change p50 %.0f ms p99 %.0f ms (%d/%d seen)%s", patients,
                    (long) results.get("sentPerSecond"), evaluator.get("processedPerSecond"), evaluator.get("lagRecordsP50"), evaluator.get("lagRecordsMax"),
                    evaluator.get("catchUpAfterLoadMs"), (double) results.get("readingToAlertChangeMsP50"), (double) results.get("readingToAlertChangeMsP99"),
                    matched.get(), abnormalMeasured, historyDays > 0 ? ", after " + historyDays + " days of history" : "");
            return new Bench.Result("evaluator", parameters, results, summary);
        }
    }

    /** {@code days} of history for every patient, oldest first, as fast as Kafka takes it; how fast the evaluator judged it. */
    static Map<String, Object> history(KafkaSide kafka, KafkaProducer<String, String> producer, String prefix, List<UUID> ids, int days, int perDay)
            throws Exception {
        long total = (long) ids.size() * days * perDay;
        Main.log(String.format("evaluator: loading %d days of history, %,d readings (%d per patient per day)", days, total, perDay));
        long committedBefore = kafka.committedReadings(AlertsBench.EVALUATOR_GROUP);
        long t0 = System.nanoTime();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(days));
        long sent = 0;
        String run = "h" + Long.toString(System.nanoTime(), 36);
        for (int d = 0; d < days; d++) {
            for (int k = 0; k < perDay; k++) {
                Instant at = start.plus(Duration.ofDays(d)).plus(Duration.ofHours(24L * k / perDay));
                for (UUID id : ids) {
                    ReadingAcceptedV1 r = reading(id, MEASURES.get((d * perDay + k) % MEASURES.size()), Double.NaN, at, Instant.now(), run + "-" + sent);
                    producer.send(new ProducerRecord<>(prefix + Topics.READING_ACCEPTED, id.toString(), JSON.writeValueAsString(r)));
                    sent++;
                }
            }
            if (d % 5 == 4) {
                Main.log(String.format("evaluator: history day %d/%d sent, evaluator lag %,d records", d + 1, days, kafka.lag(AlertsBench.EVALUATOR_GROUP)));
            }
        }
        producer.flush();
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        kafka.awaitCaughtUp(AlertsBench.EVALUATOR_GROUP, 0, Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("readings", sent);
        h.put("sendSeconds", Bench.round(sendSeconds));
        h.put("judgedSeconds", Bench.round(seconds));
        h.put("judgedPerSecond", Math.round((kafka.committedReadings(AlertsBench.EVALUATOR_GROUP) - committedBefore) / seconds));
        Main.log(String.format("evaluator: history judged, %,d readings in %.0f s (%,d/s)", sent, seconds, (long) h.get("judgedPerSecond")));
        return h;
    }

    static CarePlanV1 plan(UUID patient, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<CarePlanV1.Enrollment> enrollments = Arrays.stream(MonitoringProgram.values())
                .map(p -> new CarePlanV1.Enrollment(UUID.nameUUIDFromBytes((patient + p.name()).getBytes(java.nio.charset.StandardCharsets.UTF_8)), p,
                        today, null, null, null, null))
                .toList();
        return new CarePlanV1(UUID.randomUUID(), CarePlanV1.TYPE, CarePlanV1.VERSION, now, "bench", TENANT, patient, 70, false, false, false,
                enrollments, List.of());
    }

    /** A reading as ingestion publishes it; {@code value} NaN: the measure's normal value (a BP panel: 122/78). */
    static ReadingAcceptedV1 reading(UUID patient, Measure m, double value, Instant measuredAt, Instant receivedAt, String deviceReadingId) {
        UUID device = UUID.nameUUIDFromBytes((patient + m.kind().name()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        UUID id = UUID.nameUUIDFromBytes((device + "|" + deviceReadingId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean panel = m.code().equals("85354-9");
        List<ReadingAcceptedV1.Component> components = panel
                ? List.of(new ReadingAcceptedV1.Component("8480-6", 122, "mm[Hg]"), new ReadingAcceptedV1.Component("8462-4", 78, "mm[Hg]")) : null;
        Double v = panel ? null : Double.isNaN(value) ? m.normal() : value;
        boolean late = measuredAt.isBefore(receivedAt.minus(Duration.ofMinutes(15)));
        return new ReadingAcceptedV1(id, ReadingAcceptedV1.TYPE, ReadingAcceptedV1.VERSION, receivedAt, "bench", TENANT, id, deviceReadingId, device,
                m.kind(), patient, m.code(), v, null, panel ? null : m.unit(), components, measuredAt, receivedAt, true, List.of(), null, null, "bench",
                late, null);
    }

    static Properties producerSettings(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    /** Reads the alert changes from now on and times those of the awaited abnormal readings ({@code patient|measuredAt}). */
    static Thread watchChanges(String bootstrap, String topic, Set<String> awaited, Latencies latencies, AtomicLong matched, AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        Thread t = new Thread(() -> {
            try (consumer) {
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        Instant received = Instant.now();
                        try {
                            JsonNode c = JSON.readTree(r.value());
                            String measuredAt = c.path("measuredAt").asText("");
                            if (!measuredAt.isEmpty() && awaited.remove(c.path("patientId").asText() + "|" + Instant.parse(measuredAt))) {
                                matched.incrementAndGet();
                                latencies.record(Duration.between(Instant.parse(measuredAt), received).toNanos());
                            }
                        } catch (Exception e) {
                            // not an alert change of ours
                        }
                    }
                }
            }
        }, "alert-changes");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
