package io.vigie.simulator.bench;

import io.vertx.core.Vertx;
import io.vigie.simulator.Main;
import io.vigie.simulator.api.Endpoints;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.ward.Ward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench ingest [--devices 200] [--duration 30] [--warmup 15] [--window 10] [--flood 10000] [--reconnect-rounds 5]
 * [--vs-mosquitto]}: QoS 1 readings acknowledged per second by ingestion (a PUBACK means Kafka acknowledged with
 * acks=all), PUBACK latency and how far the MongoDB store lags behind, in four runs: with the store; the front door
 * alone (store writer and alerting paused); still alone, half of that rate (paced); the same with a flood of wrong secrets for one
 * device id. Then reconnect storms with valid secrets. With {@code --vs-mosquitto}, the same generator and workload
 * against Mosquitto first (127.0.0.1:1883, {@code --mosquitto host:port}), which acknowledges on receipt: the cost
 * of "acked means durable".
 */
final class IngestBench {

    private IngestBench() {
    }

    static void signal(String sig, String pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, pid).inheritIO().start();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill -" + sig + " " + pid + " failed");
        }
    }

    /** Half of {@code max} (paced), then the same under a flood of wrong secrets for {@code victim}; returns the summary's part. */
    private static String halfRateAndFlood(Vertx vertx, Endpoints e, Generator.Target target, List<Generator.Identity> devices, int window,
            Duration warmup, Duration duration, String victim, int floodAttempts, double half, Map<String, Object> results, String condition) {
        Map<String, Object> halfRate = Generator.run(vertx, target, devices, window, warmup, duration, half, null);
        halfRate.put("condition", condition);
        results.put("vigieHalfRate", halfRate);
        AuthLoad.Flood[] flood = new AuthLoad.Flood[1];
        Map<String, Object> underFlood = Generator.run(vertx, target, devices, window, warmup, duration, half,
                () -> flood[0] = AuthLoad.flood(vertx, e.mqttHost(), e.mqttPort(), victim, floodAttempts, 200));
        underFlood.put("flood", flood[0].stop());
        underFlood.put("condition", condition);
        results.put("vigieHalfRateUnderWrongSecretFlood", underFlood);
        double p99 = (double) halfRate.get("pubackLatencyMsP99");
        double p99Flood = (double) underFlood.get("pubackLatencyMsP99");
        results.put("floodP99Factor", Bench.round(p99Flood / p99));
        return String.format("; half rate %s (%,.0f/s) PUBACK p50 %.1f ms p99 %.1f ms, under a %,d-attempt wrong-secret flood p99 %.1f ms (x%.2f,"
                + " %,d readings/s, %,d sends deferred while windows were full, flood %s s)", condition, half, (double) halfRate.get("pubackLatencyMsP50"),
                p99, floodAttempts, p99Flood, p99Flood / p99, (long) underFlood.get("readingsPerSecond"), (long) underFlood.get("deferredWhileWindowFull"),
                ((Map<?, ?>) underFlood.get("flood")).get("seconds"));
    }

    static Bench.Result run(Map<String, String> o, Path dir) throws Exception {
        int n = Bench.intOption(o, "devices", 200);
        int window = Bench.intOption(o, "window", 10);
        Duration duration = Duration.ofSeconds(Bench.intOption(o, "duration", 30));
        Duration warmup = Duration.ofSeconds(Bench.intOption(o, "warmup", 15));
        boolean vsMosquitto = o.containsKey("vs-mosquitto");
        int floodAttempts = Bench.intOption(o, "flood", 10_000);
        int reconnectRounds = Bench.intOption(o, "reconnect-rounds", 5);
        String mosquitto = o.getOrDefault("mosquitto", "127.0.0.1:1883");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("devices", n);
        parameters.put("windowPerDevice", window);
        parameters.put("durationSeconds", duration.toSeconds());
        parameters.put("warmupSeconds", warmup.toSeconds());
        parameters.put("readingsPerMessage", 1);
        parameters.put("qos", 1);
        parameters.put("floodAttempts", floodAttempts);
        parameters.put("reconnects", reconnectRounds * n);

        Main.log("ingest: " + n + " scales (registered and activated through the registry API, kept in " + dir.resolve("fleet.json") + ")");
        List<Ward.Device> fleet = Fleet.scales(dir, n);
        Endpoints e = Endpoints.fromEnvironment();
        List<Generator.Identity> vigie = new ArrayList<>();
        List<Generator.Identity> plain = new ArrayList<>();
        for (Ward.Device d : fleet) {
            vigie.add(new Generator.Identity(d.id().toString(), d.id().toString(), d.secret(), Payloads.readingsTopic(d.id())));
            plain.add(new Generator.Identity("bench-" + d.id(), null, null, Payloads.readingsTopic(d.id())));
        }
        Map<String, Object> results = new LinkedHashMap<>();
        Vertx vertx = Vertx.vertx();
        try (KafkaSide kafka = new KafkaSide()) {
            Generator.Target vigieTarget = new Generator.Target("vigie", e.mqttHost(), e.mqttPort(), true);
            String summary;
            if (vsMosquitto) { // first, so Vigie's store catching up afterwards takes no CPU from it
                String[] hp = mosquitto.split(":");
                results.put("mosquitto", Generator.run(vertx, new Generator.Target("mosquitto", hp[0], Integer.parseInt(hp[1]), false), plain, window,
                        warmup, duration));
            }
            // 1. the whole path: front door and MongoDB store writer on the same machine
            KafkaSide.LagSampler storeLag = kafka.sample(KafkaSide.STORE_GROUP, Duration.ofMillis(500));
            Map<String, Object> ours = Generator.run(vertx, vigieTarget, vigie, window, warmup, duration);
            Main.log("vigie: waiting for the MongoDB store to catch up");
            Map<String, Object> store = storeLag.stop(Duration.ofSeconds(60));
            results.put("vigie", ours);
            results.put("store", store);
            List<byte[]> sample = kafka.recentValues(KafkaSide.READINGS, 500);
            results.put("kafkaRecordBytesAvg", sample.isEmpty() ? -1 : Math.round(sample.stream().mapToInt(b -> b.length).average().orElse(0)));
            summary = String.format("bench ingest: %d devices, with the store: %,d readings/s acknowledged (QoS 1, acks=all), PUBACK p50 %.1f ms p99 %.1f ms, "
                    + "%d connections lost; MongoDB store %s readings/s (lag max %s)", n, (long) ours.get("readingsPerSecond"),
                    (double) ours.get("pubackLatencyMsP50"), (double) ours.get("pubackLatencyMsP99"), (int) ours.get("connectionsLostWhileMeasured"),
                    store.get("processedPerSecond"), store.get("lagRecordsMax"));

            // 2. the front door alone: the store writer paused (the MongoDB stand-in frozen, the writer waits on its batch) and
            // alerting paused (frozen: it judges every accepted reading, on the same 2 vCPU); 3. then, still alone, half of that
            // rate (paced), and the same under a flood of wrong secrets for one device id
            Path pids = Path.of(System.getProperty("vigie.platform", "."), ".platform", "pids");
            Path mongoPid = pids.resolve("mongo.pid");
            Map<String, Object> alone = null;
            if (Files.exists(mongoPid)) {
                List<String> frozen = new ArrayList<>(List.of(Files.readString(mongoPid).trim()));
                Path alertingPid = pids.resolve("alerting-service.pid");
                if (Files.exists(alertingPid)) {
                    frozen.add(Files.readString(alertingPid).trim());
                }
                for (String pid : frozen) {
                    signal("STOP", pid);
                }
                try {
                    alone = Generator.run(vertx, vigieTarget, vigie, window, warmup, duration);
                    alone.put("paused", "MongoDB stand-in (store writer waits on its batch)" + (frozen.size() > 1 ? " and alerting-service" : "")
                            + ", frozen with SIGSTOP during the run");
                    results.put("vigieFrontDoorAlone", alone);
                    summary += String.format("; front door alone %,d readings/s, p99 %.1f ms, %d connections lost", (long) alone.get("readingsPerSecond"),
                            (double) alone.get("pubackLatencyMsP99"), (int) alone.get("connectionsLostWhileMeasured"));
                    summary += halfRateAndFlood(vertx, e, vigieTarget, vigie, window, warmup, duration, fleet.get(0).id().toString(), floodAttempts,
                            ((Number) alone.get("readingsPerSecond")).doubleValue() / 2, results, "front door alone");
                } finally {
                    for (String pid : frozen) {
                        signal("CONT", pid);
                    }
                }
                results.put("storeAfterFrontDoorAlone", kafka.sample(KafkaSide.STORE_GROUP, Duration.ofMillis(500)).stop(Duration.ZERO));
            } else {
                results.put("vigieFrontDoorAlone", "not measured: no MongoDB stand-in started by ./platform to pause (MONGODB_URI set?)");
                summary += halfRateAndFlood(vertx, e, vigieTarget, vigie, window, warmup, duration, fleet.get(0).id().toString(), floodAttempts,
                        ((Number) ours.get("readingsPerSecond")).doubleValue() / 2, results, "with the store");
            }

            // 4. reconnect storms with valid secrets (verified before in this ingestion process)
            Map<String, Object> reconnects = AuthLoad.reconnects(vertx, e.mqttHost(), e.mqttPort(), vigie, reconnectRounds);
            results.put("reconnects", reconnects);
            summary += String.format("; %,d reconnects with valid secrets in %,d ms (%s refused); %d devices connected in %,d ms at the first run",
                    (int) reconnects.get("connects"), (long) reconnects.get("connectMsTotal"), reconnects.get("refused"), n, (long) ours.get("connectMs"));

            if (vsMosquitto) {
                @SuppressWarnings("unchecked")
                Map<String, Object> theirs = (Map<String, Object>) results.get("mosquitto");
                double mosq = ((Number) theirs.get("readingsPerSecond")).doubleValue();
                double ratio = ((Number) ours.get("readingsPerSecond")).doubleValue() / mosq;
                results.put("vigieToMosquittoThroughputRatio", Bench.round(ratio));
                summary += String.format("; Mosquitto %,d readings/s, p99 %.1f ms; ratio with the store %.2f", (long) theirs.get("readingsPerSecond"),
                        (double) theirs.get("pubackLatencyMsP99"), ratio);
                if (alone != null) {
                    double aloneRatio = ((Number) alone.get("readingsPerSecond")).doubleValue() / mosq;
                    results.put("frontDoorAloneToMosquittoThroughputRatio", Bench.round(aloneRatio));
                    summary += String.format(", front door alone %.2f", aloneRatio);
                }
            }
            return new Bench.Result("ingest", parameters, results, summary);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
