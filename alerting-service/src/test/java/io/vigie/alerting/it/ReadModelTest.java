package io.vigie.alerting.it;

import static io.vigie.alerting.it.AlertFixtures.as;
import static io.vigie.alerting.it.AlertFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.patient.MonitoringProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The read model as the evaluator feeds it: a burst of one alert's changes (projected a poll at a time, in one
 * transaction) shows the newest revision with every step in the history; a replayed older revision changes nothing.
 */
@QuarkusTest
class ReadModelTest {

    @Test
    void shouldShowTheNewestRevisionOfABurstWithEveryStepInItsHistoryAndIgnoreAnOlderReplay() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.RESPIRATORY_FAILURE);
        UUID alert = UUID.randomUUID();
        Instant raised = Instant.now().minusSeconds(600);
        List<AlertChangedV1> burst = new ArrayList<>();
        for (int revision = 1; revision <= 30; revision++) {
            String change = revision == 1 ? "RAISED" : revision == 30 ? "ACKNOWLEDGED" : "REPEATED";
            burst.add(change(patient, alert, raised, revision, change));
        }
        KafkaProbe.sendJsonAll(Topics.ALERT_CHANGED, patient.toString(), burst);

        await("revision 30 in the read model", () -> revisionOf(alert) == 30);
        JsonPath detail = as("clinician-nord").get("/api/v1/alerts/" + alert).then().statusCode(200).extract().jsonPath();
        assertEquals("ACKNOWLEDGED", detail.getString("alert.status"));
        assertEquals(30, detail.getInt("alert.count"));
        assertEquals("SpO2 30 %", detail.getString("alert.lastValue"));
        List<String> expected = new ArrayList<>(List.of("RAISED"));
        expected.addAll(Collections.nCopies(28, "REPEATED"));
        expected.add("ACKNOWLEDGED");
        assertEquals(expected, detail.getList("history.type"), "one history entry per change, in order");

        // a replay of revision 12 (a redelivery under a new event id), then revision 31: the row never goes back
        KafkaProbe.sendJsonAll(Topics.ALERT_CHANGED, patient.toString(),
                List.of(change(patient, alert, raised, 12, "REPEATED"), change(patient, alert, raised, 31, "ASSIGNED")));
        await("revision 31 in the read model", () -> revisionOf(alert) == 31);
        JsonPath after = as("clinician-nord").get("/api/v1/alerts/" + alert).then().statusCode(200).extract().jsonPath();
        assertEquals(31, after.getInt("alert.count"));
        assertEquals(31, after.getList("history.type").size(), "the older replay added no history entry");
        assertEquals("ASSIGNED", after.getList("history.type").get(30));
    }

    private static long revisionOf(UUID alert) {
        var r = as("clinician-nord").get("/api/v1/alerts/" + alert);
        return r.statusCode() == 200 ? r.jsonPath().getLong("alert.version") : -1;
    }

    private static AlertChangedV1 change(UUID patient, UUID alert, Instant raised, int revision, String change) {
        return AlertChangedV1.builder().source("alerting-service").tenantId("hopital-nord").alertId(alert).alertKey(patient + "|spo2.desaturation")
                .patientId(patient).ruleKey("spo2.desaturation").kind("THRESHOLD").title("Desaturation").priority("HIGH")
                .status(revision >= 30 ? "ACKNOWLEDGED" : "OPEN").change(change).count(revision).lastValue("SpO2 " + revision + " %")
                .measuredAt(raised.plusSeconds(revision)).firstMeasuredAt(raised).raisedAt(raised).clinicalGrade(true)
                .acknowledgedAt(revision >= 30 ? raised.plusSeconds(30) : null).acknowledgedBy(revision >= 30 ? AlertFixtures.NURSE_NORD : null)
                .actorId(revision >= 30 ? AlertFixtures.NURSE_NORD : null).assignedTo(revision >= 31 ? AlertFixtures.NURSE_NORD : null)
                .revision(revision).build();
    }
}
