package io.vigie.alerting.it;

import static io.restassured.RestAssured.given;
import static io.vigie.alerting.it.AlertFixtures.alerts;
import static io.vigie.alerting.it.AlertFixtures.as;
import static io.vigie.alerting.it.AlertFixtures.await;
import static io.vigie.alerting.it.AlertFixtures.publish;
import static io.vigie.alerting.it.AlertFixtures.reading;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.events.patient.MonitoringProgram;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The API: NEWS2 calculator contract, actions, overrides, silences (401/403/404 on every endpoint: AlertingAuthzTest). */
@QuarkusTest
class ApiTest {

    static final String EXAMPLE = "{\"respirationRate\": 18, \"spo2\": 95, \"spo2Scale\": 1, \"onOxygen\": false, \"systolicBp\": 120, "
            + "\"pulse\": 80, \"consciousness\": \"A\", \"temperature\": 37.0, \"ageYears\": 70, \"pregnant\": false}";

    @Test
    void shouldAnswerTheNews2ContractExactly() {
        String answer = as("nurse-nord").body(EXAMPLE).post("/api/v1/scores/news2").then().statusCode(200).extract().asString();
        assertEquals("{\"total\":1,\"complete\":true,\"missing\":[],\"band\":\"LOW\",\"parameters\":{\"respirationRate\":0,\"spo2\":1,"
                + "\"onOxygen\":0,\"systolicBp\":0,\"pulse\":0,\"consciousness\":0,\"temperature\":0}}", answer);
        as("clinician-sud").body("{\"spo2\": 91, \"consciousness\": \"V\", \"ageYears\": 80}").post("/api/v1/scores/news2").then().statusCode(200)
                .body("total", equalTo(6)).body("complete", equalTo(false)).body("band", equalTo("MEDIUM"))
                .body("missing", equalTo(List.of("respirationRate", "onOxygen", "systolicBp", "pulse", "temperature")))
                .body("parameters", equalTo(Map.of("spo2", 3, "consciousness", 3)));
    }

    @Test
    void shouldRefuseNews2For422And400Cases() {
        as("nurse-nord").body(EXAMPLE.replace("\"ageYears\": 70", "\"ageYears\": 15")).post("/api/v1/scores/news2").then().statusCode(422)
                .contentType(startsWith("application/problem+json")).body("type", equalTo("urn:vigie:problem:news2-not-applicable"));
        as("nurse-nord").body(EXAMPLE.replace("\"pregnant\": false", "\"pregnant\": true")).post("/api/v1/scores/news2").then().statusCode(422);
        as("nurse-nord").body(EXAMPLE.replace("\"A\"", "\"X\"")).post("/api/v1/scores/news2").then().statusCode(400)
                .body("errors[0].field", equalTo("consciousness"));
        as("nurse-nord").body(EXAMPLE.replace("\"spo2Scale\": 1", "\"spo2Scale\": 3")).post("/api/v1/scores/news2").then().statusCode(400);
        as("nurse-nord").body(EXAMPLE.replace("18", "\"fast\"")).post("/api/v1/scores/news2").then().statusCode(400)
                .body("errors[0].field", equalTo("respirationRate"));
        as("nurse-nord").body("{\"pulse\": ").post("/api/v1/scores/news2").then().statusCode(400);
        as("nurse-nord").body(EXAMPLE.replace("}", ", \"mood\": \"good\"}")).post("/api/v1/scores/news2").then().statusCode(400)
                .body("errors[0].message", equalTo("unknown field"));
    }

