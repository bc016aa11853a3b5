package io.vigie.patient.it;

import static io.vigie.patient.it.PatientFixtures.as;
import static io.vigie.patient.it.PatientFixtures.newIns;
import static io.vigie.patient.it.PatientFixtures.patient;
import static io.vigie.patient.it.PatientFixtures.spec;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Patients, care team, enrollments and consent through the API, with real tokens, PostgreSQL and Kafka. */
@QuarkusTest
class PatientApiTest {

    static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    @Test
    void shouldRecordAPatientAndFindItByInsNameAndLocalId() {
        // given
        String ins = newIns();
        Map<String, Object> spec = spec("hopital-nord", ins.substring(0, 1) + " " + ins.substring(1)); // spaces are accepted
        // when
        JsonPath created = as("nurse-nord").body(spec).post("/api/v1/patients").then().statusCode(201)
                .header("Location", containsString("/api/v1/patients/")).header("ETag", notNullValue()).extract().jsonPath();
        // then
        assertEquals(ins, created.getString("ins"));
        assertEquals("hopital-nord", created.getString("hospitalId"));
        String id = created.getString("id");
        as("clinician-nord").queryParam("ins", ins).get("/api/v1/patients").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].id", equalTo(id));
        as("clinician-nord").queryParam("name", "dur").queryParam("size", 200).get("/api/v1/patients").then().statusCode(200)
                .body("items.id", hasItem(id));
        @SuppressWarnings("unchecked")
        String local = ((List<Map<String, String>>) spec.get("localIds")).get(0).get("value");
        as("clinician-nord").queryParam("localId", local).get("/api/v1/patients").then().statusCode(200).body("items.id", equalTo(List.of(id)));
        as("clinician-sud").queryParam("ins", ins).get("/api/v1/patients").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void shouldRefuseADuplicateInsInTheSameHospitalWith409() {
        // given
        String ins = newIns();
        as("clinician-nord").body(spec("hopital-nord", ins)).post("/api/v1/patients").then().statusCode(201);
        // when / then
        as("clinician-nord").body(spec("hopital-nord", ins)).post("/api/v1/patients").then().statusCode(409)
                .contentType(startsWith("application/problem+json")).body("type", equalTo("urn:vigie:problem:duplicate-ins"));
        // another hospital of the group keeps its own records
        as("clinician-sud").body(spec("hopital-sud", ins)).post("/api/v1/patients").then().statusCode(201);
    }

