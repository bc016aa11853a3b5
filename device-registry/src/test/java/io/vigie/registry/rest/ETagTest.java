package io.vigie.registry.rest;

import static io.vigie.registry.rest.RegistryApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ETagTest {

    static final Map<String, Object> UPDATE = Map.of("firmwareVersion", "2.5.0", "location", "Cardiologie, chambre 14");

    @Test
    void shouldUpdateWhenIfMatchIsCurrentAndRefuseWith412WhenStale() {
        String id = RegistryApi.registerNordId(RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(1)));
        String etag = as("device-admin-nord").get("/api/v1/devices/" + id).then().statusCode(200).extract().header("ETag");

        String next = as("device-admin-nord").header("If-Match", etag).body(UPDATE).put("/api/v1/devices/" + id)
                .then().statusCode(200).body("location", equalTo("Cardiologie, chambre 14")).extract().header("ETag");

        as("device-admin-nord").header("If-Match", etag).body(UPDATE).put("/api/v1/devices/" + id)
                .then().statusCode(412).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:vigie:problem:precondition-failed"));
        as("device-admin-nord").header("If-Match", next).body(UPDATE).put("/api/v1/devices/" + id).then().statusCode(200);
    }

    @Test
    void shouldAnswer428WhenIfMatchIsMissing() {
        String id = RegistryApi.registerNordId(RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(1)));
        as("device-admin-nord").body(UPDATE).put("/api/v1/devices/" + id).then().statusCode(428);
    }

    @Test
    void shouldMoveTheETagWhenLifecycleOrCredentialsChange() {
        String id = RegistryApi.registerNordId(RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(1)));
        as("device-admin-nord").header("If-Match", "\"0\"").post("/api/v1/devices/" + id + "/activate").then().statusCode(200)
                .header("ETag", equalTo("\"1\""));
        as("device-admin-nord").header("If-Match", "\"0\"").post("/api/v1/devices/" + id + "/suspend").then().statusCode(412);
        as("device-admin-nord").post("/api/v1/devices/" + id + "/credentials/rotate").then().statusCode(200).header("ETag", equalTo("\"2\""));
    }

    @Test
    void shouldProtectModelsWithETagsToo() {
        String modelId = RegistryApi.createModel(RegistryApi.scaleModel(Map.of()));
        Map<String, Object> changed = RegistryApi.scaleModel(Map.of("intendedPurpose", "Weight, updated purpose"));
        as("platform-admin").header("If-Match", "\"7\"").body(changed).put("/api/v1/device-models/" + modelId).then().statusCode(412);
        as("platform-admin").header("If-Match", "\"0\"").body(changed).put("/api/v1/device-models/" + modelId)
                .then().statusCode(200).header("ETag", equalTo("\"1\""));
    }
}
