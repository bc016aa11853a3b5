package io.vigie.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.auth.testing.KeycloakTokens;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The realm file, the role catalogue and the token helper must agree; the realm keeps its security settings. */
class RealmFileTest {

    private static JsonNode realm;

    @BeforeAll
    static void load() throws IOException {
        realm = new ObjectMapper().readTree(Path.of("realm", "vigie-realm.json").toFile());
    }

    @Test
    void shouldDefineEveryRoleOfTheCatalogueWhenImported() throws IllegalAccessException {
        Set<String> realmRoles = new HashSet<>();
        realm.at("/roles/realm").forEach(r -> realmRoles.add(r.get("name").asText()));
        for (Field f : Roles.class.getFields()) {
            String value = (String) f.get(null);
            if (!f.getName().endsWith("_CLAIM")) {
                assertTrue(realmRoles.contains(value), "realm lacks role " + value);
            }
        }
    }

    @Test
    void shouldRequireOtpExactlyForClinicianDeviceAdminAndPlatformAdmin() {
        Set<String> mfaRoles = new HashSet<>();
        realm.at("/roles/realm").forEach(r -> {
            if (r.path("composites").path("realm").toString().contains(Roles.MFA_REQUIRED)) {
                mfaRoles.add(r.get("name").asText());
            }
        });
        assertEquals(Set.of(Roles.CLINICIAN, Roles.DEVICE_ADMIN, Roles.PLATFORM_ADMIN), mfaRoles);
        Set<String> withOtp = new HashSet<>();
        for (JsonNode user : realm.get("users")) {
            boolean mfa = StreamSupport.stream(user.path("realmRoles").spliterator(), false).anyMatch(r -> mfaRoles.contains(r.asText()));
            boolean hasOtp = StreamSupport.stream(user.path("credentials").spliterator(), false)
                    .anyMatch(c -> c.get("type").asText().equals("otp") && c.get("secretData").asText().contains(KeycloakTokens.DEMO_TOTP_SEED));
            assertEquals(mfa, hasOtp, user.get("username").asText() + ": an OTP role needs an OTP credential (and only they have one)");
            if (hasOtp) {
                withOtp.add(user.get("username").asText());
            }
        }
        assertEquals(KeycloakTokens.OTP_USERS, withOtp);
    }

    @Test
    void shouldGiveEveryDemoUserTheDocumentedDevOnlyPassword() {
        for (JsonNode user : realm.get("users")) {
            if (user.has("serviceAccountClientId")) {
                assertFalse(user.has("credentials"), "service accounts authenticate with their client secret");
                continue;
            }
            JsonNode password = StreamSupport.stream(user.get("credentials").spliterator(), false)
                    .filter(c -> c.get("type").asText().equals("password")).findFirst().orElseThrow();
            assertEquals(KeycloakTokens.DEMO_PASSWORD, password.get("value").asText());
            assertFalse(user.get("email").asText().isBlank());
        }
    }

    @Test
    void shouldEnforceStrongAuthenticationSettings() {
        assertEquals(300, realm.get("accessTokenLifespan").asInt(), "access tokens live 5 min");
        assertTrue(realm.get("revokeRefreshToken").asBoolean(), "refresh tokens rotate");
        assertEquals(0, realm.get("refreshTokenMaxReuse").asInt());
        assertTrue(realm.get("bruteForceProtected").asBoolean());
        assertFalse(realm.get("otpPolicyCodeReusable").asBoolean());
        Matcher length = Pattern.compile("length\\((\\d+)\\)").matcher(realm.get("passwordPolicy").asText());
        assertTrue(length.find() && Integer.parseInt(length.group(1)) >= 12);
        assertEquals("vigie-browser", realm.get("browserFlow").asText());
        assertEquals("vigie-direct-grant", realm.get("directGrantFlow").asText());
    }

    @Test
    void shouldNeverNameAMapperGroupsBecauseQuarkusWouldReadItAsRoles() {
        for (JsonNode client : realm.get("clients")) {
            for (JsonNode mapper : client.path("protocolMappers")) {
                assertFalse(mapper.get("name").asText().equals("groups"));
                assertFalse(mapper.path("config").path("claim.name").asText().equals("groups"));
            }
        }
    }

    @Test
    void shouldNotListClientScopesSoKeycloakCreatesItsDefaults() {
        assertFalse(realm.has("clientScopes"));
    }
}
