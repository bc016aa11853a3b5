package io.vigie.patient.it;

import static io.vigie.patient.it.PatientFixtures.patient;
import static io.vigie.patient.it.PatientFixtures.spec;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.auth.testing.EndpointMatrix;
import io.vigie.events.device.DeviceStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every endpoint: 401 without a token, 403 for a role that may not, 404 for staff of another hospital (real tokens). */
@QuarkusTest
class PatientAuthzTest extends EndpointMatrix {

    @Override
    protected List<Endpoint> build() {
        String id = patient("clinician-nord", "hopital-nord");
        String p = "/api/v1/patients/" + id;
        var enrollment = PatientFixtures.as("clinician-nord").body(Map.of("program", "DIABETES", "start", LocalDate.now().toString()))
                .post(p + "/enrollments").then().statusCode(201).extract();
        UUID device = PatientFixtures.device("hopital-nord", DeviceStatus.ACTIVE);
        String assignment = AssignmentTest.assign("nurse-nord", id, device, Instant.now(), null);
        String etag = PatientFixtures.as("clinician-nord").get(p).then().statusCode(200).extract().header("ETag");
        return List.of(
                new Endpoint("POST", "/api/v1/patients", spec("hopital-nord", null), "device-admin-nord", null),
                new Endpoint("GET", "/api/v1/patients", null, "auditor", null),
                new Endpoint("GET", p, null, "device-admin-nord", "clinician-sud"),
                new Endpoint("PUT", p, spec("hopital-nord", null), Map.of("If-Match", etag), "auditor", "nurse-sud"),
                new Endpoint("PUT", p + "/care-team", List.of(), "nurse-nord", "clinician-sud"),
                new Endpoint("POST", p + "/enrollments", Map.of("program", "RENAL_FAILURE", "start", LocalDate.now().toString()), "nurse-nord",
                        "clinician-sud"),
                new Endpoint("PUT", p + "/enrollments/" + enrollment.path("id"), Map.of("program", "DIABETES", "start", LocalDate.now().toString()),
                        Map.of("If-Match", enrollment.header("ETag")), "nurse-nord", "clinician-sud"),
                new Endpoint("POST", p + "/assignments", Map.of("deviceId", device, "from", Instant.now().plusSeconds(864_000).toString()),
                        "device-admin-nord", "nurse-sud"),
                new Endpoint("POST", p + "/assignments/" + assignment + "/end", Map.of(), "platform-admin", "clinician-sud"),
                new Endpoint("POST", p + "/consents", Map.of("status", "GIVEN"), "auditor", "nurse-sud"),
                new Endpoint("GET", p + "/export", null, "nurse-nord", "clinician-sud"),
                new Endpoint("DELETE", p + "?reason=test", null, "clinician-nord", null),
                new Endpoint("GET", p + "/erasure", null, "clinician-nord", null),
                new Endpoint("GET", "/api/v1/audit", null, "clinician-nord", null),
                new Endpoint("GET", "/api/v1/audit/verify", null, "platform-admin", null));
    }
}
