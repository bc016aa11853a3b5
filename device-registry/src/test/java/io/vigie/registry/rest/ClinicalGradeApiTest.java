package io.vigie.registry.rest;

import static io.vigie.registry.rest.RegistryApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClinicalGradeApiTest {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Test
    void shouldBeClinicalGradeWhenCertificateExpiresTomorrow() {
        String id = RegistryApi.registerNordId(RegistryApi.createModelWithCertificate(TODAY.plusDays(1)));
        as("clinician-nord").get("/api/v1/devices/" + id + "/clinical-grade")
                .then().statusCode(200).body("clinicalGrade", equalTo(true)).body("reasons", hasSize(0));
        as("nurse-nord").get("/api/v1/devices/" + id).then().statusCode(200).body("clinicalGrade.clinicalGrade", equalTo(true));
    }

    @Test
    void shouldNotBeClinicalGradeWithReasonWhenCertificateExpiredYesterday() {
        String id = RegistryApi.registerNordId(RegistryApi.createModelWithCertificate(TODAY.minusDays(1)));
        as("clinician-nord").get("/api/v1/devices/" + id + "/clinical-grade")
                .then().statusCode(200).body("clinicalGrade", equalTo(false))
                .body("reasons[0].code", equalTo("NO_VALID_CERTIFICATE"))
                .body("reasons[0].message", containsString("expired on " + TODAY.minusDays(1)));
        // the same device was clinical grade two days ago
        as("clinician-nord").queryParam("date", TODAY.minusDays(2).toString()).get("/api/v1/devices/" + id + "/clinical-grade")
                .then().statusCode(200).body("clinicalGrade", equalTo(true));
    }

    @Test
    void shouldNotBeClinicalGradeWhenFirmwareIsNotApproved() {
        String modelId = RegistryApi.createModelWithCertificate(TODAY.plusYears(1));
        String id = as("device-admin-nord").body(RegistryApi.device(modelId, "hopital-nord", "9.9.9-beta")).post("/api/v1/devices")
                .then().statusCode(201).extract().path("device.id");
        as("nurse-nord").get("/api/v1/devices/" + id + "/clinical-grade")
                .then().statusCode(200).body("clinicalGrade", equalTo(false)).body("reasons[0].code", equalTo("FIRMWARE_NOT_APPROVED"));
    }

    @Test
    void shouldNeverBeClinicalGradeWhenWellnessWatch() {
        String modelId = RegistryApi.createModel(RegistryApi.scaleModel(Map.of("kind", "WATCH", "regulatoryStatus", "WELLNESS",
                "measurementCodes", java.util.List.of("8867-4", "55423-8"))).entrySet().stream()
                .filter(e -> !e.getKey().equals("deviceClass") && !e.getKey().equals("udiDi"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        String id = RegistryApi.registerNordId(modelId);
        as("nurse-nord").get("/api/v1/devices/" + id + "/clinical-grade")
                .then().statusCode(200).body("clinicalGrade", equalTo(false)).body("reasons[0].code", equalTo("NOT_A_MEDICAL_DEVICE"));
    }

    @Test
    void shouldRecomputeWhenCertificateIsSuspended() {
        String modelId = RegistryApi.createModel(RegistryApi.scaleModel(Map.of()));
        String certId = RegistryApi.addCertificate(modelId, "VALID", TODAY.minusYears(1), TODAY.plusYears(1));
        String id = RegistryApi.registerNordId(modelId);
        as("nurse-nord").get("/api/v1/devices/" + id + "/clinical-grade").then().body("clinicalGrade", equalTo(true));
        String etag = as("platform-admin").get("/api/v1/device-models/" + modelId).header("ETag");
        as("platform-admin").header("If-Match", "\"0\"").body(Map.of("kind", "NB_CERTIFICATE", "notifiedBody", "0459", "number", "CE-SUSP-" + id,
                        "issuedOn", TODAY.minusYears(1).toString(), "expiresOn", TODAY.plusYears(1).toString(), "status", "SUSPENDED"))
                .put("/api/v1/device-models/" + modelId + "/certificates/" + certId).then().statusCode(200).body("status", equalTo("SUSPENDED"));
        as("nurse-nord").get("/api/v1/devices/" + id + "/clinical-grade").then().body("clinicalGrade", equalTo(false))
                .body("reasons[0].message", containsString("SUSPENDED"));
        org.junit.jupiter.api.Assertions.assertEquals("\"0\"", etag, "the model itself did not change");
    }
}
