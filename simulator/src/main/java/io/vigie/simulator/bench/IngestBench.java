package io.vigie.simulator.bench;

import io.vertx.core.Vertx;
import io.vigie.simulator.Main;
import io.vigie.simulator.api.Endpoints;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.ward.Ward;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench ingest [--devices 200] [--duration 30] [--warmup 15] [--window 10] [--vs-mosquitto]}: QoS 1 readings
 * acknowledged per second by ingestion (a PUBACK means Kafka acknowledged with acks=all), PUBACK latency, and how far
 * the MongoDB store lags behind. With {@code --vs-mosquitto}, the same generator and workload against Mosquitto
 * (127.0.0.1:1883, {@code --mosquitto host:port}), which acknowledges on receipt: the cost of "acked means durable".
 */
final class IngestBench {

    private IngestBench() {
    }

    static Bench.Result run(Map<String, String> o, Path dir) throws Exception {
        int n = Bench.intOption(o, "devices", 200);
        int window = Bench.intOption(o, "window", 10);
        Duration duration = Duration.ofSeconds(Bench.intOption(o, "duration", 30));
        Duration warmup = Duration.ofSeconds(Bench.intOption(o, "warmup", 15));
        boolean vsMosquitto = o.containsKey("vs-mosquitto");
        String mosquitto = o.getOrDefault("mosquitto", "127.0.0.1:1883");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("devices", n);
        parameters.put("windowPerDevice", window);
        parameters.put("durationSeconds", duration.toSeconds());
        parameters.put("warmupSeconds", warmup.toSeconds());
        parameters.put("readingsPerMessage", 1);
        parameters.put("qos", 1);

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
            KafkaSide.LagSampler storeLag = kafka.sample(KafkaSide.STORE_GROUP, Duration.ofMillis(500));
            Map<String, Object> ours = Generator.run(vertx, new Generator.Target("vigie", e.mqttHost(), e.mqttPort(), true), vigie, window, warmup, duration);
            Main.log("vigie: waiting for the MongoDB store to catch up");
            Map<String, Object> store = storeLag.stop(Duration.ofSeconds(120));
            results.put("vigie", ours);
            results.put("store", store);
            List<byte[]> sample = kafka.recentValues(KafkaSide.READINGS, 500);
            results.put("kafkaRecordBytesAvg", sample.isEmpty() ? -1 : Math.round(sample.stream().mapToInt(b -> b.length).average().orElse(0)));
            String summary = String.format("bench ingest: %d devices, %,d readings/s acknowledged (QoS 1, acks=all), PUBACK p50 %.1f ms p99 %.1f ms, "
                    + "MongoDB store %s readings/s (lag max %s)", n, (long) ours.get("readingsPerSecond"), (double) ours.get("pubackLatencyMsP50"),
                    (double) ours.get("pubackLatencyMsP99"), store.get("processedPerSecond"), store.get("lagRecordsMax"));
            if (vsMosquitto) {
                String[] hp = mosquitto.split(":");
                Map<String, Object> theirs = Generator.run(vertx, new Generator.Target("mosquitto", hp[0], Integer.parseInt(hp[1]), false), plain, window,
                        warmup, duration);
                results.put("mosquitto", theirs);
                double ratio = ((Number) ours.get("readingsPerSecond")).doubleValue() / ((Number) theirs.get("readingsPerSecond")).doubleValue();
                results.put("vigieToMosquittoThroughputRatio", Bench.round(ratio));
                summary += String.format("; Mosquitto %,d readings/s, p99 %.1f ms; ratio Vigie/Mosquitto %.2f", (long) theirs.get("readingsPerSecond"),
                        (double) theirs.get("pubackLatencyMsP99"), ratio);
            }
            return new Bench.Result("ingest", parameters, results, summary);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
