package io.vigie.patient.it;

import static io.restassured.RestAssured.given;
import static io.vigie.patient.it.PatientFixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.Await;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Poison records through the real consumers: to the DLQ with their reason, the partition goes on; replay; the admin API. */
@QuarkusTest
class DeadLetterTest {

    static final String DLQ = KafkaProbe.physical(Topics.dlq(Topics.AUDIT_RECORDED));

    @Test
    void shouldDeadLetterUndecodableAndInvalidRecordsWithTheirReasonAndProcessTheRecordsAfterThem() {
        try (KafkaProbe dlq = KafkaProbe.fromNow(Topics.dlq(Topics.AUDIT_RECORDED))) {
            // given a record that is not JSON, one that breaks the contract (no action), then a valid one, on one partition
            String key = "poison-" + UUID.randomUUID();
            KafkaProbe.send(Topics.AUDIT_RECORDED, key, "{not json at all");
            KafkaProbe.send(Topics.AUDIT_RECORDED, key, "null"); // JSON, but no event
            AuditRecordedV1 valid = audit("READ");
            AuditRecordedV1 invalid = new AuditRecordedV1(UUID.randomUUID(), AuditRecordedV1.TYPE, 1, valid.occurredAt(), "alerting-service",
                    "hopital-nord", "u", List.of(), null, "alert", "a-1", "SUCCESS", null, Map.of());
            KafkaProbe.sendJson(Topics.AUDIT_RECORDED, key, invalid);
            KafkaProbe.sendJson(Topics.AUDIT_RECORDED, key, valid);
            // then both poison records are in the DLQ with why, and the valid record after them was chained
            ConsumerRecord<String, String> undecodable = dlq.await(r -> key.equals(r.key()) && "undecodable".equals(header(r, "vigie-dlq-kind"))
                    && "patient-audit".equals(header(r, "vigie-dlq-consumer")), Duration.ofSeconds(30));
            assertTrue(header(undecodable, "vigie-dlq-reason").startsWith("record is not a valid AuditRecordedV1"), header(undecodable, "vigie-dlq-reason"));
            assertEquals("io.vigie.core.messaging.EventReader$UnreadableEvent", header(undecodable, "vigie-dlq-exception"));
            assertEquals(KafkaProbe.physical(Topics.AUDIT_RECORDED), header(undecodable, "vigie-dlq-topic"));
            assertTrue(header(undecodable, "vigie-dlq-offset").matches("\\d+") && header(undecodable, "vigie-dlq-first-failure").contains("T"));
            assertEquals("{not json at all", undecodable.value(), "the record as it was received, for a replay after a fix");
            dlq.await(r -> key.equals(r.key()) && "null".equals(r.value()) && "patient-audit".equals(header(r, "vigie-dlq-consumer")),
                    Duration.ofSeconds(30));
            ConsumerRecord<String, String> contract = dlq.await(r -> key.equals(r.key()) && "invalid".equals(header(r, "vigie-dlq-kind"))
                    && "patient-audit".equals(header(r, "vigie-dlq-consumer")), Duration.ofSeconds(30));
            assertEquals("AuditRecordedV1 breaks its contract: action", header(contract, "vigie-dlq-reason"));
            Await.until("the valid record after them chained", Duration.ofSeconds(30),
                    () -> !as("auditor").queryParam("resourceId", valid.resourceId()).get("/api/v1/audit").then().extract()
                            .jsonPath().getList("items").isEmpty());
        }
    }

