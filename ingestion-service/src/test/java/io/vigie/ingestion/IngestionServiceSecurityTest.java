package io.vigie.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.auth.testing.ProtectedEndpointContract;

@QuarkusTest
class IngestionServiceSecurityTest extends ProtectedEndpointContract {

    @Override
    protected String path() {
        return "/api/v1/readings";
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