    @Test
    void shouldRefuseAnInsWithAWrongKeyAndInvalidFieldsWith400() {
        String ins = newIns();
        String wrongKey = ins.substring(0, 13) + String.format("%02d", (Integer.parseInt(ins.substring(13)) + 1) % 100);
        as("clinician-nord").body(spec("hopital-nord", wrongKey)).post("/api/v1/patients").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("ins"));
        Map<String, Object> bad = spec("hopital-nord", null);
        bad.put("sex", "X");
        bad.put("birthDate", LocalDate.now().plusDays(1).toString());
        as("clinician-nord").body(bad).post("/api/v1/patients").then().statusCode(400).body("errors.field", hasItem("sex"))
                .body("errors.field", hasItem("birthDate"));
        as("clinician-nord").body("{\"familyName\": ").post("/api/v1/patients").then().statusCode(400);
        Map<String, Object> unknown = spec("hopital-nord", null);
        unknown.put("bloodGroup", "O+");
        as("clinician-nord").body(unknown).post("/api/v1/patients").then().statusCode(400);
        as("clinician-nord").body(spec("hopital-sud", null)).post("/api/v1/patients").then().statusCode(403)
                .body("type", equalTo("urn:vigie:problem:wrong-hospital"));
    }

    @Test
    void shouldUpdateOnlyWithTheCurrentETag() {
        // given
        String id = patient("clinician-nord", "hopital-nord");
        String etag = as("clinician-nord").get("/api/v1/patients/" + id).then().statusCode(200).extract().header("ETag");
        Map<String, Object> changed = spec("hopital-nord", null);
        changed.put("fallRisk", true);
        // when / then
        as("clinician-nord").body(changed).put("/api/v1/patients/" + id).then().statusCode(428);
        String next = as("clinician-nord").header("If-Match", etag).body(changed).put("/api/v1/patients/" + id).then().statusCode(200)
                .body("fallRisk", equalTo(true)).extract().header("ETag");
        assertFalse(etag.equals(next));
        as("clinician-nord").header("If-Match", etag).body(changed).put("/api/v1/patients/" + id).then().statusCode(412);
    }

    @Test
    void shouldPublishTheCarePlanWithEnrollmentsOverridesAndCareTeamForAlerting() {
        String id = patient("clinician-nord", "hopital-nord");
        try (KafkaProbe plans = KafkaProbe.fromNow(Topics.CAREPLAN_STATE)) {
            // when
            as("clinician-nord").body(List.of(Map.of("userId", PatientFixtures.CLINICIAN_NORD, "role", "clinician"),
                    Map.of("userId", PatientFixtures.NURSE_NORD, "role", "nurse"))).put("/api/v1/patients/" + id + "/care-team").then().statusCode(200)
                    .body("careTeam.size()", equalTo(2));
            String enrollment = as("clinician-nord").body(Map.of("program", "HEART_FAILURE", "start", LocalDate.now().toString(),
                    "schedule", List.of(Map.of("code", "29463-7", "period", "P1D")),
                    "ruleOverrides", List.of(Map.of("ruleKey", "hf.weight-gain", "params", Map.of("delta", 1.5))), "escalationMinutes", 10))
                    .post("/api/v1/patients/" + id + "/enrollments").then().statusCode(201).body("program", equalTo("HEART_FAILURE"))
                    .extract().path("id");
            // then
            ConsumerRecord<String, String> r = plans.await(x -> x.key().equals(id) && x.value().contains(enrollment), KAFKA_WAIT);
            JsonPath plan = JsonPath.from(r.value());
            assertEquals("hopital-nord", plan.getString("tenantId"));
            assertEquals(java.time.Period.between(LocalDate.parse("1950-03-14"), LocalDate.now(java.time.ZoneOffset.UTC)).getYears(),
                    plan.getInt("ageYears"), "age from the birth date");
            assertEquals(List.of("HEART_FAILURE"), plan.getList("enrollments.program"));
            assertEquals(1.5f, plan.getFloat("enrollments[0].ruleOverrides[0].params.delta"));
            assertEquals("29463-7", plan.getString("enrollments[0].schedule[0].code"));
            assertEquals(2, plan.getList("careTeam").size());
            assertFalse(r.value().contains("Durand"), "no name on the topic");
            assertFalse(r.value().contains("+33"), "no contact on the topic");
        }
        // a second enrollment in the same program over the same period is refused
        as("clinician-nord").body(Map.of("program", "HEART_FAILURE", "start", LocalDate.now().plusDays(3).toString()))
                .post("/api/v1/patients/" + id + "/enrollments").then().statusCode(409);
        as("clinician-nord").body(Map.of("program", "DIABETES", "start", LocalDate.now().toString(),
                "schedule", List.of(Map.of("code", "0000-0", "period", "P1D")))).post("/api/v1/patients/" + id + "/enrollments").then().statusCode(400)
                .body("errors[0].field", equalTo("schedule[0].code"));
        // overrides are checked against alerting's rule catalogue where they are entered: the parameter is named
        as("clinician-nord").body(Map.of("program", "DIABETES", "start", LocalDate.now().toString(),
                "ruleOverrides", List.of(Map.of("ruleKey", "bp.hypertensive-crisis", "params", Map.of("limit", 170)),
                        Map.of("ruleKey", "glucose.hyper", "params", Map.of("limit", 90_000)), Map.of("ruleKey", "no.such-rule"))))
                .post("/api/v1/patients/" + id + "/enrollments").then().statusCode(400)
                .body("errors.field", equalTo(List.of("ruleOverrides[0].params.limit", "ruleOverrides[1].params.limit", "ruleOverrides[2].ruleKey")))
                .body("errors[0].message", containsString("give limit.0 and/or limit.1"));
        as("nurse-nord").body(Map.of("program", "DIABETES", "start", LocalDate.now().toString())).post("/api/v1/patients/" + id + "/enrollments")
                .then().statusCode(403);
        as("clinician-nord").body(List.of(Map.of("userId", "x", "role", "surgeon"))).put("/api/v1/patients/" + id + "/care-team").then().statusCode(400);
    }

    @Test
    void shouldEndAnEnrollmentWithIfMatch() {
        String id = patient("clinician-nord", "hopital-nord");
        var created = as("clinician-nord").body(Map.of("program", "DIABETES", "start", LocalDate.now().minusDays(10).toString()))
                .post("/api/v1/patients/" + id + "/enrollments").then().statusCode(201).extract();
        String path = "/api/v1/patients/" + id + "/enrollments/" + created.path("id");
        Map<String, Object> ended = Map.of("program", "DIABETES", "start", LocalDate.now().minusDays(10).toString(), "end", LocalDate.now().toString());
        as("clinician-nord").body(ended).put(path).then().statusCode(428);
        as("clinician-nord").header("If-Match", created.header("ETag")).body(ended).put(path).then().statusCode(200)
                .body("end", equalTo(LocalDate.now().toString()));
        as("clinician-nord").header("If-Match", created.header("ETag")).body(Map.of("program", "DIABETES", "start", LocalDate.now().toString(),
                "end", LocalDate.now().minusDays(1).toString())).put(path).then().statusCode(400);
    }

    @Test
    void shouldPublishConsentWithdrawalForIngestion() {
        String id = patient("nurse-nord", "hopital-nord");
        try (KafkaProbe consents = KafkaProbe.fromNow(Topics.CONSENT_STATE)) {
            // when
            as("nurse-nord").body(Map.of("status", "WITHDRAWN")).post("/api/v1/patients/" + id + "/consents").then().statusCode(201)
                    .body("status", equalTo("WITHDRAWN")).body("recordedBy", equalTo(PatientFixtures.NURSE_NORD));
            // then
            JsonPath c = JsonPath.from(consents.awaitKey(id, KAFKA_WAIT).value());
            assertEquals("WITHDRAWN", c.getString("status"));
            assertEquals("hopital-nord", c.getString("tenantId"));
            assertTrue(c.getString("effectiveAt") != null);
        }
        as("clinician-nord").get("/api/v1/patients/" + id).then().statusCode(200).body("consent.status", equalTo("WITHDRAWN"));
        as("nurse-nord").body(Map.of("status", "MAYBE")).post("/api/v1/patients/" + id + "/consents").then().statusCode(400);
    }

    @Test
    void shouldShowAClinicianOfBothHospitalsPatientsOfEach() {
        String nord = patient("clinician-nord", "hopital-nord");
        String sud = patient("clinician-sud", "hopital-sud");
        as("clinician-both").get("/api/v1/patients/" + nord).then().statusCode(200);
        as("clinician-both").get("/api/v1/patients/" + sud).then().statusCode(200);
        as("clinician-both").body(spec(null, null)).post("/api/v1/patients").then().statusCode(400).body("errors[0].field", equalTo("hospitalId"));
        as("nurse-sud").get("/api/v1/patients/" + nord).then().statusCode(404).body("consent", nullValue());
        as("clinician-sud").queryParam("size", 200).get("/api/v1/patients").then().statusCode(200).body("items.hospitalId", not(hasItem("hopital-nord")));
    }
}
