package io.vigie.registry;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.auth.testing.ProtectedEndpointContract;

@QuarkusTest
class DeviceRegistrySecurityTest extends ProtectedEndpointContract {

    @Override
    protected String path() {
        return "/api/v1/devices";
    }

    @Override
    protected String allowedUser() {
        return "device-admin-nord";
    }

    @Override
    protected String userWithWrongRole() {
        return "auditor";
    }

    @Override
    protected String audience() {
        return "device-registry";
    }

    @Override
    protected int statusForNurseNord() {
        return 200;
    }
}
