package io.vigie.auth.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * What every OIDC-protected endpoint of every service must do with real Keycloak tokens. A service's
 * {@code @QuarkusTest} extends it and names one GET endpoint, a user allowed on it and one refused by role.
 */
public abstract class ProtectedEndpointContract {

    /** GET path of a protected endpoint, e.g. /api/v1/devices. */
    protected abstract String path();

    /** A demo user whose role grants access. */
    protected abstract String allowedUser();

    /** A demo user authenticated but without a role granting access. */
    protected abstract String userWithWrongRole();

    /** The service's own client id, which is the audience its tokens must carry. */
    protected abstract String audience();

    /** Status a nurse of Hôpital Nord gets on {@link #path()} (the short-lived test token is such a nurse). */
    protected abstract int statusForNurseNord();

    @Test
    void shouldAnswer200WhenTokenIsValidAndRoleAllowed() {
        given().auth().oauth2(KeycloakTokens.forUser(allowedUser()))
                .when().get(path())
                .then().statusCode(200);
    }

    @Test
    void shouldAnswer401ProblemWhenNoToken() {
        given().when().get(path())
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(401));
    }

    @Test
    void shouldAnswer403ProblemWhenRoleIsWrong() {
        given().auth().oauth2(KeycloakTokens.forUser(userWithWrongRole()))
                .when().get(path())
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(403));
    }

    @Test
    void shouldAnswer401WhenSignatureIsTampered() {
        String[] jwt = KeycloakTokens.forUser(allowedUser()).split("\\.");
        char[] sig = jwt[2].toCharArray();
        int middle = sig.length / 2; // the last character may only carry padding bits
        sig[middle] = sig[middle] == 'A' ? 'B' : 'A';
        String tampered = jwt[0] + "." + jwt[1] + "." + new String(sig);
        given().auth().oauth2(tampered).when().get(path()).then().statusCode(401);
    }

    @Test
    void shouldAnswer401WhenPayloadIsTampered() {
        String token = KeycloakTokens.forUser(userWithWrongRole());
        String[] jwt = token.split("\\.");
        String payload = KeycloakTokens.payloadJson(token);
        // grant ourselves the allowed user's roles: the signature no longer matches
        String forged = payload.replaceFirst("\"roles\":\\[", "\"roles\":[\"platform-admin\",\"clinician\",\"nurse\",\"device-admin\",\"auditor\",");
        assertTrue(!forged.equals(payload), "the token payload carries realm roles");
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8));
        given().auth().oauth2(jwt[0] + "." + encoded + "." + jwt[2]).when().get(path()).then().statusCode(401);
    }

    @Test
    void shouldAnswer401WhenAudienceIsAnotherService() {
        // given a valid token of another client that was not issued for this service
        String token = KeycloakTokens.forClient("device-registry", "dev-only-device-registry-secret");
        java.util.regex.Matcher aud = java.util.regex.Pattern.compile("\"aud\":(\"[^\"]*\"|\\[[^\\]]*\\])")
                .matcher(KeycloakTokens.payloadJson(token));
        String audiences = aud.find() ? aud.group(1) : "";
        assertTrue(!audiences.contains("\"" + audience() + "\""), "token must not carry audience " + audience() + ": " + audiences);
        given().auth().oauth2(token).when().get(path()).then().statusCode(401);
    }

    @Test
    void shouldAnswer401WhenTokenExpired() throws InterruptedException {
        // given a token of a client whose tokens live 5 s, accepted while fresh
        String token = KeycloakTokens.freshForClient("vigie-test-short-lived", "dev-only-short-lived-secret");
        given().auth().oauth2(token).when().get(path()).then().statusCode(statusForNurseNord());
        long exp = Long.parseLong(KeycloakTokens.payloadJson(token).replaceAll(".*\"exp\":(\\d+).*", "$1"));
        // when it has expired (poll the clock with a deadline)
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().getEpochSecond() <= exp && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        // then
        given().auth().oauth2(token).when().get(path())
                .then().statusCode(401).body(not(containsString("Exception")));
    }
}
