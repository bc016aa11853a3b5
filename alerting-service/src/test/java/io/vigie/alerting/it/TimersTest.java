package io.vigie.alerting.it;

import static io.vigie.alerting.it.AlertFixtures.alerts;
import static io.vigie.alerting.it.AlertFixtures.as;
import static io.vigie.alerting.it.AlertFixtures.await;
import static io.vigie.alerting.it.AlertFixtures.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.events.Topics;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.MonitoringProgram;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The timers (every second in tests): a missed scheduled measurement and a silent device raise one alert each,
 * and checking again while nothing new happened does not repeat them.
 */
@QuarkusTest
class TimersTest {

    static UUID carePlan(List<CarePlanV1.Schedule> schedule, List<CarePlanV1.RuleOverride> overrides) {
        UUID patient = UUID.randomUUID();
        AlertFixtures.send(Topics.CAREPLAN_STATE, patient.toString(), new CarePlanV1(UUID.randomUUID(), CarePlanV1.TYPE, 1, Instant.now(),
                "patient-service", "hopital-nord", patient, 70, false, false, false,
                List.of(new CarePlanV1.Enrollment(UUID.randomUUID(), MonitoringProgram.HEART_FAILURE, LocalDate.now(), null, schedule, overrides, null)),
                List.of(new CarePlanV1.CareTeamMember(AlertFixtures.CLINICIAN_NORD, "clinician"))));
        await("care plan applied", () -> as("clinician-nord").get("/api/v1/patients/" + patient + "/rules").statusCode() == 200);
        return patient;
    }

    static Optional<Map<String, Object>> alert(UUID patient, String rule) {
        return alerts(patient).stream().filter(a -> rule.equals(a.get("ruleKey"))).findFirst();
    }

    static int count(UUID patient, String rule) {
        return ((Number) alert(patient, rule).orElseThrow().get("count")).intValue();
    }

    /** Waits until the timers ran twice more than now: two later patients' overdue alerts appear one after the other. */
    static void twoMoreTimerRuns() {
        for (int i = 0; i < 2; i++) {
            UUID later = carePlan(List.of(new CarePlanV1.Schedule("8867-4", Duration.ofSeconds(1), Duration.ZERO)), List.of());
            await("a later timer run", () -> alert(later, "missed.8867-4").isPresent());
        }
    }

    @Test
    void shouldRaiseAMissedMeasurementOnceWhileItStaysMissed() {
        // given weight expected every 2 s (+1 s grace) since the start of today, and none received
        UUID patient = carePlan(List.of(new CarePlanV1.Schedule("29463-7", Duration.ofSeconds(2), Duration.ofSeconds(1))), List.of());
        // when the timers check
        await("missed weight raised", () -> alert(patient, "missed.29463-7").isPresent());
        twoMoreTimerRuns();
        // then it was raised once, and not repeated by each later check
        assertEquals(1, count(patient, "missed.29463-7"));
        assertEquals("LOW", alert(patient, "missed.29463-7").orElseThrow().get("priority"));
    }

    @Test
    void shouldRaiseASilentDeviceOnceAfterItsHeartbeatTimeout() {
        // given a device timeout lowered to 3 s for this patient, and one heartbeat
        UUID patient = carePlan(List.of(), List.of(new CarePlanV1.RuleOverride("event.no-heartbeat", null, Map.of("timeoutMinutes", 0.05))));
        UUID device = AlertFixtures.deviceOf(patient);
        publish(AlertFixtures.event(patient, "hopital-nord", device, "heartbeat", Map.of()));
        // when the device stays silent
        await("no-heartbeat raised", () -> alert(patient, "event.no-heartbeat").isPresent());
        twoMoreTimerRuns();
        // then once
        assertEquals(1, count(patient, "event.no-heartbeat"));
    }
}
