package io.vigie.simulator.ward;

import io.vertx.core.Vertx;
import io.vigie.simulator.api.Endpoints;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.device.HttpDevice;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Streams the ward: continuous devices (textiles, beds, implant gateway, watch) every few seconds with a heartbeat
 * each minute, spot-check devices (scales, blood-pressure monitors, glucometers) less often — MQTT QoS 1, glucometers
 * over HTTP through their home gateway. Each cycle replays the scripted deteriorations of Hôpital Nord:
 * <ul>
 * <li>weight-gain: +0.5 kg per spot check from 30 s, +2.5 kg in all — heart-failure weight gain, days compressed to minutes;</li>
 * <li>desaturation: SpO2 87–88 % from 60 s to 150 s on the smart textile;</li>
 * <li>hypoglycaemia: one capillary glucose at 62 mg/dL at 90 s;</li>
 * <li>bed-exit: the fall-risk patient's bed reports an exit at 120 s;</li>
 * <li>implant-event: the defibrillator reports an arrhythmia at 150 s;</li>
 * <li>silent-device: a smart textile stops sending anything (heartbeats included) from 20 s to the end of the cycle.</li>
 * </ul>
 */
public final class WardRun {

    private final Ward ward;
    private final Endpoints endpoints;
    private final Vertx vertx;
    private final Stats stats;
    private final Duration continuousInterval;
    private final Duration spotInterval;
    private final Duration cycle;
    private final String run = Long.toString(Instant.now().getEpochSecond(), 36);
    private final Map<Object, Long> sequences = new ConcurrentHashMap<>();
    private final List<DeviceLink> links = new ArrayList<>();
    private volatile Instant cycleStart = Instant.now();

    public WardRun(Ward ward, Endpoints endpoints, Vertx vertx, Stats stats, double readingsPerSecond, Duration cycle) {
        this.ward = ward;
        this.endpoints = endpoints;
        this.vertx = vertx;
        this.stats = stats;
        this.cycle = cycle;
        // continuous devices send all their codes every interval, spot-check devices every 6 intervals
        double perInterval = 0;
        for (Ward.Device d : ward.devices()) {
            perInterval += d.continuous() ? d.codes().size() : d.codes().size() / 6.0;
        }
        long millis = Math.max(200, Math.round(perInterval / readingsPerSecond * 1000));
        this.continuousInterval = Duration.ofMillis(millis);
        this.spotInterval = Duration.ofMillis(millis * 6);
    }

    public Duration continuousInterval() {
        return continuousInterval;
    }

    public void start() {
        vertx.setPeriodic(cycle.toMillis(), t -> cycleStart = Instant.now());
        for (Ward.Patient p : ward.patients()) {
            Vitals vitals = new Vitals(p.id().getMostSignificantBits());
            Map<String, Boolean> once = new ConcurrentHashMap<>();
            for (Ward.Device d : p.devices()) {
                Sender sender = sender(d);
                long period = (d.continuous() ? continuousInterval : spotInterval).toMillis();
                vertx.setTimer(1 + ThreadLocalRandom.current().nextLong(period), first -> {
                    tick(p, d, vitals, once, sender);
                    vertx.setPeriodic(period, t -> tick(p, d, vitals, once, sender));
                });
                if (d.continuous()) {
                    vertx.setPeriodic(60_000, t -> {
                        if (!silent(p, d)) {
                            sender.event("heartbeat", null);
                        }
                    });
                }
            }
        }
    }

    public void stop() {
        links.forEach(DeviceLink::close);
    }

    /** Seconds since the start of the current cycle. */
    long at() {
        return Duration.between(cycleStart, Instant.now()).toSeconds();
    }

    boolean silent(Ward.Patient p, Ward.Device d) {
        return p.role().equals("silent-device") && d.kind().equals("SMART_TEXTILE") && at() >= 20;
    }

