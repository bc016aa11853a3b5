package io.vigie.alerting;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.auth.testing.ProtectedEndpointContract;

@QuarkusTest
class AlertingServiceSecurityTest extends ProtectedEndpointContract {

    @Override
    protected String path() {
        return "/api/v1/alerts";
    }

    @Override
    protected String allowedUser() {
        return "nurse-sud";
    }

    @Override
    protected String userWithWrongRole() {
        return "device-admin-nord";
    }

    @Override
    protected String audience() {
        return "alerting-service";
    }

    @Override
    protected int statusForNurseNord() {
        return 200;
    }
}
