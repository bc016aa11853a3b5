package io.vigie.registry.rest;

import static io.vigie.registry.rest.RegistryApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vigie.auth.testing.EndpointMatrix;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every endpoint, with real tokens: 401 without a token, 403 for a wrong role, 404 across hospitals. */
@QuarkusTest
class RegistrySecurityTest extends EndpointMatrix {

    static String modelId;
    static String certificateId;
    static String nordDevice;

    @Override
    protected List<Endpoint> build() {
        modelId = RegistryApi.createModel(RegistryApi.scaleModel(Map.of()));
        certificateId = RegistryApi.addCertificate(modelId, "VALID", LocalDate.now().minusYears(1), LocalDate.now().plusYears(1));
        nordDevice = RegistryApi.registerNordId(modelId);
        Map<String, Object> cert = Map.of("kind", "NB_CERTIFICATE", "notifiedBody", "0459", "number", "CE-SEC", "issuedOn", "2024-01-01",
                "expiresOn", "2030-01-01", "status", "VALID");
        Map<String, Object> update = Map.of("firmwareVersion", "2.5.0");
        String d = "/api/v1/devices/" + nordDevice;
        String m = "/api/v1/device-models/" + modelId;
        return List.of(
                new Endpoint("GET", "/api/v1/device-models", null, "auditor", null),
                new Endpoint("POST", "/api/v1/device-models", RegistryApi.scaleModel(Map.of()), "device-admin-nord", null),
                new Endpoint("GET", m, null, "auditor", null),
                new Endpoint("PUT", m, RegistryApi.scaleModel(Map.of()), "device-admin-nord", null),
                new Endpoint("DELETE", m, null, "clinician-nord", null),
                new Endpoint("GET", m + "/certificates", null, "auditor", null),
                new Endpoint("POST", m + "/certificates", cert, "device-admin-nord", null),
                new Endpoint("PUT", m + "/certificates/" + certificateId, cert, "nurse-nord", null),
                new Endpoint("GET", "/api/v1/certificates/expiry-report", null, "clinician-nord", null),
                new Endpoint("GET", "/api/v1/devices", null, "auditor", null),
                new Endpoint("POST", "/api/v1/devices", RegistryApi.device(modelId, "hopital-nord", "2.5.0"), "clinician-nord", null),
                new Endpoint("GET", d, null, "auditor", "clinician-sud"),
                new Endpoint("PUT", d, update, "clinician-nord", "device-admin-sud"),
                new Endpoint("POST", d + "/activate", null, "nurse-nord", "device-admin-sud"),
                new Endpoint("POST", d + "/suspend", null, "platform-admin", "device-admin-sud"),
                new Endpoint("POST", d + "/retire", null, "clinician-both", "device-admin-sud"),
                new Endpoint("POST", d + "/credentials/rotate", null, "clinician-nord", "device-admin-sud"),
                new Endpoint("POST", d + "/credentials/revoke", null, "nurse-nord", "device-admin-sud"),
                new Endpoint("PUT", d + "/credentials/client-certificate", Map.of("fingerprintSha256", "ab".repeat(32)), "auditor", "device-admin-sud"),
                new Endpoint("GET", d + "/clinical-grade", null, "auditor", "nurse-sud"));
    }

    @Override
    protected Map<String, String> headers() {
        return Map.of("If-Match", "*");
    }

    @Override
    protected void check404(Endpoint e, ValidatableResponse response) {
        response.body("detail", equalTo("Device " + nordDevice + " does not exist."));
    }

    @Test
    void shouldRefuseRegistrationInAnotherHospitalWith403() {
        endpoints();
        as("device-admin-sud").body(RegistryApi.device(modelId, "hopital-nord", "2.5.0")).post("/api/v1/devices")
                .then().statusCode(403).body("type", equalTo("urn:vigie:problem:wrong-hospital"));
    }

    @Test
    void shouldHideOtherHospitalsDevicesFromSearch() {
        endpoints();
        as("device-admin-sud").get("/api/v1/devices").then().statusCode(200).body("items.id", not(hasItem(nordDevice)));
        as("device-admin-sud").queryParam("hospitalId", "hopital-nord").get("/api/v1/devices").then().statusCode(200)
                .body("total", equalTo(0));
        as("clinician-both").queryParam("hospitalId", "hopital-nord").queryParam("size", 200).get("/api/v1/devices").then().statusCode(200)
                .body("items.id", hasItem(nordDevice));
        as("clinician-both").get("/api/v1/devices/" + nordDevice).then().statusCode(200);
        as("platform-admin").get("/api/v1/devices/" + nordDevice).then().statusCode(200);
    }
}
