package io.vigie.patient.it;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restassured.specification.RequestSpecification;
import io.vigie.auth.testing.KeycloakTokens;
import io.vigie.core.testing.Await;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.device.DeviceStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/** Patients created through the API with real tokens; registry devices produced on the real state topic. */
public final class PatientFixtures {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Keycloak ids of the demo realm's users. */
    static final String CLINICIAN_NORD = "a6fa1b9a-e900-5096-86a5-80c45ecb7306";
    static final String NURSE_NORD = "bcb21adf-0ae0-5050-b708-cd58dc5bc151";
    static final String CLINICIAN_SUD = "550c6dc9-8214-5cbb-a8d7-b45970055f64";
    static final String PLATFORM_ADMIN = "e0e7e6b1-27d5-529f-94be-45ad94368cea";

    private PatientFixtures() {
    }

    /** Requests as a demo user, declaring the purpose of care. */
    static RequestSpecification as(String user) {
        return given().auth().oauth2(KeycloakTokens.forUser(user)).contentType("application/json").header("X-Purpose", "care");
    }

    /** A valid INS nobody else has: random 13-digit body with its key. */
    static String newIns() {
        long body = 1_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000_000L); // 1xxxxxxxxxxxx: a man
        return body + String.format("%02d", 97 - body % 97);
    }

    static Map<String, Object> spec(String hospital, String ins) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("hospitalId", hospital);
        p.put("ins", ins);
        p.put("localIds", List.of(Map.of("system", "IPP", "value", "L" + ThreadLocalRandom.current().nextInt(1_000_000))));
        p.put("familyName", "Durand");
        p.put("givenNames", "Paul");
        p.put("birthDate", "1950-03-14");
        p.put("sex", "M");
        p.put("contact", Map.of("phone", "+33 6 12 34 56 78"));
        p.put("fallRisk", false);
        p.put("pregnant", false);
        p.put("hypercapnicRespiratoryFailure", false);
        return p;
    }

    /** Creates a patient of {@code hospital} as {@code user}; returns its id. */
    static String patient(String user, String hospital) {
        return as(user).body(spec(hospital, newIns())).post("/api/v1/patients").then().statusCode(201).extract().path("id");
    }

    /** A registry device of {@code hospital}, published on the device state topic, known here once consumed. */
    static UUID device(String hospital, DeviceStatus status) {
        UUID id = UUID.randomUUID();
        publishDevice(id, hospital, status, 1);
        return id;
    }

    static void publishDevice(UUID id, String hospital, DeviceStatus status, long sequence) {
        DeviceStateV1 s = new DeviceStateV1(UUID.randomUUID(), DeviceStateV1.TYPE, DeviceStateV1.VERSION, Instant.now(), "device-registry", hospital,
                sequence, id, UUID.randomUUID(), "SN-" + id, DeviceKind.SCALE, status, "1.0.0", List.of("29463-7"), List.of(), null, null);
        send(Topics.DEVICE_STATE, id.toString(), s);
    }

    static void send(String topic, String key, Object event) {
        KafkaProbe.sendJson(topic, key, event);
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls {@code condition} until it holds (30 s at most). */
    static void await(String what, BooleanSupplier condition) {
        Await.until(what, condition);
    }
}