    private void tick(Ward.Patient p, Ward.Device d, Vitals v, Map<String, Boolean> once, Sender sender) {
        if (silent(p, d)) {
            return;
        }
        long t = at();
        if (t < 20) {
            once.clear(); // a new cycle: the one-off events may happen again
        }
        Instant now = Instant.now();
        long seq = sequences.merge(d.id(), 1L, Long::sum);
        List<Reading> readings = new ArrayList<>();
        for (String code : d.codes()) {
            String id = run + "-" + seq + "-" + code;
            switch (code) {
                case "8867-4" -> readings.add(Reading.value(id, code, v.heartRate(), "/min", now));
                case "9279-1" -> readings.add(Reading.value(id, code, v.respirationRate(), "/min", now));
                case "2708-6" -> readings.add(Reading.value(id, code, p.role().equals("desaturation") && t >= 60 && t < 150
                        ? 87 + ThreadLocalRandom.current().nextInt(2) : v.spo2(), "%", now));
                case "8310-5" -> readings.add(Reading.value(id, code, v.temperature(), "Cel", now));
                case "85354-9" -> readings.add(Reading.bloodPressure(id, v.systolic(), v.diastolic(), now));
                case "29463-7" -> readings.add(Reading.value(id, code, p.role().equals("weight-gain") && t >= 30
                        ? Math.round((v.weight + Math.min(2.5, 0.5 * (1 + (t - 30) / 30))) * 10) / 10.0 : v.weight(), "kg", now));
                case "41653-7" -> readings.add(Reading.value(id, code, p.role().equals("hypoglycaemia") && t >= 90 && once.putIfAbsent("hypo", true) == null
                        ? 62 : v.glucose(), "mg/dL", now));
                case "55423-8" -> readings.add(Reading.value(id, code, v.steps(), "{steps}", now));
                default -> {
                }
            }
        }
        sender.readings(seq, readings);
        if (p.role().equals("bed-exit") && d.kind().equals("HOSPITAL_BED") && t >= 120 && once.putIfAbsent("bed-exit", true) == null) {
            sender.event("bed-exit", null);
        }
        if (p.role().equals("implant-event") && d.kind().equals("DEFIBRILLATOR") && t >= 150 && once.putIfAbsent("implant", true) == null) {
            sender.event("arrhythmia", "{\"rhythm\":\"VT\",\"durationSeconds\":18}");
        }
    }

    /** How a device reaches ingestion. */
    interface Sender {
        void readings(long seq, List<Reading> readings);

        void event(String event, String detailJson);
    }

    private Sender sender(Ward.Device d) {
        if (d.transport().equals("HTTP")) {
            HttpDevice http = new HttpDevice(endpoints.ingestion(), d.id().toString(), d.secret());
            return new Sender() {
                public void readings(long seq, List<Reading> readings) {
                    stats.readingsSent.add(readings.size());
                    vertx.executeBlocking(() -> http.post(Payloads.readings(seq, readings), false), false).onSuccess(status -> {
                        if (status == 202) {
                            stats.httpAccepted.increment();
                            stats.readingsAcked.add(readings.size());
                        } else {
                            stats.httpFailed.increment();
                        }
                    });
                }

                public void event(String event, String detailJson) {
                    vertx.executeBlocking(() -> http.post(Payloads.event(run + "-" + event + "-" + System.nanoTime(), event, Instant.now(), detailJson), true),
                            false);
                }
            };
        }
        DeviceLink link = new DeviceLink(vertx, endpoints.mqttHost(), endpoints.mqttPort(), d.id().toString(), d.id().toString(), d.secret(), 16,
                new DeviceLink.Listener() {
                    public void acked(DeviceLink.Message m, long latencyNanos) {
                        if (m.readings() > 0) {
                            stats.readingsAcked.add(m.readings());
                        } else {
                            stats.eventsAcked.increment();
                        }
                    }

                    public void refused(String code) {
                        stats.connectRefused.increment();
                    }

                    public void disconnected() {
                        stats.reconnects.increment();
                    }
                }).start();
        links.add(link);
        return new Sender() {
            public void readings(long seq, List<Reading> readings) {
                stats.readingsSent.add(readings.size());
                link.send(Payloads.readingsTopic(d.id()), Payloads.readings(seq, readings), readings.size(), null);
            }

            public void event(String event, String detailJson) {
                link.send(Payloads.eventsTopic(d.id()), Payloads.event(run + "-" + event + "-" + System.nanoTime(), event, Instant.now(), detailJson), 0,
                        null);
            }
        };
    }
}
