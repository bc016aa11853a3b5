package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.simulator.Main;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Ward;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Faults a hospital will meet, on loopback and bounded in time: the ingestion JVM killed (SIGKILL) under load, the
 * Kafka broker stopped for 20 s under load, the alerting JVM killed in the middle of a deterioration.
 */
class FaultInjectionIT extends E2e {

    @Test
    void shouldLoseNoAcknowledgedReadingWhenIngestionIsKilledUnderLoad() {
        // given 50 devices publishing QoS 1, 10 readings/s each
        try (Load load = new Load(fleet(50), 8)) {
            // when ingestion is killed with SIGKILL after 2 s and started again a second later
            Thread restart = new Thread(() -> SERVICES.restart(Services.Service.INGESTION));
            load.run(Duration.ofMillis(100), Duration.ofSeconds(8), Map.of(
                    Duration.ofSeconds(2), () -> SERVICES.kill(Services.Service.INGESTION),
                    Duration.ofSeconds(3), restart::start));
            join(restart);
            // then every device gets every reading acknowledged after reconnecting and resending
            load.drain(Duration.ofSeconds(90));
            Load.Report r = load.report(Duration.ofSeconds(60));
            Services.log("ingestion killed under load: " + r);
            assertEquals(r.sent(), r.acked());
            assertEquals(0, r.lost(), r.toString());
            assertEquals(0, r.storedDuplicates(), r.toString());
            assertEquals(r.acked(), r.stored());
        }
    }

    @Test
    void shouldNotAcknowledgeWhileKafkaIsStoppedAndLoseNothing() {
        // a diabetic patient in a long severe hypoglycaemia all along: the evaluator lives through the outage too
        Ward.Patient patient = patient("hopital-nord", "DIABETES", false, Catalogue.GLUCOMETER);
        Ward.Device glucometer = patient.devices().get(0);
        AtomicInteger episodeAcked = new AtomicInteger();
        DeviceLink link = connect(glucometer, 4, countingAcks(episodeAcked));
        AtomicInteger episodeSent = new AtomicInteger();
        Instant t0 = Instant.now().minusSeconds(60);
        Thread episode = new Thread(() -> {
            for (int i = 0; i < 60; i++) { // one reading every 500 ms for the 30 s of the test
                link.send(Payloads.readingsTopic(glucometer.id()), Payloads.readings(i, List.of(Reading.value("outage-" + i, "41653-7", 45, "mg/dL",
                        t0.plusSeconds(i)))), 1, null);
                episodeSent.incrementAndGet();
                Main.sleep(500);
            }
        });
        episode.start();
        try (Load load = new Load(fleet(20), 8)) {
            AtomicReference<Instant> stopped = new AtomicReference<>();
            AtomicReference<Instant> restarting = new AtomicReference<>();
            // when the broker is stopped for 20 s under load
            load.run(Duration.ofMillis(200), Duration.ofSeconds(5), Map.of());
            Services.platform("infra", "kafka", "stop");
            stopped.set(Instant.now());
            load.run(Duration.ofMillis(200), Duration.ofSeconds(20), Map.of());
            restarting.set(Instant.now());
            Services.platform("infra", "kafka", "start");
            load.run(Duration.ofMillis(200), Duration.ofSeconds(5), Map.of());
            // then no PUBACK while it was down, and afterwards everything is acknowledged and stored
            long acksWhileDown = load.ackTimes.stream().filter(t -> t.isAfter(stopped.get().plusSeconds(1)) && t.isBefore(restarting.get())).count();
            assertEquals(0, acksWhileDown, "PUBACKs while Kafka was stopped");
            load.drain(Duration.ofSeconds(120));
            Load.Report r = load.report(Duration.ofSeconds(90));
            Services.log("Kafka stopped 20 s under load: " + r);
            assertEquals(0, r.lost(), r.toString());
            assertEquals(0, r.storedDuplicates(), r.toString());
            assertEquals(r.sent(), r.acked());

            // and the evaluator kept exactly one alert per rule for the episode, each reading counted once
            join(episode);
            await("the episode's readings acknowledged", Duration.ofSeconds(120), () -> episodeAcked.get() == episodeSent.get());
            await("the episode evaluated", Duration.ofSeconds(120), () -> alerts(patient, "glucose.hypo-2").stream()
                    .mapToInt(a -> a.path("count").asInt()).max().orElse(0) >= episodeSent.get());
            List<JsonNode> hypo2 = alerts(patient, "glucose.hypo-2");
            Services.log("Kafka stopped 20 s during an episode: readings sent " + episodeSent.get() + ", acknowledged " + episodeAcked.get()
                    + ", alerts " + hypo2.size() + ", counted " + hypo2.get(0).path("count").asInt());
            assertEquals(1, hypo2.size(), hypo2.toString());
            assertEquals(episodeSent.get(), hypo2.get(0).path("count").asInt(), "each reading judged once, none twice, none lost");
        } finally {
            link.close();
        }
    }

    @Test
    void shouldRaiseExactlyOneAlertPerEpisodeWhenAlertingIsKilledInTheMiddle() {
        // given a diabetic patient whose glucometer reports a long hypoglycaemia: 40 readings at 45 mg/dL
        Ward.Patient p = patient("hopital-nord", "DIABETES", false, Catalogue.GLUCOMETER);
        Ward.Device g = p.devices().get(0);
        AtomicInteger acked = new AtomicInteger();
        DeviceLink link = connect(g, 4, countingAcks(acked));
        try {
            Instant t0 = Instant.now().minusSeconds(40);
            for (int i = 0; i < 40; i++) {
                link.send(Payloads.readingsTopic(g.id()), Payloads.readings(i, List.of(Reading.value("hypo-" + i, "41653-7", 45, "mg/dL", t0.plusSeconds(i)))),
                        1, null);
                if (i == 15) {
                    await("first readings evaluated", () -> alerts(p, "glucose.hypo-2").size() == 1);
                    // when alerting is killed (SIGKILL) while the series goes on
                    SERVICES.kill(Services.Service.ALERTING);
                }
                Main.sleep(50);
            }
            await("all readings acknowledged", () -> acked.get() == 40);
            SERVICES.restart(Services.Service.ALERTING);
            // then after catching up: one alert per rule for the episode, each reading counted exactly once
            await("the series evaluated", () -> alerts(p, "glucose.hypo-2").size() == 1 && alerts(p, "glucose.hypo-2").get(0).path("count").asInt() >= 40);
            List<JsonNode> hypo2 = alerts(p, "glucose.hypo-2");
            List<JsonNode> hypo1 = alerts(p, "glucose.hypo-1");
            assertEquals(1, hypo2.size(), hypo2.toString());
            assertEquals(40, hypo2.get(0).path("count").asInt(), "each reading counted once, none twice after the crash");
            await("level 1 too", () -> alerts(p, "glucose.hypo-1").get(0).path("count").asInt() >= 40);
            assertEquals(1, alerts(p, "glucose.hypo-1").size());
            assertEquals(40, alerts(p, "glucose.hypo-1").get(0).path("count").asInt());
            assertTrue(hypo1.size() <= 1);
        } finally {
            link.close();
        }
    }

    static void join(Thread t) {
        try {
            t.join(180_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
