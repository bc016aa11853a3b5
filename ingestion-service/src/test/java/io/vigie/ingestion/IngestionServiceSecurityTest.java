package io.vigie.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.auth.testing.ProtectedEndpointContract;
import io.vigie.ingestion.directory.PatientDirectory;
import io.vigie.ingestion.it.Fixtures;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/** The security contract on the clinicians' query API, for a patient of Hôpital Nord. */
@QuarkusTest
class IngestionServiceSecurityTest extends ProtectedEndpointContract {

    static UUID patient;

    @Inject
    PatientDirectory patients;

    @Override
    protected synchronized String path() {
        if (patient == null) {
            UUID p = UUID.randomUUID();
            Fixtures.assign(UUID.randomUUID(), p, "hopital-nord", Instant.now().minusSeconds(3600));
            Fixtures.await("patient known", () -> patients.tenantOf(p).isPresent());
            patient = p;
        }
        return "/api/v1/patients/" + patient + "/vitals/latest";
    }

    @Override
    protected String allowedUser() {
        return "clinician-nord";
    }

    @Override
    protected String userWithWrongRole() {
        return "device-admin-nord";
    }

    @Override
    protected String audience() {
        return "ingestion-service";
    }

    @Override
    protected int statusForNurseNord() {
        return 200;
    }
}
