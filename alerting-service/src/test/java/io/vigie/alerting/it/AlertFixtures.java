package io.vigie.alerting.it;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.vigie.auth.testing.KeycloakTokens;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.MonitoringProgram;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Care plans and accepted readings produced on the real topics, as patient-service and ingestion publish them. */
public final class AlertFixtures {

    /** Keycloak id of clinician-nord (demo realm). */
    public static final String CLINICIAN_NORD = "a6fa1b9a-e900-5096-86a5-80c45ecb7306";
    public static final String NURSE_NORD = "bcb21adf-0ae0-5050-b708-cd58dc5bc151";

    private AlertFixtures() {
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(KeycloakTokens.forUser(user)).contentType("application/json");
    }

    /** A patient of {@code tenant} enrolled in {@code programs}, with clinician-nord and nurse-nord in the care team. */
    public static UUID patient(String tenant, boolean fallRisk, MonitoringProgram... programs) {
        return patient(UUID.randomUUID(), tenant, fallRisk, programs);
    }

    /** A random patient id whose records land on the same partition as {@code patient}'s (the topics are co-partitioned). */
    public static UUID samePartitionAs(UUID patient) {
        int partitions = KafkaProbe.partitions(Topics.READING_ACCEPTED);
        int wanted = KafkaProbe.partitionOf(patient.toString(), partitions);
        UUID other;
        do {
            other = UUID.randomUUID();
        } while (KafkaProbe.partitionOf(other.toString(), partitions) != wanted);
        return other;
    }

    public static UUID patient(UUID patient, String tenant, boolean fallRisk, MonitoringProgram... programs) {
        carePlan(patient, tenant, fallRisk, programs);
        String user = tenant.equals("hopital-nord") ? "clinician-nord" : "clinician-sud";
        await("care plan of " + patient + " applied", () -> as(user).get("/api/v1/patients/" + patient + "/rules").statusCode() == 200);
        return patient;
    }

    /** Publishes the patient's care plan as patient-service does (without waiting for alerting to apply it). */
    public static void carePlan(UUID patient, String tenant, boolean fallRisk, MonitoringProgram... programs) {
        CarePlanV1 plan = new CarePlanV1(UUID.randomUUID(), CarePlanV1.TYPE, 1, Instant.now(), "patient-service", tenant, patient, 72, false, fallRisk,
                false, java.util.Arrays.stream(programs).map(p -> new CarePlanV1.Enrollment(UUID.randomUUID(), p, LocalDate.now().minusDays(30), null,
                        null, null, null)).toList(),
                List.of(new CarePlanV1.CareTeamMember(CLINICIAN_NORD, "clinician"), new CarePlanV1.CareTeamMember(NURSE_NORD, "nurse")));
        send(Topics.CAREPLAN_STATE, patient.toString(), plan);
    }

    public static ReadingAcceptedV1 reading(UUID patient, String tenant, String code, double value, String unit, Instant at, boolean clinicalGrade) {
        UUID id = UUID.randomUUID();
        return new ReadingAcceptedV1(id, ReadingAcceptedV1.TYPE, 1, Instant.now(), "ingestion-service", tenant, id, "r-" + id, deviceOf(patient), DeviceKind.SCALE,
                patient, code, value, null, unit, null, at, Instant.now(), clinicalGrade, clinicalGrade ? List.of() : List.of("NO_VALID_CERTIFICATE"),
                null, null, "MQTT", false, null);
    }

    /** A blood-pressure panel reading of the patient's device. */
    public static ReadingAcceptedV1 bp(UUID patient, String tenant, int systolic, int diastolic, Instant at) {
        UUID id = UUID.randomUUID();
        return new ReadingAcceptedV1(id, ReadingAcceptedV1.TYPE, 1, Instant.now(), "ingestion-service", tenant, id, "bp-" + id, deviceOf(patient),
                DeviceKind.BLOOD_PRESSURE_MONITOR, patient, "85354-9", null, null, null,
                List.of(new ReadingAcceptedV1.Component("8480-6", systolic, "mm[Hg]"), new ReadingAcceptedV1.Component("8462-4", diastolic, "mm[Hg]")),
                at, Instant.now(), true, List.of(), null, null, "MQTT", false, null);
    }

    /** Each test patient has their own monitoring device (inhibition and heartbeats are per device). */
    public static UUID deviceOf(UUID patient) {
        return UUID.nameUUIDFromBytes(("device-of-" + patient).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static DeviceEventV1 event(UUID patient, String tenant, UUID device, String name, Map<String, Object> detail) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        return new DeviceEventV1(id, DeviceEventV1.TYPE, 1, now, "ingestion-service", tenant, device, DeviceKind.HOSPITAL_BED, patient, "e-" + id, name,
                now, now, true, List.of(), detail, "MQTT", false);
    }

    public static void publish(ReadingAcceptedV1 r) {
        send(Topics.READING_ACCEPTED, r.patientId().toString(), r);
    }

    public static void publish(DeviceEventV1 e) {
        send(Topics.DEVICE_EVENT, e.patientId().toString(), e);
    }

    static void send(String topic, String key, Object event) {
        KafkaProbe.sendJson(topic, key, event);
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(30), condition);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        io.vigie.core.testing.Await.until(what, timeout, condition);
    }

    /** Alerts of a patient (all statuses) as clinician-nord sees them. */
    public static List<Map<String, Object>> alerts(UUID patient) {
        return as("clinician-nord").queryParam("patientId", patient).get("/api/v1/alerts").then().statusCode(200).extract().path("items");
    }

    /** The patient's alerts of one rule: what a test means, whatever the timers (missed measurements) add beside them. */
    public static List<Map<String, Object>> alerts(UUID patient, String ruleKey) {
        return alerts(patient).stream().filter(a -> ruleKey.equals(a.get("ruleKey"))).toList();
    }
}
