package io.vigie.ingestion.it;

import io.vigie.core.crypto.SecretHash;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.device.CertificateKind;
import io.vigie.events.device.CertificateStatus;
import io.vigie.events.device.ClinicalGrade;
import io.vigie.events.device.CredentialKind;
import io.vigie.events.device.DeviceClass;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.device.DeviceStatus;
import io.vigie.events.device.PayloadMapping;
import io.vigie.events.device.RegulatoryStatus;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.DeviceAssignmentsV1;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Contract-level fixtures: device states, assignments and consent are produced on the real Kafka topics exactly as
 * the registry and patient-service publish them (the full chain through those services is tested in e2e).
 */
public final class Fixtures {

    /** One secret (and its slow hash) shared by the test devices: each device still has its own credential id. */
    public static final String SECRET = SecretHash.newSecret();
    static final String HASH = SecretHash.hash(SECRET);
    static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() * 1000);
    static final List<String> VITALS = List.of("8867-4", "2708-6", "85354-9", "29463-7", "8310-5", "9279-1", "41653-7", "14743-9", "67775-7");

    private Fixtures() {
    }

    /** A device as the registry describes it. */
    public record Device(UUID id, String tenant, UUID credentialId, DeviceStatus status, List<DeviceStateV1.Credential> credentials,
            List<String> codes, PayloadMapping mapping, long sequence) {

        public String secret() {
            return SECRET;
        }

        public String readingsTopic() {
            return "vigie/v1/devices/" + id + "/readings";
        }

        public String eventsTopic() {
            return "vigie/v1/devices/" + id + "/events";
        }

        public Device with(DeviceStatus s, List<DeviceStateV1.Credential> creds) {
            return new Device(id, tenant, credentialId, s, creds, codes, mapping, SEQUENCE.incrementAndGet());
        }
    }

    public static Device device(String tenant, DeviceStatus status) {
        return device(tenant, status, VITALS, null);
    }

    public static Device device(String tenant, DeviceStatus status, List<String> codes, PayloadMapping mapping) {
        UUID credential = UUID.randomUUID();
        return new Device(UUID.randomUUID(), tenant, credential, status,
                List.of(new DeviceStateV1.Credential(credential, CredentialKind.SECRET, HASH, null, null)), codes, mapping,
                SEQUENCE.incrementAndGet());
    }

    public static DeviceStateV1 state(Device d) {
        ClinicalGrade.Inputs grade = new ClinicalGrade.Inputs(RegulatoryStatus.MEDICAL_DEVICE, DeviceClass.IIa,
                List.of(new ClinicalGrade.Certificate(UUID.randomUUID().toString(), "CE-TEST", CertificateKind.NB_CERTIFICATE,
                        CertificateStatus.VALID, LocalDate.now().minusYears(1), LocalDate.now().plusYears(1))),
                List.of("1.0"), "1.0");
        return new DeviceStateV1(UUID.randomUUID(), DeviceStateV1.TYPE, 1, Instant.now(), "device-registry", d.tenant(), d.sequence(), d.id(),
                UUID.randomUUID(), "SN-" + d.id(), DeviceKind.SMART_TEXTILE, d.status(), "1.0", d.codes(), d.credentials(), grade, d.mapping());
    }

    /** Publishes the device's state and waits until {@code visible} says ingestion applied it. */
    public static Device publish(Device d, BooleanSupplier visible) {
        send(Topics.DEVICE_STATE, d.id().toString(), state(d));
        await("device " + d.id() + " in the directory", visible);
        return d;
    }

    public static void assign(UUID deviceId, UUID patientId, String tenant, Instant from) {
        DeviceAssignmentsV1 a = new DeviceAssignmentsV1(UUID.randomUUID(), DeviceAssignmentsV1.TYPE, 1, Instant.now(), "patient-service", tenant,
                deviceId, List.of(new DeviceAssignmentsV1.Assignment(UUID.randomUUID(), patientId, from, null)));
        send(Topics.ASSIGNMENT_STATE, deviceId.toString(), a);
    }

    public static void consent(UUID patientId, String tenant, ConsentStateV1.Status status, Instant effectiveAt) {
        send(Topics.CONSENT_STATE, patientId.toString(), new ConsentStateV1(UUID.randomUUID(), ConsentStateV1.TYPE, 1, Instant.now(),
                "patient-service", tenant, patientId, status, effectiveAt));
    }

    static void send(String topic, String key, Object event) {
        KafkaProbe.sendJson(topic, key, event);
    }

    /** Polls {@code condition} until true, at most 20 s; fails the test otherwise. */
    public static void await(String what, BooleanSupplier condition) {
        io.vigie.core.testing.Await.until(what, Duration.ofSeconds(20), condition);
    }

    public static String reading(String id, String code, Object value, String unit, Instant ts) {
        return "{\"id\":\"" + id + "\",\"code\":\"" + code + "\",\"value\":" + (value instanceof String ? "\"" + value + "\"" : value)
                + (unit == null ? "" : ",\"unit\":\"" + unit + "\"") + ",\"ts\":\"" + ts + "\"}";
    }

    public static String readings(Long seq, String... readings) {
        return "{" + (seq == null ? "" : "\"seq\":" + seq + ",") + "\"readings\":[" + String.join(",", readings) + "]}";
    }
}
