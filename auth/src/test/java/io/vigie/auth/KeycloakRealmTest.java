package io.vigie.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.auth.testing.KeycloakTokens;
import org.junit.jupiter.api.Test;

/** The realm as the running Keycloak serves it (./platform infra up): real grants, real tokens. */
class KeycloakRealmTest {

    @Test
    void shouldRefuseTokenWhenOtpUserOmitsTheCode() {
        KeycloakTokens.Response answer = KeycloakTokens.passwordGrant("device-admin-sud", KeycloakTokens.DEMO_PASSWORD, null);
        assertEquals(401, answer.status(), answer.body());
        assertEquals("invalid_grant", answer.string("error"));
        assertEquals(null, answer.string("access_token"));
    }

    @Test
    void shouldIssueTokenWithRolesAndHospitalsWhenOtpUserGivesTheCode() {
        String claims = KeycloakTokens.payloadJson(KeycloakTokens.forUser("clinician-both"));
        assertTrue(claims.contains("\"clinician\""), claims);
        assertTrue(claims.contains("\"mfa-required\""), claims);
        assertTrue(claims.contains("\"hospital\":[\"hopital-nord\",\"hopital-sud\"]")
                || claims.contains("\"hospital\":[\"hopital-sud\",\"hopital-nord\"]"), claims);
        for (String service : new String[] {"device-registry", "ingestion-service", "alerting-service", "patient-service"}) {
            assertTrue(claims.contains("\"" + service + "\""), "user tokens are meant for every API: " + service);
        }
    }

    @Test
    void shouldIssueTokenWithoutOtpWhenRoleDoesNotRequireIt() {
        String claims = KeycloakTokens.payloadJson(KeycloakTokens.forUser("nurse-nord"));
        assertTrue(claims.contains("\"hospital\":[\"hopital-nord\"]"), claims);
        assertTrue(claims.contains("\"nurse\""), claims);
    }

    @Test
    void shouldGiveServiceAccountsOnlyTheirServiceRoleAndAudiences() {
        String claims = KeycloakTokens.payloadJson(KeycloakTokens.forClient("patient-service", "dev-only-patient-service-secret"));
        assertTrue(claims.contains("\"service-patient\""), claims);
        assertTrue(claims.contains("\"ingestion-service\"") && claims.contains("\"alerting-service\""), claims);
        assertTrue(!claims.contains("\"clinician\"") && !claims.contains("\"hospital\""), claims);
    }

    @Test
    void shouldRotateRefreshTokensWhenOneIsUsed() {
        KeycloakTokens.Response login = KeycloakTokens.passwordGrant("nurse-sud", KeycloakTokens.DEMO_PASSWORD, null);
        assertEquals(200, login.status(), login.body());
        String first = login.string("refresh_token");
        KeycloakTokens.Response renewed = refresh(first);
        assertEquals(200, renewed.status(), renewed.body());
        assertNotEquals(first, renewed.string("refresh_token"));
        assertEquals(400, refresh(first).status(), "a used refresh token is refused");
    }

    private static KeycloakTokens.Response refresh(String refreshToken) {
        return KeycloakTokens.post(java.util.Map.of("grant_type", "refresh_token", "client_id", KeycloakTokens.CLI_CLIENT,
                "refresh_token", refreshToken));
    }
}
