package io.vigie.simulator.bench;

import io.vertx.core.Vertx;
import io.vigie.simulator.Main;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.device.Latencies;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest load: each device keeps {@code window} QoS 1 publishes in flight and sends the next reading as soon as one
 * is acknowledged (closed loop, like firmware with a bounded queue). Only PUBACKs received during the measured
 * interval count; latency is from the publish being queued to its PUBACK.
 */
final class Generator {

    /** Where to publish: Vigie's front door (devices authenticate) or a plain broker (anonymous). */
    record Target(String name, String host, int port, boolean authenticated) {
    }

    /** A device of the load: its MQTT identity and the topic it publishes to. */
    record Identity(String clientId, String username, String password, String topic) {
    }

    private Generator() {
    }

    static Map<String, Object> run(Vertx vertx, Target target, List<Identity> devices, int window, Duration warmup, Duration measure) {
        return run(vertx, target, devices, window, warmup, measure, 0, null);
    }

    /**
     * With {@code rate} > 0 the load is paced (open loop): {@code rate} readings/s in all, spread over the devices round
     * robin, a device skipped while its window is full (counted as deferred). {@code duringMeasure} runs when the
     * measured interval starts (a concurrent disturbance, such as a flood of wrong secrets).
     */
    static Map<String, Object> run(Vertx vertx, Target target, List<Identity> devices, int window, Duration warmup, Duration measure, double rate,
            Runnable duringMeasure) {
        boolean paced = rate > 0;
        AtomicLong deferred = new AtomicLong();
        List<Runnable> senders = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong acked = new AtomicLong();
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger disconnects = new AtomicInteger();
        Latencies latencies = new Latencies();
        Map<String, Integer> errors = new java.util.concurrent.ConcurrentHashMap<>();
        String run = Long.toString(System.nanoTime(), 36);
        List<DeviceLink> links = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            Identity d = devices.get(i);
            AtomicLong seq = new AtomicLong();
            DeviceLink[] self = new DeviceLink[1];
            Runnable next = () -> {
                long n = seq.incrementAndGet();
                String payload = Payloads.readings(n, List.of(Reading.value(run + "-" + d.clientId() + "-" + n, "29463-7", 70 + n % 50 / 10.0, "kg",
                        Instant.now())));
                self[0].send(d.topic(), payload, 1, null);
            };
            self[0] = new DeviceLink(vertx, target.host(), target.port(), d.clientId(), d.username(), d.password(), window, new DeviceLink.Listener() {
                @Override
                public void acked(DeviceLink.Message m, long latencyNanos) {
                    if (measuring.get()) {
                        acked.incrementAndGet();
                        latencies.record(latencyNanos);
                    }
                    if (running.get() && !paced) {
                        next.run();
                    }
                }

                @Override
                public void connected() {
                    connected.incrementAndGet();
                }

                @Override
                public void disconnected() {
                    if (measuring.get()) {
                        disconnects.incrementAndGet();
                    }
                }

                @Override
                public void refused(String code) {
                    refused.incrementAndGet();
                }

                @Override
                public void error(Throwable e) {
                    if (measuring.get()) {
                        errors.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                    }
                }
            });
            self[0].reconnect(true);
            links.add(self[0].start());
            senders.add(next);
            if (!paced) {
                for (int k = 0; k < window; k++) {
                    next.run();
                }
            }
        }
        Instant start = Instant.now();
        while (connected.get() < devices.size() && Duration.between(start, Instant.now()).toSeconds() < 60) {
            Main.sleep(100);
        }
        if (connected.get() < devices.size()) {
            links.forEach(DeviceLink::close);
            throw new IllegalStateException(target.name() + ": only " + connected.get() + " of " + devices.size() + " devices connected to "
                    + target.host() + ":" + target.port() + " within 60 s (" + refused.get() + " refusals)");
        }
        long connectMs = Duration.between(start, Instant.now()).toMillis();
        Main.log(target.name() + ": " + devices.size() + " devices connected in " + connectMs + " ms; warming up " + warmup.toSeconds() + " s"
                + (paced ? String.format(" at %,.0f readings/s (paced)", rate) : ""));
        long pacer = paced ? pace(vertx, rate, senders, links, window, running, deferred) : -1;
        Main.sleep(warmup.toMillis());
        latencies.clear();
        deferred.set(0);
        measuring.set(true);
        if (duringMeasure != null) {
            duringMeasure.run();
        }
        long t0 = System.nanoTime();
        long seconds = measure.toSeconds();
        for (long s = 1; s <= seconds; s++) {
            Main.sleep(1000);
            if (s % 5 == 0 || s == seconds) {
                Main.log(String.format("%s: %d s / %d s, %,.0f readings/s acknowledged so far", target.name(), s, seconds,
                        acked.get() / ((System.nanoTime() - t0) / 1e9)));
            }
        }
        measuring.set(false);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        running.set(false);
        if (pacer >= 0) {
            vertx.cancelTimer(pacer);
        }
        Instant drain = Instant.now();
        while (links.stream().mapToInt(DeviceLink::unacknowledged).sum() > 0 && Duration.between(drain, Instant.now()).toSeconds() < 15) {
            Main.sleep(100);
        }
        int unacked = links.stream().mapToInt(DeviceLink::unacknowledged).sum();
        links.forEach(DeviceLink::close);
        Main.sleep(500);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", target.name() + " " + target.host() + ":" + target.port());
        r.put("devices", devices.size());
        r.put("windowPerDevice", window);
        r.put("connectMs", connectMs);
        if (paced) {
            r.put("offeredReadingsPerSecond", Math.round(rate));
            r.put("deferredWhileWindowFull", deferred.get());
        }
        r.put("measuredSeconds", Bench.round(elapsed));
        r.put("acknowledged", acked.get());
        r.put("readingsPerSecond", Math.round(acked.get() / elapsed));
        r.put("pubackLatencyMsP50", Bench.round(latencies.percentileMillis(50)));
        r.put("pubackLatencyMsP99", Bench.round(latencies.percentileMillis(99)));
        r.put("pubackLatencyMsP999", Bench.round(latencies.percentileMillis(99.9)));
        r.put("connectionsLostWhileMeasured", disconnects.get());
        r.put("unacknowledgedAtEnd", unacked);
        r.put("connectionErrorsWhileMeasured", new java.util.TreeMap<>(errors));
        return r;
    }

    /** Every 10 ms, sends what {@code rate} allows since the last tick, round robin over the devices whose window has room. */
    private static long pace(Vertx vertx, double rate, List<Runnable> senders, List<DeviceLink> links, int window, AtomicBoolean running,
            AtomicLong deferred) {
        double[] budget = {0};
        long[] last = {System.nanoTime()};
        int[] cursor = {0};
        return vertx.setPeriodic(10, id -> {
            if (!running.get()) {
                return;
            }
            long now = System.nanoTime();
            budget[0] += rate * (now - last[0]) / 1e9;
            last[0] = now;
            int tries = 0;
            while (budget[0] >= 1 && tries < senders.size()) {
                int i = cursor[0]++ % senders.size();
                if (links.get(i).unacknowledged() < window) {
                    senders.get(i).run();
                    budget[0] -= 1;
                    tries = 0;
                } else {
                    tries++;
                }
            }
            if (budget[0] >= 1) { // every window full: what could not be sent is not owed later
                deferred.addAndGet((long) budget[0]);
                budget[0] = 0;
            }
        });
    }
}
