package io.vigie.patient;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.auth.testing.ProtectedEndpointContract;

@QuarkusTest
class PatientServiceSecurityTest extends ProtectedEndpointContract {

    @Override
    protected String path() {
        return "/api/v1/patients";
    }

    @Override
    protected String allowedUser() {
        return "clinician-sud";
    }

    @Override
    protected String userWithWrongRole() {
        return "device-admin-sud";
    }

    @Override
    protected String audience() {
        return "patient-service";
    }

    @Override
    protected int statusForNurseNord() {
        return 200;
    }
}
