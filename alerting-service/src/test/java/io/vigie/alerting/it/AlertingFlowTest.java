package io.vigie.alerting.it;

import static io.vigie.alerting.it.AlertFixtures.alerts;
import static io.vigie.alerting.it.AlertFixtures.as;
import static io.vigie.alerting.it.AlertFixtures.await;
import static io.vigie.alerting.it.AlertFixtures.publish;
import static io.vigie.alerting.it.AlertFixtures.reading;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.patient.MonitoringProgram;
import io.vigie.events.reading.ReadingAcceptedV1;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** From readings on Kafka to alerts in PostgreSQL and on the alert-change topic, with real tokens. */
@QuarkusTest
class AlertingFlowTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    static List<ReadingAcceptedV1> weights(UUID patient, double... kg) {
        java.util.ArrayList<ReadingAcceptedV1> out = new java.util.ArrayList<>();
        for (int i = 0; i < kg.length; i++) {
            out.add(reading(patient, "hopital-nord", "29463-7", kg[i], "kg", NOW.minus(Duration.ofHours(12L * (kg.length - 1 - i))), true));
        }
        return out;
    }

    @Test
    void shouldRaiseExactlyOneHighAlertWhenWeightGainsTwoKilogramsAndUpdateItOnRepeat() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.HEART_FAILURE);
        // 70.0 (lowest of 72 h) ... 72.1: +2.1 kg; then 72.4: a repeat of the same episode
        List<ReadingAcceptedV1> series = weights(patient, 70.4, 70.0, 70.6, 71.2, 71.9, 72.1, 72.4);
        try (KafkaProbe changes = KafkaProbe.fromNow(Topics.ALERT_CHANGED)) {
            series.subList(0, 6).forEach(AlertFixtures::publish);
            await("weight-gain alert", () -> alerts(patient, "hf.weight-gain").size() == 1);
            Map<String, Object> alert = alerts(patient, "hf.weight-gain").get(0);
            assertEquals("hf.weight-gain", alert.get("ruleKey"));
            assertEquals("HIGH", alert.get("priority"));
            assertEquals("OPEN", alert.get("status"));
            assertEquals("+2.1 kg (72.1 kg against 70.0 kg, lowest of 72 h)", alert.get("lastValue"));
            JsonPath raised = JsonPath.from(changes.await(r -> r.key().equals(patient.toString()) && r.value().contains("\"RAISED\"")
                    && r.value().contains("\"hf.weight-gain\""), Duration.ofSeconds(20)).value());
            assertEquals("hf.weight-gain", raised.getString("ruleKey"));

            publish(series.get(6));
            await("repeat counted", () -> ((Number) alerts(patient, "hf.weight-gain").get(0).get("count")).intValue() == 2);
            assertEquals(1, alerts(patient, "hf.weight-gain").size(), "a repeat updates the open alert, no second alert");
            assertTrue(alerts(patient, "hf.weight-gain").get(0).get("lastValue").toString().startsWith("+2.4 kg"));
        }
    }

    @Test
    void shouldNeverDuplicateWhenReadingsAreRedeliveredAfterACrash() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.HEART_FAILURE);
        List<ReadingAcceptedV1> series = weights(patient, 70.0, 70.5, 71.0, 72.5);
        series.subList(0, 2).forEach(AlertFixtures::publish);
        // what Kafka redelivers when a consumer dies before committing: the same records again, then the rest
        series.subList(0, 2).forEach(AlertFixtures::publish);
        series.subList(2, 4).forEach(AlertFixtures::publish);
        series.forEach(AlertFixtures::publish);
        await("alert raised", () -> alerts(patient, "hf.weight-gain").size() == 1);
        Instant settle = Instant.now().plusSeconds(3);
        await("every redelivery processed", () -> Instant.now().isAfter(settle));
        assertEquals(1, alerts(patient, "hf.weight-gain").size(), "one alert per episode");
        assertEquals(1, ((Number) alerts(patient, "hf.weight-gain").get(0).get("count")).intValue(),
                "redelivered readings are recognized, not counted again");
    }

    @Test
    void shouldAutoResolveWhenTheConditionClears() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        publish(reading(patient, "hopital-nord", "41653-7", 260, "mg/dL", NOW.minusSeconds(600), true));
        await("hyperglycaemia", () -> alerts(patient).stream().anyMatch(a -> a.get("ruleKey").equals("glucose.hyper")));
        Map<String, Object> hyper = alerts(patient).stream().filter(a -> a.get("ruleKey").equals("glucose.hyper")).findFirst().orElseThrow();
        assertEquals("MEDIUM", hyper.get("priority"));
        publish(reading(patient, "hopital-nord", "41653-7", 140, "mg/dL", NOW.minusSeconds(60), true));
        publish(reading(patient, "hopital-nord", "41653-7", 130, "mg/dL", NOW.minusSeconds(50), true));
        publish(reading(patient, "hopital-nord", "41653-7", 120, "mg/dL", NOW.minusSeconds(40), true)); // clear 3 times in a row
        await("auto-resolved", () -> alerts(patient).stream().anyMatch(a -> a.get("ruleKey").equals("glucose.hyper") && "RESOLVED".equals(a.get("status"))));
        as("clinician-nord").get("/api/v1/alerts/" + hyper.get("id")).then().statusCode(200)
                .body("history.type", equalTo(List.of("RAISED", "AUTO_RESOLVED")));
    }

    @Test
    void shouldNotRaiseAHighPriorityAlertFromReadingsThatAreNotClinicalGrade() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        publish(reading(patient, "hopital-nord", "41653-7", 50, "mg/dL", NOW.minusSeconds(30), false));
        await("hypoglycaemia alerts", () -> alerts(patient, "glucose.hypo-1").size() == 1 && alerts(patient, "glucose.hypo-2").size() == 1);
        Map<String, Object> level2 = alerts(patient, "glucose.hypo-2").get(0);
        assertEquals("MEDIUM", level2.get("priority"), "level 2 is high, but not on a non-clinical-grade reading alone");
        assertEquals(false, level2.get("clinicalGrade"));
    }

    @Test
    void shouldAlertOnBedExitOnlyForFallRiskPatientsAndInhibitThresholdsOfADisconnectedSensor() {
        UUID fallRisk = AlertFixtures.patient("hopital-nord", true, MonitoringProgram.HEART_FAILURE);
        UUID steady = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.HEART_FAILURE);
        UUID bed = UUID.randomUUID();
        publish(AlertFixtures.event(fallRisk, "hopital-nord", bed, "bed-exit", Map.of()));
        publish(AlertFixtures.event(steady, "hopital-nord", bed, "bed-exit", Map.of()));
        await("bed exit", () -> alerts(fallRisk).stream().anyMatch(a -> a.get("ruleKey").equals("event.bed-exit") && a.get("priority").equals("HIGH")));
        // a sensor reported disconnected: the low blood pressure it then reports raises nothing
        publish(AlertFixtures.event(steady, "hopital-nord", AlertFixtures.deviceOf(steady), "sensor-disconnected", Map.of("sensor", "bp")));
        await("sensor disconnected", () -> alerts(steady).stream().anyMatch(a -> a.get("ruleKey").equals("event.sensor-disconnected")));
        publish(reading(steady, "hopital-nord", "8867-4", 72, "/min", NOW.minusSeconds(5), true));
        ReadingAcceptedV1 lowBpWithId = AlertFixtures.bp(steady, "hopital-nord", 80, 50, NOW.minusSeconds(4));
        publish(lowBpWithId);
        Instant settle = Instant.now().plusSeconds(3);
        await("reading processed", () -> Instant.now().isAfter(settle));
        assertTrue(alerts(steady).stream().noneMatch(a -> a.get("ruleKey").equals("bp.hypotension")), alerts(steady).toString());
        assertTrue(alerts(steady).stream().noneMatch(a -> a.get("ruleKey").equals("event.bed-exit")), "not a fall-risk patient");
    }

    @Test
    void shouldRaiseALowTechnicalAlertWhenIngestionReportsThatEveryReadingOfADeviceIsRejected() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        publish(AlertFixtures.event(patient, "hopital-nord", AlertFixtures.deviceOf(patient), "data-rejected",
                Map.of("since", NOW.minusSeconds(600).toString(), "reasons", "UNIT_NOT_CONVERTIBLE")));
        await("data-rejected alert", () -> alerts(patient).stream().anyMatch(a -> a.get("ruleKey").equals("event.data-rejected")));
        Map<String, Object> a = alerts(patient).stream().filter(x -> x.get("ruleKey").equals("event.data-rejected")).findFirst().orElseThrow();
        assertEquals("LOW", a.get("priority"));
        assertEquals("data-rejected (UNIT_NOT_CONVERTIBLE)", a.get("lastValue"));
    }

    @Test
    void shouldRaiseABackfilledReadingAsLateWithoutEscalation() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        ReadingAcceptedV1 r = reading(patient, "hopital-nord", "41653-7", 40, "mg/dL", NOW.minus(Duration.ofHours(20)), true);
        ReadingAcceptedV1 late = new ReadingAcceptedV1(r.eventId(), r.eventType(), 1, r.occurredAt(), r.source(), r.tenantId(), r.readingId(),
                r.deviceReadingId(), r.deviceId(), r.deviceKind(), r.patientId(), r.code(), r.value(), null, r.unit(), null, r.measuredAt(),
                r.receivedAt(), true, List.of(), null, null, "HTTP", true, null);
        publish(late);
        await("late alert", () -> alerts(patient).stream().anyMatch(a -> a.get("ruleKey").equals("glucose.hypo-2")));
        Map<String, Object> a = alerts(patient).stream().filter(x -> x.get("ruleKey").equals("glucose.hypo-2")).findFirst().orElseThrow();
        assertEquals(true, a.get("late"));
        assertEquals("HIGH", a.get("priority"));
        assertEquals(null, a.get("escalationDueAt"), "a backfilled value is not a new emergency: no escalation");
    }
}
