package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.simulator.Main;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Ward;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The evaluator scaled out: a second alerting instance joins in the middle of several patients' deteriorations (its
 * partitions and their state move to it), then is killed (they move back, from its last commit). Each episode keeps
 * exactly one alert, and every reading is counted on it exactly once.
 */
class AlertingScaleOutIT extends E2e {

    static final int PATIENTS = 4;
    static final int READINGS = 30;

    @Test
    void shouldKeepOneAlertPerEpisodeAndCountEveryReadingOnceWhenInstancesJoinAndLeave() throws Exception {
        // given diabetic patients whose glucometers report a long severe hypoglycaemia, one reading every 150 ms each
        List<Ward.Patient> patients = new ArrayList<>();
        List<DeviceLink> links = new ArrayList<>();
        AtomicInteger acked = new AtomicInteger();
        for (int i = 0; i < PATIENTS; i++) {
            patients.add(patient("hopital-nord", "DIABETES", false, Catalogue.GLUCOMETER));
        }
        try {
            for (Ward.Patient p : patients) {
                links.add(connect(p.devices().get(0), 4, countingAcks(acked)));
            }
            Instant t0 = Instant.now().minusSeconds(READINGS);
            java.util.concurrent.CompletableFuture<Void> second = null;
            for (int i = 0; i < READINGS; i++) {
                for (int k = 0; k < PATIENTS; k++) {
                    Ward.Device g = patients.get(k).devices().get(0);
                    links.get(k).send(Payloads.readingsTopic(g.id()), Payloads.readings(i, List.of(Reading.value("scale-" + i, "41653-7", 45, "mg/dL",
                            t0.plusSeconds(i)))), 1, null);
                }
                if (i == 8) { // when a second instance joins mid-stream (a rebalance: tasks and their state move to it)
                    second = java.util.concurrent.CompletableFuture.runAsync(() -> SERVICES.restart(Services.Service.ALERTING_SECOND));
                }
                if (i == 20) { // and leaves abruptly once it has taken its share (SIGKILL: its tasks move back from its last commit)
                    second.get(180, java.util.concurrent.TimeUnit.SECONDS); // it must have started: a failure to start fails the test
                    SERVICES.kill(Services.Service.ALERTING_SECOND);
                }
                Main.sleep(150);
            }
            await("all readings acknowledged", Duration.ofSeconds(90), () -> acked.get() == PATIENTS * READINGS);

            // then, once caught up, each patient has one alert per rule for the episode, each reading counted exactly once
            for (Ward.Patient p : patients) {
                await("the series of " + p.id() + " evaluated", Duration.ofSeconds(120), () -> count(p, "glucose.hypo-2") >= READINGS
                        && count(p, "glucose.hypo-1") >= READINGS);
            }
            StringBuilder accounting = new StringBuilder();
            for (Ward.Patient p : patients) {
                List<JsonNode> hypo2 = alerts(p, "glucose.hypo-2");
                List<JsonNode> hypo1 = alerts(p, "glucose.hypo-1");
                assertEquals(1, hypo2.size(), "one level-2 alert for the episode: " + hypo2);
                assertEquals(1, hypo1.size(), "one level-1 alert for the episode: " + hypo1);
                assertEquals(READINGS, hypo2.get(0).path("count").asInt(), "each reading judged once, none twice, none lost");
                assertEquals(READINGS, hypo1.get(0).path("count").asInt(), "each reading judged once, none twice, none lost");
                accounting.append(' ').append(hypo2.get(0).path("count").asInt());
            }
            Services.log("a second alerting instance joined and was killed mid-stream: " + PATIENTS + " patients x " + READINGS
                    + " readings sent, acknowledged " + acked.get() + "; one alert per rule each, counts" + accounting);
        } finally {
            links.forEach(DeviceLink::close);
            SERVICES.kill(Services.Service.ALERTING_SECOND);
        }
    }

    /** The count of the patient's alert for {@code rule} (0 while there is none; the highest when, wrongly, several). */
    static int count(Ward.Patient p, String rule) {
        return alerts(p, rule).stream().mapToInt(a -> a.path("count").asInt()).max().orElse(0);
    }
}
