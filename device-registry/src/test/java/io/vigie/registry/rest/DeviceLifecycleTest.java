package io.vigie.registry.rest;

import static io.vigie.registry.rest.RegistryApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeviceLifecycleTest {

    @Test
    void shouldWalkTheWholeLifecycleWhenTransitionsAreLegal() {
        // given a registered device
        String modelId = RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(2));
        var registered = RegistryApi.registerNord(modelId);
        String id = registered.path("device.id");
        registered.then().body("device.status", equalTo("PROVISIONED")).body("secret", notNullValue())
                .header("Location", endsWith("/api/v1/devices/" + id)).header("ETag", equalTo("\"0\""));

        // when / then
        as("device-admin-nord").post("/api/v1/devices/" + id + "/activate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        as("device-admin-nord").post("/api/v1/devices/" + id + "/suspend").then().statusCode(200).body("status", equalTo("SUSPENDED"));
        as("device-admin-nord").post("/api/v1/devices/" + id + "/activate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        as("device-admin-nord").post("/api/v1/devices/" + id + "/retire").then().statusCode(200)
                .body("status", equalTo("RETIRED")).body("credentials", hasSize(0));
    }

    @Test
    void shouldRefuseIllegalTransitionsWith409() {
        String modelId = RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(2));
        String id = RegistryApi.registerNordId(modelId);

        as("device-admin-nord").post("/api/v1/devices/" + id + "/suspend").then().statusCode(409)
                .contentType(startsWith("application/problem+json")).body("type", equalTo("urn:vigie:problem:illegal-transition"));
        as("device-admin-nord").post("/api/v1/devices/" + id + "/activate").then().statusCode(200);
        as("device-admin-nord").post("/api/v1/devices/" + id + "/activate").then().statusCode(409);
        as("device-admin-nord").post("/api/v1/devices/" + id + "/retire").then().statusCode(200);
        as("device-admin-nord").post("/api/v1/devices/" + id + "/activate").then().statusCode(409);
        as("device-admin-nord").post("/api/v1/devices/" + id + "/suspend").then().statusCode(409);
        as("device-admin-nord").post("/api/v1/devices/" + id + "/retire").then().statusCode(409)
                .body("detail", equalTo("A RETIRED device cannot be retired: RETIRED is final."));
        as("device-admin-nord").post("/api/v1/devices/" + id + "/credentials/rotate").then().statusCode(409);
    }

    @Test
    void shouldAnswer404WhenActionIsUnknown() {
        String modelId = RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(2));
        String id = RegistryApi.registerNordId(modelId);
        as("device-admin-nord").post("/api/v1/devices/" + id + "/explode").then().statusCode(404);
    }
}