    @Test
    void shouldActOnAlertsAndKeepTheirHistoryAndRecordActionability() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        publish(reading(patient, "hopital-nord", "41653-7", 60, "mg/dL", Instant.now().minusSeconds(10), true));
        await("alert", () -> !alerts(patient, "glucose.hypo-1").isEmpty());
        String id = alerts(patient, "glucose.hypo-1").get(0).get("id").toString();
        as("nurse-nord").post("/api/v1/alerts/" + id + "/acknowledge").then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"));
        as("nurse-nord").body(Map.of("userId", AlertFixtures.CLINICIAN_NORD)).post("/api/v1/alerts/" + id + "/assign").then().statusCode(200)
                .body("assignedTo", equalTo(AlertFixtures.CLINICIAN_NORD));
        as("clinician-nord").body(Map.of("text", "called the patient, resugared")).post("/api/v1/alerts/" + id + "/comments").then().statusCode(200);
        as("clinician-nord").body(Map.of("note", "ok")).post("/api/v1/alerts/" + id + "/resolve").then().statusCode(400)
                .body("errors[0].field", equalTo("actionable"));
        as("clinician-nord").body(Map.of("actionable", true, "note", "treated")).post("/api/v1/alerts/" + id + "/resolve").then().statusCode(200)
                .body("status", equalTo("RESOLVED")).body("actionable", equalTo(true));
        as("clinician-nord").post("/api/v1/alerts/" + id + "/acknowledge").then().statusCode(409);
        as("clinician-nord").get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("history.type", equalTo(List.of("RAISED", "ACKNOWLEDGED", "ASSIGNED", "COMMENTED", "RESOLVED")));
        as("clinician-nord").get("/api/v1/alerts/worklist").then().statusCode(200);
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.contains("vigie_alerting_alerts_resolved_total{actionable=\"true\",rule=\"glucose.hypo-1\"}"), "alarm-fatigue metric");
        assertTrue(metrics.contains("vigie_alerting_evaluation_latency_seconds_count"));
    }

    @Test
    void shouldLetAClinicianOverrideARuleAndSilenceOneWithAReason() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.HEART_FAILURE);
        as("clinician-nord").body(Map.of("params", Map.of("delta", 1.5))).put("/api/v1/patients/" + patient + "/rules/hf.weight-gain")
                .then().statusCode(200).body("delta", equalTo(1.5f));
        as("nurse-nord").body(Map.of("params", Map.of("delta", 1.0))).put("/api/v1/patients/" + patient + "/rules/hf.weight-gain").then().statusCode(403);
        as("clinician-nord").body(Map.of("params", Map.of("limit", 3.0))).put("/api/v1/patients/" + patient + "/rules/hf.weight-gain")
                .then().statusCode(400).body("errors[0].field", equalTo("params.limit"));
        as("clinician-nord").get("/api/v1/patients/" + patient + "/rules").then().statusCode(200)
                .body("find { it.key == 'hf.weight-gain' }.delta", equalTo(1.5f));
        String silence = as("clinician-nord").body(Map.of("ruleKey", "bp.hypotension", "reason", "known orthostatic hypotension, under review",
                "until", Instant.now().plusSeconds(3600).toString())).post("/api/v1/patients/" + patient + "/silences").then().statusCode(201)
                .extract().path("id");
        as("nurse-nord").get("/api/v1/patients/" + patient + "/silences").then().statusCode(200).body("id", equalTo(List.of(silence)));
        as("clinician-nord").body(Map.of("ruleKey", "bp.hypotension", "reason", " ", "until", Instant.now().plusSeconds(3600).toString()))
                .post("/api/v1/patients/" + patient + "/silences").then().statusCode(400);
        publish(AlertFixtures.bp(patient, "hopital-nord", 80, 50, Instant.now().minusSeconds(5)));
        publish(reading(patient, "hopital-nord", "29463-7", 70.0, "kg", Instant.now().minusSeconds(86400), true));
        publish(reading(patient, "hopital-nord", "29463-7", 71.6, "kg", Instant.now().minusSeconds(4), true));
        await("weight gain with the overridden delta", () -> alerts(patient).stream().anyMatch(a -> a.get("ruleKey").equals("hf.weight-gain")));
        assertTrue(alerts(patient).stream().noneMatch(a -> a.get("ruleKey").equals("bp.hypotension")), "silenced");

        // the silence lifted: gone from the list, and hypotension alerts again
        as("clinician-nord").delete("/api/v1/patients/" + patient + "/silences/" + silence).then().statusCode(204);
        as("nurse-nord").get("/api/v1/patients/" + patient + "/silences").then().statusCode(200).body("id", equalTo(List.of()));
        as("clinician-nord").delete("/api/v1/patients/" + patient + "/silences/" + silence).then().statusCode(404);
        publish(AlertFixtures.bp(patient, "hopital-nord", 82, 50, Instant.now().minusSeconds(1)));
        await("hypotension once the silence is lifted", () -> alerts(patient).stream().anyMatch(a -> a.get("ruleKey").equals("bp.hypotension")));
    }

    @Test
    void shouldHideOtherHospitalsAlertsFromTheWorklist() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        publish(reading(patient, "hopital-nord", "41653-7", 300, "mg/dL", Instant.now().minusSeconds(10), true));
        await("alert", () -> !alerts(patient).isEmpty());
        as("nurse-sud").get("/api/v1/alerts").then().statusCode(200).body("items.hospitalId", org.hamcrest.Matchers.not(hasItem("hopital-nord")));
    }
}
