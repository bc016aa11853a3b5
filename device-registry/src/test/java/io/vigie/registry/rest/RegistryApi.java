package io.vigie.registry.rest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vigie.auth.testing.KeycloakTokens;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test fixtures through the public API with real tokens: every test builds its own models and devices. */
public final class RegistryApi {

    private RegistryApi() {
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(KeycloakTokens.forUser(user)).contentType(ContentType.JSON);
    }

    /** A valid model body (medical device, class IIa scale); {@code overrides} replace fields. */
    public static Map<String, Object> scaleModel(Map<String, Object> overrides) {
        Map<String, Object> m = new HashMap<>();
        m.put("manufacturer", "Balances Test");
        m.put("modelName", "BT-" + UUID.randomUUID());
        m.put("kind", "SCALE");
        m.put("measurementCodes", List.of("29463-7"));
        m.put("regulatoryStatus", "MEDICAL_DEVICE");
        m.put("deviceClass", "IIa");
        m.put("basicUdiDi", "3700546WBC0001XY");
        m.put("udiDi", "03700546702372");
        m.put("intendedPurpose", "Body weight for remote monitoring of heart failure");
        m.put("approvedFirmware", new ArrayList<>(List.of("2.4.1", "2.5.0")));
        m.putAll(overrides);
        return m;
    }

    public static String createModel(Map<String, Object> body) {
        return as("platform-admin").body(body).post("/api/v1/device-models").then().statusCode(201).extract().path("id");
    }

    public static String createModelWithCertificate(LocalDate expiresOn) {
        String modelId = createModel(scaleModel(Map.of()));
        addCertificate(modelId, "VALID", LocalDate.now().minusYears(2), expiresOn);
        return modelId;
    }

    public static String addCertificate(String modelId, String status, LocalDate issuedOn, LocalDate expiresOn) {
        Map<String, Object> cert = new HashMap<>();
        cert.put("kind", "NB_CERTIFICATE");
        cert.put("notifiedBody", "0459");
        cert.put("number", "CE-" + UUID.randomUUID());
        cert.put("issuedOn", issuedOn.toString());
        cert.put("expiresOn", expiresOn.toString());
        cert.put("status", status);
        return as("platform-admin").body(cert).post("/api/v1/device-models/" + modelId + "/certificates")
                .then().statusCode(201).extract().path("id");
    }

    public static Map<String, Object> device(String modelId, String hospitalId, String firmware) {
        Map<String, Object> d = new HashMap<>();
        d.put("hospitalId", hospitalId);
        d.put("modelId", modelId);
        d.put("serialNumber", "SN-" + UUID.randomUUID().toString().substring(0, 13));
        d.put("firmwareVersion", firmware);
        d.put("location", "Cardiologie");
        return d;
    }

    /** Registers a device of Hôpital Nord (as device-admin-nord); returns the whole 201 answer. */
    public static Response registerNord(String modelId) {
        Response r = as("device-admin-nord").body(device(modelId, "hopital-nord", "2.5.0")).post("/api/v1/devices");
        r.then().statusCode(201);
        return r;
    }

    public static String registerNordId(String modelId) {
        return registerNord(modelId).path("device.id");
    }
}
