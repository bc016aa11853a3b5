package io.vigie.auth.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every endpoint of a service, with real Keycloak tokens: 401 without a token, 403 for a user whose role may not,
 * 404 for staff of another hospital. A service's {@code @QuarkusTest} lists its endpoints once ({@link #build()}).
 */
public abstract class EndpointMatrix {

    /** One call: a user authenticated but refused by role, and (when the resource belongs to a hospital) one of another hospital. */
    public record Endpoint(String method, String path, Object body, Map<String, String> headers, String wrongRole, String otherHospital) {

        public Endpoint(String method, String path, Object body, String wrongRole, String otherHospital) {
            this(method, path, body, Map.of(), wrongRole, otherHospital);
        }

        @Override
        public String toString() {
            return method + " " + path.replaceAll("[0-9a-f-]{36}", "{id}");
        }
    }

    private static final Map<Class<?>, List<Endpoint>> BUILT = new ConcurrentHashMap<>();

    /** The endpoints and the fixtures they need; called once per test class, when the application is running. */
    protected abstract List<Endpoint> build();

    /** Headers sent with every call (e.g. {@code If-Match: *}). */
    protected Map<String, String> headers() {
        return Map.of();
    }

    /** More checks on a 404 across hospitals (e.g. that the detail names the resource). */
    protected void check404(Endpoint e, ValidatableResponse response) {
    }

    protected final List<Endpoint> endpoints() {
        return BUILT.computeIfAbsent(getClass(), c -> build());
    }

    private static RequestSpecification authenticated(String user) {
        return given().auth().oauth2(KeycloakTokens.forUser(user));
    }

    private RequestSpecification send(RequestSpecification spec, Endpoint e) {
        spec = spec.contentType(ContentType.JSON).headers(headers()).headers(e.headers());
        return e.body() == null ? spec : spec.body(e.body());
    }

    @TestFactory
    List<DynamicTest> shouldAnswer401WithoutAToken() {
        return endpoints().stream().map(e -> DynamicTest.dynamicTest(e.toString(), () -> send(given(), e).request(e.method(), e.path()).then()
                .statusCode(401).contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", equalTo("Bearer realm=\"vigie\"")))).toList();
    }

    @TestFactory
    List<DynamicTest> shouldAnswer403ForAWrongRole() {
        return endpoints().stream().map(e -> DynamicTest.dynamicTest(e + " as " + e.wrongRole(), () ->
                send(authenticated(e.wrongRole()), e).request(e.method(), e.path()).then().statusCode(403)
                        .contentType(startsWith("application/problem+json")))).toList();
    }

    @TestFactory
    List<DynamicTest> shouldAnswer404AcrossHospitals() {
        return endpoints().stream().filter(e -> e.otherHospital() != null).map(e -> DynamicTest.dynamicTest(e + " as " + e.otherHospital(), () ->
                check404(e, send(authenticated(e.otherHospital()), e).request(e.method(), e.path()).then().statusCode(404)
                        .contentType(startsWith("application/problem+json"))))).toList();
    }
}
