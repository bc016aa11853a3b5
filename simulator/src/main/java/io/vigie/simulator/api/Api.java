package io.vigie.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vigie.auth.testing.KeycloakTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Vigie's public HTTP APIs as their users call them: a real Keycloak token of a demo user (OTP computed),
 * JSON bodies, {@code X-Purpose} declared. Non-2xx answers raise {@link Failed} with the problem+json detail.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** An answer that was not 2xx. */
    public static final class Failed extends RuntimeException {
        private final int status;
        private final JsonNode problem;

        Failed(String call, int status, JsonNode problem) {
            super(call + " answered " + status + (problem == null ? "" : ": " + problem.path("detail").asText(problem.toString())));
            this.status = status;
            this.problem = problem;
        }

        public int status() {
            return status;
        }

        public String type() {
            return problem == null ? "" : problem.path("type").asText("");
        }
    }

    /** Status, body (null when empty) and ETag of an answer. */
    public record Answer(int status, JsonNode body, String etag) {
    }

    private final Endpoints endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public JsonNode get(String user, String url) {
        return ok("GET", url, send(user, "GET", url, null, Map.of()));
    }

    public JsonNode post(String user, String url, Object body) {
        return ok("POST", url, send(user, "POST", url, body, Map.of()));
    }

    public JsonNode put(String user, String url, Object body, String ifMatch) {
        return ok("PUT", url, send(user, "PUT", url, body, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch)));
    }

    public JsonNode delete(String user, String url) {
        return ok("DELETE", url, send(user, "DELETE", url, null, Map.of()));
    }

    /** Any call, whatever the answer. */
    public Answer send(String user, String method, String url, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("X-Purpose", "care");
        if (user != null) {
            b.header("Authorization", "Bearer " + KeycloakTokens.forUser(user));
        }
        headers.forEach(b::header);
        try {
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), json, r.headers().firstValue("ETag").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode ok(String method, String url, Answer a) {
        if (a.status() / 100 != 2) {
            throw new Failed(method + " " + url, a.status(), a.body());
        }
        return a.body();
    }

    public String registry(String path) {
        return endpoints.registry() + path;
    }

    public String ingestion(String path) {
        return endpoints.ingestion() + path;
    }

    public String alerting(String path) {
        return endpoints.alerting() + path;
    }

    public String patients(String path) {
        return endpoints.patient() + path;
    }
}
