package io.vigie.patient.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.Await;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.device.DeviceStatus;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * patient-service's consumers while its PostgreSQL connections are cut: first refused for 32 s (a switchover that
 * takes long), then reset every half second for 10 s, while audit records (some delivered twice) and device states
 * flow. Everything is processed exactly once, nothing reaches a DLQ, and the service said it was not ready (never
 * not live) while it could not keep up.
 */
@QuarkusTest
@TestProfile(PostgresBehindProxy.class)
class InboxFaultTest {

    @Inject
    AgroalDataSource db; // JDBC, straight to the database: the test's own view, not through the proxy

    @Test
    void shouldProcessEveryRecordExactlyOnceWhenTheDatabaseIsCutRepeatedlyAndDeadLetterNothing() throws Exception {
        String run = UUID.randomUUID().toString();
        List<AuditRecordedV1> audits = new ArrayList<>();
        List<DeviceStateV1> devices = new ArrayList<>();
        int redelivered = 0;
        try (KafkaProbe auditDlq = KafkaProbe.fromNow(Topics.dlq(Topics.AUDIT_RECORDED));
                KafkaProbe deviceDlq = KafkaProbe.fromNow(Topics.dlq(Topics.DEVICE_STATE))) {
            // given the consumers are working
            audits.add(publishAudit(run, 0));
            Await.until("first audit record chained", Duration.ofSeconds(30), () -> count("audit_entry", ids(audits)) == 1);

            // when the database refuses connections for 32 s while records keep coming
            PostgresBehindProxy.proxy.cut();
            Instant down = Instant.now();
            for (int i = 1; Duration.between(down, Instant.now()).toSeconds() < 32; i++) {
                audits.add(publishAudit(run, i));
                if (i % 3 == 0) {
                    devices.add(publishDevice(i));
                }
                if (i % 10 == 0) { // what Kafka redelivers after a crash: the same event again
                    KafkaProbe.sendJson(Topics.AUDIT_RECORDED, "hopital-nord", audits.get(audits.size() - 5));
                    redelivered++;
                }
                Await.pause(250);
            }
            // then the service is not ready, and says which consumer and why; it is still live
            JsonPath ready = JsonPath.from(given().get("/q/health/ready").then().statusCode(503).extract().asString());
            String reason = ready.getString("checks.find { it.name == 'Event consumers (inbox)' }.data.'patient-audit'");
            assertTrue(reason.startsWith("stuck for"), reason);
            assertTrue(reason.contains("database") || reason.contains("connection") || reason.contains("timeout"), reason);
            given().get("/q/health/live").then().statusCode(200);
            String metrics = given().get("/q/metrics").asString();
            assertTrue(metrics.contains("vigie_inbox_retries_total{cause="), "retries are counted by cause");

            // and when connections come back but are reset every half second for 10 s
            Instant flapping = Instant.now();
            for (int i = 0; Duration.between(flapping, Instant.now()).toSeconds() < 10; i++) {
                PostgresBehindProxy.proxy.restore();
                audits.add(publishAudit(run, 10_000 + i));
                Await.pause(300);
                PostgresBehindProxy.proxy.cut();
                Await.pause(200);
            }
            PostgresBehindProxy.proxy.restore();

            // then after recovery every record was processed exactly once
            Await.until("every audit record chained", Duration.ofSeconds(120), () -> count("audit_entry", ids(audits)) == audits.size());
            Await.until("every device known", Duration.ofSeconds(60), () -> count("known_device", devices.stream().map(DeviceStateV1::deviceId).toList())
                    == devices.size());
            assertEquals(audits.size(), count("inbox_processed", ids(audits)), "one ledger row per event");
            given().get("/q/health/ready").then().statusCode(200);
            // a later record of every partition shows the redeliveries were seen, and skipped
            AuditRecordedV1 marker = publishAudit(run, 99_999);
            Await.until("marker chained", Duration.ofSeconds(30), () -> count("audit_entry", List.of(marker.eventId())) == 1);
            assertEquals(audits.size() + 1, count("audit_entry", ids(audits, marker)), "no entry twice");
            // (a fresh group also reads the poison records earlier test classes published: those are not this run's)
            assertEquals(0, auditDlq.seen().stream().filter(r -> r.value() != null && r.value().contains(run)).count(),
                    "no DLQ record: a database outage is transient");
            assertEquals(0, deviceDlq.seen().stream().filter(r -> devices.stream().anyMatch(d -> d.deviceId().toString().equals(r.key()))).count());
            JsonPath verify = JsonPath.from(PatientFixtures.as("auditor").get("/api/v1/audit/verify").then().statusCode(200).extract().asString());
            assertEquals(true, verify.getBoolean("valid"), "the chain is intact");
            System.out.printf("[inbox fault] audit sent %d (+%d redelivered), device states %d, chained %d, DLQ %d, proxy connections %d%n",
                    audits.size() + 1, redelivered, devices.size(), count("audit_entry", ids(audits, marker)),
                    auditDlq.seen().stream().filter(r -> r.value() != null && r.value().contains(run)).count(),
                    PostgresBehindProxy.proxy.accepted());
        }
    }

    static AuditRecordedV1 publishAudit(String run, int i) {
        AuditRecordedV1 e = AuditRecordedV1.success("alerting-service", "hopital-nord", "user-" + run, List.of("clinician"), "READ", "alert",
                run + "-" + i, "care", Map.of("n", Integer.toString(i)));
        KafkaProbe.sendJson(Topics.AUDIT_RECORDED, "hopital-nord", e);
        return e;
    }

    static DeviceStateV1 publishDevice(int i) {
        UUID device = UUID.randomUUID();
        DeviceStateV1 s = new DeviceStateV1(UUID.randomUUID(), DeviceStateV1.TYPE, 1, Instant.now(), "device-registry", "hopital-nord", i, device,
                UUID.randomUUID(), "SN-" + i, DeviceKind.SCALE, DeviceStatus.ACTIVE, "1.0", List.of("29463-7"), List.of(), null, null);
        KafkaProbe.sendJson(Topics.DEVICE_STATE, device.toString(), s);
        return s;
    }

    private static List<UUID> ids(List<AuditRecordedV1> events, AuditRecordedV1... more) {
        List<UUID> out = new ArrayList<>(events.stream().map(AuditRecordedV1::eventId).toList());
        for (AuditRecordedV1 m : more) {
            out.add(m.eventId());
        }
        return out;
    }

    /** Rows of {@code table} for these ids (event_id, or device_id for known_device). */
    private long count(String table, List<UUID> ids) {
        String column = table.equals("known_device") ? "device_id" : "event_id";
        String extra = table.equals("inbox_processed") ? " and consumer = 'patient-audit'" : "";
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select count(*) from " + table + " where " + column + " = any(?)" + extra)) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
