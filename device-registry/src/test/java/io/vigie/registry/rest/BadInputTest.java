package io.vigie.registry.rest;

import static io.vigie.registry.rest.RegistryApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear RFC 9457 answer naming the field, never a 500, a class name or the value echoed back. */
@QuarkusTest
class BadInputTest {

    static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status).contentType(startsWith("application/problem+json")).body("status", equalTo(status))
                .body(not(containsString("io.vigie"))).body(not(containsString("Exception")));
    }

    @Test
    void shouldNameEveryMissingFieldWhenBodyIsEmptyObject() {
        problem(as("platform-admin").body("{}").post("/api/v1/device-models").then(), 400)
                .body("errors.field", hasItems("manufacturer", "modelName", "kind", "measurementCodes", "regulatoryStatus",
                        "intendedPurpose", "approvedFirmware"));
        problem(as("device-admin-nord").body("{}").post("/api/v1/devices").then(), 400)
                .body("errors.field", hasItems("modelId", "serialNumber", "firmwareVersion"));
    }

    @Test
    void shouldRefuseATenMegabyteBodyWith413BeforeReadingIt() {
        String huge = "{\"manufacturer\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        problem(as("platform-admin").body(huge).post("/api/v1/device-models").then(), 413)
                .body("type", equalTo("urn:vigie:problem:payload-too-large"));
    }

    @Test
    void shouldNameTheFieldWhenTypeIsWrong() {
        Map<String, Object> body = RegistryApi.scaleModel(Map.of("measurementCodes", "29463-7"));
        problem(as("platform-admin").body(body).post("/api/v1/device-models").then(), 400)
                .body("errors[0].field", equalTo("measurementCodes")).body("errors[0].message", containsString("wrong type"));
        problem(as("platform-admin").body(RegistryApi.scaleModel(Map.of("approvedFirmware", Map.of("a", 1)))).post("/api/v1/device-models").then(), 400)
                .body("errors[0].field", equalTo("approvedFirmware"));
    }

    @Test
    void shouldListAllowedValuesWhenEnumIsUnknown() {
        problem(as("platform-admin").body(RegistryApi.scaleModel(Map.of("kind", "TOASTER"))).post("/api/v1/device-models").then(), 400)
                .body("errors[0].field", equalTo("kind")).body("errors[0].message", containsString("SCALE"));
    }

    @Test
    void shouldRefuseUnknownFieldsAndMalformedJson() {
        problem(as("platform-admin").body(RegistryApi.scaleModel(Map.of("colour", "blue"))).post("/api/v1/device-models").then(), 400)
                .body("errors[0].field", equalTo("colour")).body("errors[0].message", equalTo("unknown field"));
        problem(as("platform-admin").body("{\"manufacturer\": \"A\",").post("/api/v1/device-models").then(), 400)
                .body("errors[0].message", containsString("malformed JSON"));
        problem(as("platform-admin").body("[1,2]").post("/api/v1/device-models").then(), 400);
        problem(as("platform-admin").contentType("text/plain").body("hello").post("/api/v1/device-models").then(), 415);
    }

    @Test
    void shouldVerifyTheGtinCheckDigitAndRegulatoryRules() {
        problem(as("platform-admin").body(RegistryApi.scaleModel(Map.of("udiDi", "03700546702371"))).post("/api/v1/device-models").then(), 400)
                .body("errors.field", hasItem("udiDi")).body("errors.message", hasItem("the GTIN-14 check digit does not verify"));
        problem(as("platform-admin").body(RegistryApi.scaleModel(Map.of("udiDi", "123"))).post("/api/v1/device-models").then(), 400)
                .body("errors.field", hasItem("udiDi"));
        problem(as("platform-admin").body(RegistryApi.scaleModel(Map.of("regulatoryStatus", "IVD"))).post("/api/v1/device-models").then(), 400)
                .body("errors.field", hasItem("deviceClass"));
        problem(as("platform-admin").body(RegistryApi.scaleModel(Map.of("measurementCodes", List.of("29463-7", "0000-0"))))
                .post("/api/v1/device-models").then(), 400).body("errors.field", hasItem("measurementCodes[1]"));
    }

    @Test
    void shouldCheckMappingCodesAndUnitsWhenModelIsSaved() {
        Map<String, Object> mapping = Map.of("format", "json-pointer/v1", "id", "/id", "timestamp", "/t", "timestampFormat", "EPOCH_SECONDS",
                "readings", List.of(Map.of("code", "29463-7", "value", "/w", "unit", "stone"), Map.of("code", "8867-4", "value", "/hr", "unit", "/min")));
        problem(as("platform-admin").body(RegistryApi.scaleModel(Map.of("payloadMapping", mapping))).post("/api/v1/device-models").then(), 400)
                .body("errors.field", hasItems("payloadMapping.readings[0].unit", "payloadMapping.readings[1].code"));
    }

    @Test
    void shouldRefuseCertificatesThatBreakTheRules() {
        String modelId = RegistryApi.createModel(RegistryApi.scaleModel(Map.of()));
        Map<String, Object> cert = new HashMap<>(Map.of("kind", "NB_CERTIFICATE", "notifiedBody", "459", "number", "CE-1",
                "issuedOn", "2024-01-01", "expiresOn", "2029-01-01", "status", "VALID"));
        problem(as("platform-admin").body(cert).post("/api/v1/device-models/" + modelId + "/certificates").then(), 400)
                .body("errors[0].field", equalTo("notifiedBody"));
        cert.put("notifiedBody", "0459");
        cert.put("expiresOn", "2023-01-01");
        problem(as("platform-admin").body(cert).post("/api/v1/device-models/" + modelId + "/certificates").then(), 400)
                .body("errors[0].field", equalTo("expiresOn"));
        cert.put("status", "MAYBE");
        problem(as("platform-admin").body(cert).post("/api/v1/device-models/" + modelId + "/certificates").then(), 400)
                .body("errors[0].field", equalTo("status"));
        Map<String, Object> doc = Map.of("kind", "DECLARATION_OF_CONFORMITY", "number", "DoC-1", "issuedOn", "2024-01-01", "status", "VALID");
        problem(as("platform-admin").body(doc).post("/api/v1/device-models/" + modelId + "/certificates").then(), 422)
                .body("type", equalTo("urn:vigie:problem:certificate-required"));
        cert.put("status", "VALID");
        cert.put("expiresOn", "2029-01-01");
        problem(as("platform-admin").body(cert).post("/api/v1/device-models/" + LocalDate.now() + "/certificates").then(), 404);
        problem(as("platform-admin").body(cert).post("/api/v1/device-models/" + java.util.UUID.randomUUID() + "/certificates").then(), 404)
                .body("type", equalTo("urn:vigie:problem:not-found"));
    }

    @Test
    void shouldBoundPagingAndRefuseDuplicateSerials() {
        problem(as("nurse-nord").queryParam("size", 1000).get("/api/v1/devices").then(), 400).body("errors[0].field", equalTo("size"));
        problem(as("nurse-nord").queryParam("page", -1).get("/api/v1/devices").then(), 400);
        problem(as("nurse-nord").queryParam("status", "BROKEN").get("/api/v1/devices").then(), 404);
        String modelId = RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(1));
        Map<String, Object> device = RegistryApi.device(modelId, "hopital-nord", "2.5.0");
        as("device-admin-nord").body(device).post("/api/v1/devices").then().statusCode(201);
        problem(as("device-admin-nord").body(device).post("/api/v1/devices").then(), 409).body("type", equalTo("urn:vigie:problem:duplicate-serial"));
    }
}
