package io.vigie.registry.rest;

import static io.vigie.registry.rest.RegistryApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vigie.core.crypto.SecretHash;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.outbox.OutboxEntry;
import io.vigie.registry.service.DeviceService;
import io.vigie.registry.service.Lifecycle;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CredentialsAndEventsTest {

    static final Duration KAFKA_WAIT = Duration.ofSeconds(20);

    @Inject
    DeviceService devices;

    @Test
    void shouldKeepTheOldSecretValidForTheGracePeriodWhenRotated() {
        // given a device and its first secret
        String modelId = RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(1));
        var registered = RegistryApi.registerNord(modelId);
        String id = registered.path("device.id");
        String first = registered.path("secret");
        try (KafkaProbe states = KafkaProbe.fromNow(Topics.DEVICE_STATE)) {
            // when it is rotated
            Instant before = Instant.now();
            var rotated = as("device-admin-nord").post("/api/v1/devices/" + id + "/credentials/rotate");
            rotated.then().statusCode(200).body("device.credentials", hasSize(2));
            String second = rotated.path("secret");
            Instant graceEnd = Instant.parse(rotated.path("previousSecretValidUntil"));

            // then the old one stays usable 24 h (configured grace), and both verify against the published hashes
            assertTrue(Duration.between(before.plus(Duration.ofHours(24)), graceEnd).abs().toSeconds() < 60, graceEnd.toString());
            JsonPath state = JsonPath.from(states.await(r -> id.equals(r.key())
                    && JsonPath.from(r.value()).getList("credentials").size() == 2, KAFKA_WAIT).value());
            List<Map<String, String>> creds = state.getList("credentials");
            Map<String, String> old = creds.stream().filter(c -> c.get("validUntil") != null).findFirst().orElseThrow();
            Map<String, String> current = creds.stream().filter(c -> c.get("validUntil") == null).findFirst().orElseThrow();
            assertTrue(SecretHash.verify(first, old.get("secretHash")));
            assertTrue(SecretHash.verify(second, current.get("secretHash")));
            assertFalse(SecretHash.verify(first, current.get("secretHash")));
            assertFalse(state.prettify().contains(first) || state.prettify().contains(second), "secrets are never published");
        }
    }

    @Test
    void shouldPublishRevocationAfterCommitAndNeverOnRollback() throws Throwable {
        String modelId = RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(1));
        try (KafkaProbe states = KafkaProbe.fromNow(Topics.DEVICE_STATE)) {
            String rolledBack = RegistryApi.registerNordId(modelId);
            String committed = RegistryApi.registerNordId(modelId);
            as("device-admin-nord").post("/api/v1/devices/" + rolledBack + "/activate").then().statusCode(200);
            states.await(r -> rolledBack.equals(r.key()) && r.value().contains("\"status\":\"ACTIVE\""), KAFKA_WAIT);

            // given a suspension whose transaction fails after writing (status, state event, audit)
            IllegalStateException failure = null;
            try {
                TestTransactions.run(() -> Panache.withTransaction(() -> devices.transition(TestCallers.deviceAdminNord(),
                        UUID.fromString(rolledBack), Lifecycle.SUSPEND, null)
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("simulated failure after the write")))));
            } catch (IllegalStateException e) {
                failure = e;
            }
            assertNotNull(failure, "the transaction must have failed");

            // when a revocation of another device commits
            as("device-admin-nord").post("/api/v1/devices/" + committed + "/credentials/revoke").then().statusCode(200)
                    .body("credentials", hasSize(0));

            // then its event arrives with no credential left, and the rolled-back suspension was never published
            ConsumerRecord<String, String> revoked = states.await(r -> committed.equals(r.key())
                    && JsonPath.from(r.value()).getList("credentials").isEmpty(), KAFKA_WAIT);
            assertEquals("PROVISIONED", JsonPath.from(revoked.value()).getString("status"));
            assertTrue(states.seen().stream().noneMatch(r -> rolledBack.equals(r.key()) && r.value().contains("\"SUSPENDED\"")),
                    "rolled-back change was published");
            as("device-admin-nord").get("/api/v1/devices/" + rolledBack).then().body("status", equalTo("ACTIVE"));
            long rows = TestTransactions.run(() -> Panache.withSession(() -> OutboxEntry.count("recordKey", rolledBack)));
            assertEquals(2, rows, "only the registration and the activation of that device reached the outbox");
        }
    }

    @Test
    void shouldPublishStateWithTenantAndGradeInputsWhenActivated() {
        String modelId = RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(1));
        String id = RegistryApi.registerNordId(modelId);
        try (KafkaProbe states = KafkaProbe.fromNow(Topics.DEVICE_STATE)) {
            as("device-admin-nord").post("/api/v1/devices/" + id + "/activate").then().statusCode(200);
            JsonPath state = JsonPath.from(states.await(r -> id.equals(r.key()) && r.value().contains("\"ACTIVE\""), KAFKA_WAIT).value());
            assertEquals("ACTIVE", state.getString("status"));
            assertEquals("hopital-nord", state.getString("tenantId"));
            assertEquals("DeviceStateChanged", state.getString("eventType"));
            assertEquals("MEDICAL_DEVICE", state.getString("clinicalGradeInputs.regulatoryStatus"));
            assertEquals(List.of("29463-7"), state.getList("measurementCodes"));
            assertNull(state.get("payloadMapping"));
        }
    }

    @Test
    void shouldRecordAuditWithoutSecretsWhenDeviceWritten() {
        String modelId = RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(1));
        try (KafkaProbe audit = KafkaProbe.fromNow(Topics.AUDIT_RECORDED)) {
            var registered = RegistryApi.registerNord(modelId);
            String id = registered.path("device.id");
            String secret = registered.path("secret");
            ConsumerRecord<String, String> r = audit.await(x -> x.value().contains(id), KAFKA_WAIT);
            JsonPath a = JsonPath.from(r.value());
            assertEquals("CREATE", a.getString("action"));
            assertEquals("device", a.getString("resource"));
            assertEquals("hopital-nord", a.getString("tenantId"));
            assertEquals("device-registry", a.getString("source"));
            assertTrue(a.getList("actorRoles").contains("device-admin"));
            assertFalse(r.value().contains(secret));
            assertFalse(r.value().contains("pbkdf2"));
        }
    }
}
