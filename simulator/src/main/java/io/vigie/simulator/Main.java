package io.vigie.simulator;

import io.vertx.core.Vertx;
import io.vigie.simulator.api.AlertFeed;
import io.vigie.simulator.api.Api;
import io.vigie.simulator.api.Endpoints;
import io.vigie.simulator.bench.Bench;
import io.vigie.simulator.ward.Onboarding;
import io.vigie.simulator.ward.Stats;
import io.vigie.simulator.ward.Summary;
import io.vigie.simulator.ward.Ward;
import io.vigie.simulator.ward.WardRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar simulator.jar [ward|onboard|bench …] [--option value]…}
 * <ul>
 * <li>{@code ward} (default): onboards the simulated ward if needed, then streams it until stopped;</li>
 * <li>{@code onboard}: onboards and exits;</li>
 * <li>{@code bench ingest|kafka|alerts}: the benchmarks ({@link Bench}).</li>
 * </ul>
 * Options: {@code --state-dir} (default .platform/sim), {@code --patients-per-hospital} (12), {@code --rate} (readings/s, 20),
 * {@code --cycle-minutes} (15), {@code --duration-seconds} (run forever). Service URLs: see {@link Endpoints}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        String command = args.length > 0 && !args[0].startsWith("--") ? args[0] : "ward";
        String[] rest = args.length > 0 && !args[0].startsWith("--") ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (command.equals("bench")) {
            System.exit(Bench.run(rest));
        }
        Map<String, String> o = options(rest);
        Path state = Path.of(o.getOrDefault("state-dir", ".platform/sim"));
        Endpoints endpoints = Endpoints.fromEnvironment();
        Api api = new Api(endpoints);
        Ward ward = ward(api, state.resolve("ward.json"), Integer.parseInt(o.getOrDefault("patients-per-hospital", "12")));
        if (command.equals("onboard")) {
            return;
        }
        if (!command.equals("ward")) {
            System.err.println("unknown command " + command + ": ward, onboard or bench");
            System.exit(2);
        }
        Vertx vertx = Vertx.vertx();
        Stats stats = new Stats();
        WardRun run = new WardRun(ward, endpoints, vertx, stats, Double.parseDouble(o.getOrDefault("rate", "20")),
                Duration.ofMinutes(Long.parseLong(o.getOrDefault("cycle-minutes", "15"))));
        Summary summary = new Summary(ward, stats, api, state.resolve("summary.txt"));
        AlertFeed feed = new AlertFeed(endpoints.alerting(), "clinician-both", summary::onAlert);
        run.start();
        log("streaming " + ward.devices().size() + " devices (continuous every " + run.continuousInterval().toMillis() + " ms); summary in "
                + state.resolve("summary.txt"));
        vertx.setPeriodic(1000, t -> summary.write());
        vertx.setPeriodic(5000, t -> vertx.executeBlocking(() -> {
            summary.refreshOpenAlerts();
            return null;
        }, false));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // SIGTERM (./platform down): close the connections cleanly
            stop.countDown();
            try {
                stopped.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        if (o.containsKey("duration-seconds")) {
            vertx.setTimer(Long.parseLong(o.get("duration-seconds")) * 1000, t -> stop.countDown());
        }
        stop.await();
        summary.write();
        System.out.print(summary.render());
        run.stop();
        feed.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        stopped.countDown();
    }

    /** The ward of an earlier run if its devices still exist, otherwise a new onboarding (idempotent). */
    static Ward ward(Api api, Path file, int perHospital) throws Exception {
        if (Files.exists(file)) {
            Ward known = Ward.load(file);
            if (known.patients().size() == perHospital * 2 && new Onboarding(api, m -> {
            }).stillActive(known)) {
                log("reusing the ward onboarded at " + known.createdAt() + " (" + file + ")");
                return known;
            }
            log("the ward in " + file + " is gone (databases wiped?): onboarding it again");
        }
        Instant start = Instant.now();
        log("onboarding the simulated ward through the APIs (models, certificates, " + perHospital * 2 + " patients, devices)...");
        Ward ward = new Onboarding(api, m -> log(m + " (" + Duration.between(start, Instant.now()).toSeconds() + " s)")).onboard(perHospital);
        ward.save(file);
        log("ward onboarded in " + Duration.between(start, Instant.now()).toSeconds() + " s: " + ward.patients().size() + " patients, "
                + ward.devices().size() + " devices");
        return ward;
    }

    public static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            o.put(key, flag ? "true" : args[++i]);
        }
        return o;
    }

    /** Sleeps; an interruption is kept (flag set) and ends the caller with an IllegalStateException. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static void log(String message) {
        System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
