package io.vigie.patient.it;

import static io.restassured.RestAssured.given;
import static io.vigie.patient.it.PatientFixtures.as;
import static io.vigie.patient.it.PatientFixtures.await;
import static io.vigie.patient.it.PatientFixtures.patient;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hash-chained audit trail: what is recorded, that the trail refuses changes, and that verify detects tampering. */
@QuarkusTest
class AuditTrailTest {

    @Inject
    AgroalDataSource db;

    static List<Map<String, Object>> entries(String resourceId) {
        return as("auditor").queryParam("resourceId", resourceId).queryParam("size", 200).get("/api/v1/audit").then().statusCode(200)
                .extract().path("items");
    }

    @Test
    void shouldRecordReadsAndWritesWithWhoWhatWhyAndOutcome() {
        // given
        String id = patient("clinician-nord", "hopital-nord");
        // when
        as("nurse-nord").header("X-Purpose", "care").get("/api/v1/patients/" + id).then().statusCode(200);
        // then
        List<Map<String, Object>> mine = entries(id);
        assertEquals(List.of("CREATE", "READ"), mine.stream().map(e -> e.get("action")).toList());
        Map<String, Object> read = mine.get(1);
        assertEquals(PatientFixtures.NURSE_NORD, read.get("actorId"));
        assertTrue(read.get("actorRoles").toString().contains("nurse"), read.toString());
        assertEquals("hopital-nord", read.get("hospitalId"));
        assertEquals("care", read.get("purpose"));
        assertEquals("SUCCESS", read.get("outcome"));
        assertEquals("patient-service", read.get("source"));
        assertTrue(read.get("details").toString().contains("actorHospitals=hopital-nord"), read.toString());
        assertFalse(mine.toString().contains("Durand"), "the trail holds ids, never patient data");
    }

    @Test
    void shouldRecordAClinicianOfAnotherHospitalAskingForAPatientAs404() {
        // given a patient of hopital-nord
        String id = patient("clinician-nord", "hopital-nord");
        // when a clinician of hopital-sud asks for them
        as("clinician-sud").get("/api/v1/patients/" + id).then().statusCode(404).body("status", equalTo(404));
        as("clinician-sud").body(Map.of("status", "WITHDRAWN")).post("/api/v1/patients/" + id + "/consents").then().statusCode(404);
        // then both refusals are in the trail, with who asked and from which hospital
        List<Map<String, Object>> refused = entries(id).stream().filter(e -> "NOT_FOUND".equals(e.get("outcome"))).toList();
        assertEquals(2, refused.size(), refused.toString());
        assertEquals(PatientFixtures.CLINICIAN_SUD, refused.get(0).get("actorId"));
        assertEquals("READ", refused.get(0).get("action"));
        assertTrue(refused.get(0).get("details").toString().contains("actorHospitals=hopital-sud"));
        as("auditor").queryParam("outcome", "not_found").queryParam("actorId", PatientFixtures.CLINICIAN_SUD).get("/api/v1/audit").then()
                .statusCode(200).body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    @Test
    void shouldChainTheAuditEventsOfOtherServicesOnceEvenWhenRedelivered() {
        // given an access recorded by ingestion-service
        String resourceId = UUID.randomUUID().toString();
        AuditRecordedV1 e = AuditRecordedV1.success("ingestion-service", "hopital-nord", PatientFixtures.CLINICIAN_NORD, List.of("clinician"), "READ",
                "readings", resourceId, "care", Map.of("results", "12"));
        // when it is delivered twice
        PatientFixtures.send(Topics.AUDIT_RECORDED, "hopital-nord", e);
        PatientFixtures.send(Topics.AUDIT_RECORDED, "hopital-nord", e);
        await("ingestion's audit event in the trail", () -> !entries(resourceId).isEmpty());
        String marker = UUID.randomUUID().toString();
        PatientFixtures.send(Topics.AUDIT_RECORDED, "hopital-nord", AuditRecordedV1.success("ingestion-service", "hopital-nord", "x", List.of(),
                "READ", "readings", marker, null, Map.of()));
        await("a later event of the same partition", () -> !entries(marker).isEmpty());
        // then it is there once
        List<Map<String, Object>> found = entries(resourceId);
        assertEquals(1, found.size());
        assertEquals("ingestion-service", found.get(0).get("source"));
        assertEquals("results=12", found.get(0).get("details"));
        as("auditor").get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void shouldRefuseUpdatesAndDeletesOfTheTrail() throws SQLException {
        patient("clinician-nord", "hopital-nord");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            SQLException update = assertThrows(SQLException.class, () -> s.executeUpdate("update audit_entry set actor_id = 'someone-else'"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            SQLException delete = assertThrows(SQLException.class, () -> s.executeUpdate("delete from audit_entry"));
            assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
        }
    }

    @Test
    void shouldDetectAModifiedAndADeletedEntryWhenVerifying() throws SQLException {
        // given a trail with entries
        String id = patient("clinician-nord", "hopital-nord");
        as("clinician-nord").get("/api/v1/patients/" + id).then().statusCode(200);
        as("auditor").get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
        long seq = ((Number) entries(id).get(1).get("seq")).longValue();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // when someone with the table owner's rights bypasses the trigger and rewrites who read the record
            s.execute("alter table audit_entry disable trigger audit_entry_append_only");
            try {
                s.executeUpdate("update audit_entry set actor_id = 'someone-else' where seq = " + seq);
                // then
                JsonPath v = as("auditor").get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath();
                assertFalse(v.getBoolean("valid"));
                assertEquals(seq, v.getLong("firstInvalidSeq"));
                assertTrue(v.getString("reason").contains("modified"), v.getString("reason"));
                s.executeUpdate("update audit_entry set actor_id = '" + PatientFixtures.CLINICIAN_NORD + "' where seq = " + seq);
                as("auditor").get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
                // and when an entry is deleted
                s.execute("create temp table kept as select * from audit_entry where seq = " + seq);
                s.executeUpdate("delete from audit_entry where seq = " + seq);
                JsonPath gone = as("auditor").get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath();
                assertFalse(gone.getBoolean("valid"));
                assertTrue(gone.getLong("firstInvalidSeq") > seq);
                assertTrue(gone.getString("reason").contains("does not follow"), gone.getString("reason"));
                s.executeUpdate("insert into audit_entry overriding system value select * from kept");
            } finally {
                s.execute("alter table audit_entry enable trigger audit_entry_append_only");
            }
        }
        as("auditor").get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void shouldLetOnlyAuditorsReadTheTrail() {
        given().get("/api/v1/audit").then().statusCode(401);
        given().get("/api/v1/audit/verify").then().statusCode(401);
        for (String user : List.of("clinician-nord", "nurse-sud", "platform-admin", "device-admin-nord")) {
            as(user).get("/api/v1/audit").then().statusCode(403);
            as(user).get("/api/v1/audit/verify").then().statusCode(403);
        }
        as("auditor").queryParam("from", "yesterday").get("/api/v1/audit").then().statusCode(400).body("errors[0].field", equalTo("from"));
    }
}
