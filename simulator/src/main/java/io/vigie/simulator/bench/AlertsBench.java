package io.vigie.simulator.bench;

import io.vertx.core.Vertx;
import io.vigie.simulator.Main;
import io.vigie.simulator.api.AlertFeed;
import io.vigie.simulator.api.Api;
import io.vigie.simulator.api.Endpoints;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.device.Latencies;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Onboarding;
import io.vigie.simulator.ward.Ward;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench alerts [--patients 10] [--rate 20] [--duration 30] [--warmup 5]}: a steady rate of SpO2 readings at
 * 85 % from smart textiles of patients in the respiratory-failure program, each of which raises or repeats an alert;
 * latency from the reading's timestamp to its alert change on the SSE stream (the clinician's view), and how far the
 * MongoDB store lags behind Kafka meanwhile. The bench patients are onboarded once (INS index 800+, Hôpital Nord).
 */
final class AlertsBench {

    /** The evaluator's consumer group: its Kafka Streams application id (in the environment's topic namespace). */
    static final String EVALUATOR_GROUP = Endpoints.setting("vigie.kafka.topic-prefix", "") + "alerting-evaluator";

    private AlertsBench() {
    }

    static Bench.Result run(Map<String, String> o, Path dir) throws Exception {
        int size = Bench.intOption(o, "patients", 10);
        double rate = Double.parseDouble(o.getOrDefault("rate", "20"));
        Duration duration = Duration.ofSeconds(Bench.intOption(o, "duration", 30));
        Duration warmup = Duration.ofSeconds(Bench.intOption(o, "warmup", 5));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("patients", size);
        parameters.put("readingsPerSecond", rate);
        parameters.put("durationSeconds", duration.toSeconds());
        parameters.put("warmupSeconds", warmup.toSeconds());
        parameters.put("reading", "SpO2 (2708-6) 85 % from a clinical-grade smart textile, RESPIRATORY_FAILURE program");

        Api api = Fleet.api();
        Onboarding onboarding = new Onboarding(api, m -> {
        });
        Main.log("alerts: " + size + " bench patients (onboarded through the APIs once, kept in " + dir.resolve("alerts-ward.json") + ")");
        Map<Catalogue, UUID> models = onboarding.models();
        Onboarding.Bed bed = new Onboarding.Bed("RESPIRATORY_FAILURE", false, false, "bench", List.of(Catalogue.TEXTILE));
        Ward ward = Fleet.load(dir.resolve("alerts-ward.json"), size, onboarding, i -> onboarding.patient("hopital-nord", 800 + i, bed, "bench", models));
        for (Ward.Patient p : ward.patients()) {
            onboarding.awaitReady(p, Duration.ofSeconds(60));
        }
        Set<String> benchPatients = ConcurrentHashMap.newKeySet();
        ward.patients().forEach(p -> benchPatients.add(p.id().toString()));

        Set<String> awaited = ConcurrentHashMap.newKeySet(); // "patient|measuredAt" of the measured readings not seen on SSE yet
        Latencies latencies = new Latencies();
        AtomicLong matched = new AtomicLong();
        Endpoints e = api.endpoints();
        AlertFeed feed = new AlertFeed(e.alerting(), "clinician-nord", c -> {
            String measuredAt = c.event().path("measuredAt").asText("");
            if (!benchPatients.contains(c.patientId()) || measuredAt.isEmpty()) {
                return;
            }
            Instant at = Instant.parse(measuredAt);
            if (awaited.remove(c.patientId() + "|" + at)) {
                matched.incrementAndGet();
                latencies.record(Duration.between(at, c.receivedAt()).toNanos());
            }
        });
        Instant waitFeed = Instant.now();
        while (!feed.isConnected() && Duration.between(waitFeed, Instant.now()).toSeconds() < 30) {
            Main.sleep(100);
        }
        if (!feed.isConnected()) {
            feed.close();
            throw new IllegalStateException("the alert stream (SSE) of " + e.alerting() + " could not be opened within 30 s");
        }
        Vertx vertx = Vertx.vertx();
        List<Ward.Device> devices = ward.devices();
        List<DeviceLink> links = new ArrayList<>();
        for (Ward.Device d : devices) {
            links.add(new DeviceLink(vertx, e.mqttHost(), e.mqttPort(), d.id().toString(), d.id().toString(), d.secret(), 32, new DeviceLink.Listener() {
            }).start());
        }
        String run = Long.toString(System.nanoTime(), 36);
        Map<UUID, Instant> last = new HashMap<>(); // per device, on this thread only
        long periodNanos = (long) (1e9 / rate);
        long sent = 0;
        long counted = 0;
        Map<String, Object> results = new LinkedHashMap<>();
        try (KafkaSide kafka = new KafkaSide()) {
            // a backlog left by an earlier load (bench ingest) would be measured as alert latency
            kafka.awaitCaughtUp(EVALUATOR_GROUP, 100, Duration.ofMinutes(10));
            kafka.awaitCaughtUp(KafkaSide.STORE_GROUP, 1000, Duration.ofMinutes(10));
            KafkaSide.LagSampler evaluatorLag = kafka.sample(EVALUATOR_GROUP, Duration.ofMillis(500));
            KafkaSide.LagSampler storeLag = kafka.sample(KafkaSide.STORE_GROUP, Duration.ofMillis(500));
            Main.log(String.format("alerts: %.0f alerting readings/s over MQTT for %d s (+%d s warm-up), SSE as clinician-nord", rate,
                    duration.toSeconds(), warmup.toSeconds()));
            long t0 = System.nanoTime();
            long measureFrom = t0 + warmup.toNanos();
            long stopAt = measureFrom + duration.toNanos();
            long nextReport = measureFrom + 5_000_000_000L;
            for (long i = 0; ; i++) {
                long due = t0 + i * periodNanos;
                long now = System.nanoTime();
                if (due >= stopAt) {
                    break;
                }
                if (due > now) {
                    TimeUnit.NANOSECONDS.sleep(due - now);
                }
                int k = (int) (i % devices.size());
                Ward.Device d = devices.get(k);
                Ward.Patient p = ward.patients().get(k);
                Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                Instant previous = last.get(d.id());
                if (previous != null && !ts.isAfter(previous)) {
                    ts = previous.plusMillis(1);
                }
                last.put(d.id(), ts);
                boolean measured = due >= measureFrom;
                if (measured) {
                    awaited.add(p.id() + "|" + ts);
                    counted++;
                }
                sent++;
                links.get(k).send(Payloads.readingsTopic(d.id()), Payloads.readings(i, List.of(Reading.value(run + "-" + i, "2708-6", 85, "%", ts))), 1, null);
                if (due > nextReport) {
                    Main.log(String.format("alerts: %d s, %d readings sent, %d alert changes seen on SSE", (due - measureFrom) / 1_000_000_000L, counted,
                            matched.get()));
                    nextReport += 5_000_000_000L;
                }
            }
            Main.log("alerts: waiting up to 30 s for the last alert changes");
            Instant wait = Instant.now();
            while (matched.get() < counted && Duration.between(wait, Instant.now()).toSeconds() < 30) {
                Main.sleep(100);
            }
            results.put("readingsSent", sent);
            results.put("readingsMeasured", counted);
            results.put("alertChangesSeenOnSse", matched.get());
            results.put("missingOnSse", counted - matched.get());
            results.put("readingToSseMsP50", Bench.round(latencies.percentileMillis(50)));
            results.put("readingToSseMsP99", Bench.round(latencies.percentileMillis(99)));
            results.put("readingToSseMsMax", Bench.round(latencies.percentileMillis(100)));
            results.put("evaluator", evaluatorLag.stop(Duration.ofSeconds(60)));
            results.put("store", storeLag.stop(Duration.ofSeconds(60)));
        } finally {
            links.forEach(DeviceLink::close);
            feed.close();
            Main.sleep(300);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> store = (Map<String, Object>) results.get("store");
        @SuppressWarnings("unchecked")
        Map<String, Object> evaluator = (Map<String, Object>) results.get("evaluator");
        String summary = String.format("bench alerts: %.0f alerting readings/s, reading → SSE p50 %.0f ms p99 %.0f ms (%d/%d seen), evaluator lag max %s "
                + "records, store lag max %s records, caught up %s ms after the load", rate, (double) results.get("readingToSseMsP50"),
                (double) results.get("readingToSseMsP99"), matched.get(), counted, evaluator.get("lagRecordsMax"), store.get("lagRecordsMax"),
                store.get("catchUpAfterLoadMs"));
        return new Bench.Result("alerts", parameters, results, summary);
    }
}