    @Test
    void shouldReplayARefusedRecordOnceAfterAFixAndChangeNothingWhenReplayedAgain() {
        RefusingAuditChecker.fixed = false;
        AuditRecordedV1 refused = audit(RefusingAuditChecker.ACTION);
        AuditRecordedV1 after = audit("READ");
        try (KafkaProbe dlq = KafkaProbe.fromNow(Topics.dlq(Topics.AUDIT_RECORDED))) {
            // given a record the checker refuses, and one after it
            KafkaProbe.sendJson(Topics.AUDIT_RECORDED, "hopital-nord", refused);
            KafkaProbe.sendJson(Topics.AUDIT_RECORDED, "hopital-nord", after);
            ConsumerRecord<String, String> dead = dlq.await(r -> "test-audit-checker".equals(header(r, "vigie-dlq-consumer"))
                    && r.value() != null && r.value().contains(refused.eventId().toString()), Duration.ofSeconds(30));
            assertEquals("refused", header(dead, "vigie-dlq-kind"));
            assertEquals("action test.refused-until-fixed is not supported by this version", header(dead, "vigie-dlq-reason"));
            String at = dead.partition() + ":" + dead.offset();

            // the admin view lists it with ids and reason, never the record's content
            JsonPath view = JsonPath.from(as("platform-admin").get("/api/v1/admin/dlq").then().statusCode(200).extract().asString());
            Map<String, Object> listed = view.getMap("topics.find { it.topic == '" + DLQ + "' }.records.find { it.offset == " + dead.offset() + " }");
            assertEquals(refused.eventId().toString(), listed.get("eventId"));
            assertEquals("test-audit-checker", listed.get("consumer"));
            assertEquals("refused", listed.get("kind"));
            assertNull(listed.get("replayed"));
            assertFalse(view.prettify().contains(RefusingAuditChecker.ACTION + "\""), "no payload in the view");
            assertEquals("ok", view.getString("consumers.find { it.name == 'patient-audit' }.state"));

            // when the fix is deployed and the dead letter replayed
            RefusingAuditChecker.fixed = true;
            JsonPath first = JsonPath.from(as("platform-admin").body(Map.of("offsets", List.of(at))).post("/api/v1/admin/dlq/" + DLQ + "/replay")
                    .then().statusCode(200).extract().asString());
            assertEquals(List.of(refused.eventId().toString()), first.getList("replayed.eventId"));
            // then it is processed once
            Await.until("replayed record processed", Duration.ofSeconds(30), () -> RefusingAuditChecker.processed.contains(refused.eventId()));

            // and replaying it again changes nothing: skipped as already replayed, and forced, skipped by the consumers' ledger
            JsonPath second = JsonPath.from(as("platform-admin").body(Map.of("offsets", List.of(at))).post("/api/v1/admin/dlq/" + DLQ + "/replay")
                    .then().statusCode(200).extract().asString());
            assertTrue(second.getList("replayed").isEmpty());
            assertTrue(second.getString("skipped[0].why").startsWith("already replayed at "), second.prettify());
            as("platform-admin").body(Map.of("offsets", List.of(at), "force", true)).post("/api/v1/admin/dlq/" + DLQ + "/replay").then().statusCode(200)
                    .body("replayed.size()", equalTo(1));
            AuditRecordedV1 marker = audit(RefusingAuditChecker.ACTION);
            KafkaProbe.sendJson(Topics.AUDIT_RECORDED, "hopital-nord", marker);
            Await.until("a later record processed", Duration.ofSeconds(30), () -> RefusingAuditChecker.processed.contains(marker.eventId()));
            assertEquals(1, RefusingAuditChecker.processed.stream().filter(refused.eventId()::equals).count(), "processed once, whatever the replays");
            assertEquals(1, as("auditor").queryParam("resourceId", refused.resourceId()).get("/api/v1/audit").then().extract().jsonPath()
                    .getList("items").size(), "the real audit consumer skipped the replays (ledger)");
            Map<String, Object> replayed = JsonPath.from(as("platform-admin").get("/api/v1/admin/dlq").then().extract().asString())
                    .getMap("topics.find { it.topic == '" + DLQ + "' }.records.find { it.offset == " + dead.offset() + " }.replayed");
            assertEquals(PatientFixtures.PLATFORM_ADMIN, replayed.get("by"));
            // and every replay is audited
            Await.until("replays audited", Duration.ofSeconds(30), () -> as("auditor").queryParam("resourceId", DLQ).queryParam("resource", "dlq")
                    .get("/api/v1/audit").then().extract().jsonPath().getList("items.action").stream().filter("dlq.replay"::equals).count() >= 2);
        }
    }

    @Test
    void shouldRefuseToReplayOntoACompactedStateTopic() {
        // given an unreadable device state dead-lettered by patient-service
        String device = UUID.randomUUID().toString();
        try (KafkaProbe dlq = KafkaProbe.fromNow(Topics.dlq(Topics.DEVICE_STATE))) {
            KafkaProbe.send(Topics.DEVICE_STATE, device, "{\"deviceId\": 12");
            ConsumerRecord<String, String> dead = dlq.await(r -> device.equals(r.key()), Duration.ofSeconds(30));
            // when a platform admin replays it, then it is refused: it would become the newest state of the device
            as("platform-admin").body(Map.of("offsets", List.of(dead.partition() + ":" + dead.offset())))
                    .post("/api/v1/admin/dlq/" + KafkaProbe.physical(Topics.dlq(Topics.DEVICE_STATE)) + "/replay").then().statusCode(409)
                    .contentType(startsWith("application/problem+json")).body("type", equalTo("urn:vigie:problem:state-topic-not-replayed"));
        }
    }

    @Test
    void shouldRefuseTheDlqOperationsToAnyoneButAPlatformAdminAndRefuseABadSelection() {
        given().get("/api/v1/admin/dlq").then().statusCode(401).contentType(startsWith("application/problem+json"));
        as("clinician-nord").get("/api/v1/admin/dlq").then().statusCode(403).contentType(startsWith("application/problem+json"));
        as("auditor").get("/api/v1/admin/dlq").then().statusCode(403);
        given().contentType("application/json").body("{}").post("/api/v1/admin/dlq/" + DLQ + "/replay").then().statusCode(401);
        as("nurse-nord").body(Map.of("offsets", List.of("0:1"))).post("/api/v1/admin/dlq/" + DLQ + "/replay").then().statusCode(403);
        as("platform-admin").body(Map.of()).post("/api/v1/admin/dlq/" + DLQ + "/replay").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("offsets"));
        as("platform-admin").body(Map.of("offsets", List.of("zero"))).post("/api/v1/admin/dlq/" + DLQ + "/replay").then().statusCode(400);
        as("platform-admin").body(Map.of("from", "2026-12-02T00:00:00Z", "to", "2026-12-01T00:00:00Z")).post("/api/v1/admin/dlq/" + DLQ + "/replay")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        as("platform-admin").body(Map.of("offsets", List.of("0:1"))).post("/api/v1/admin/dlq/some.other.topic.dlq/replay").then().statusCode(404);
    }

    static AuditRecordedV1 audit(String action) {
        return AuditRecordedV1.success("alerting-service", "hopital-nord", "u-" + UUID.randomUUID(), List.of("clinician"), action, "alert",
                "a-" + UUID.randomUUID(), "care", Map.of());
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
