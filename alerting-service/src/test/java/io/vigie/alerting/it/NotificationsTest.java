package io.vigie.alerting.it;

import static io.vigie.alerting.it.AlertFixtures.alerts;
import static io.vigie.alerting.it.AlertFixtures.as;
import static io.vigie.alerting.it.AlertFixtures.await;
import static io.vigie.alerting.it.AlertFixtures.publish;
import static io.vigie.alerting.it.AlertFixtures.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.alerting.notify.WebhookSigner;
import io.vigie.auth.testing.KeycloakTokens;
import io.vigie.events.patient.MonitoringProgram;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Escalation, server-sent events and webhooks, through the running service (escalation delay 3 s in tests). */
@QuarkusTest
class NotificationsTest {

    @TestHTTPResource("/api/v1/alerts/stream")
    URL stream;

    static Map<String, Object> rule(UUID patient, String key) {
        return alerts(patient).stream().filter(a -> a.get("ruleKey").equals(key)).findFirst().orElse(null);
    }

    static void hypotension(UUID patient) {
        publish(AlertFixtures.bp(patient, "hopital-nord", 85, 55, Instant.now().minusSeconds(2)));
    }

    static void hypo(UUID patient) {
        publish(reading(patient, "hopital-nord", "41653-7", 45, "mg/dL", Instant.now().minusSeconds(2), true));
    }

    @Test
    void shouldEscalateWhenNotAcknowledgedAndNotWhenAcknowledged() {
        UUID ignored = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        UUID handled = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        hypo(ignored);
        hypo(handled);
        await("both high alerts", () -> rule(ignored, "glucose.hypo-2") != null && rule(handled, "glucose.hypo-2") != null);
        String handledId = rule(handled, "glucose.hypo-2").get("id").toString();
        as("nurse-nord").post("/api/v1/alerts/" + handledId + "/acknowledge").then().statusCode(200);
        // the unacknowledged alert escalates twice: re-notification, then the whole care team
        await("escalated to the care team", Duration.ofSeconds(30),
                () -> ((Number) rule(ignored, "glucose.hypo-2").get("escalationLevel")).intValue() == 2);
        JsonPath history = as("clinician-nord").get("/api/v1/alerts/" + rule(ignored, "glucose.hypo-2").get("id")).then().extract().jsonPath();
        assertEquals(List.of("level 1", "level 2"), history.getList("history.findAll { it.type == 'ESCALATED' }.detail"));
        assertEquals(0, ((Number) rule(handled, "glucose.hypo-2").get("escalationLevel")).intValue(), "acknowledged in time: no escalation");
        assertEquals("ACKNOWLEDGED", rule(handled, "glucose.hypo-2").get("status"));
    }

    @Test
    void shouldStreamTheChangeToAnSseClientOfTheHospital() throws Exception {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        CopyOnWriteArrayList<String> nord = new CopyOnWriteArrayList<>();
        CopyOnWriteArrayList<String> sud = new CopyOnWriteArrayList<>();
        CompletableFuture<?> a = subscribe("nurse-nord", nord);
        CompletableFuture<?> b = subscribe("nurse-sud", sud);
        Thread.sleep(500); // let both subscriptions reach the broadcaster before the change
        hypo(patient);
        await("SSE event for the patient", () -> nord.stream().anyMatch(l -> l.startsWith("data:") && l.contains(patient.toString())));
        String data = nord.stream().filter(l -> l.contains(patient.toString())).findFirst().orElseThrow();
        JsonPath event = JsonPath.from(data.substring(5));
        assertEquals("hopital-nord", event.getString("tenantId"));
        assertTrue(sud.stream().noneMatch(l -> l.contains(patient.toString())), "another hospital's stream does not see it");
        a.cancel(true);
        b.cancel(true);
    }

    CompletableFuture<?> subscribe(String user, List<String> sink) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(stream.toURI()).header("Authorization", "Bearer " + KeycloakTokens.forUser(user))
                .header("Accept", "text/event-stream").GET().build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> {
                    assertEquals(200, r.statusCode());
                    try (Stream<String> lines = r.body()) {
                        lines.forEach(sink::add);
                    }
                });
    }

    @Test
    void shouldSignWebhookBodiesRetryAfterA500AndDisableAFailingWebhook() throws Exception {
        List<String[]> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/ok-after-500", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[] {x.getRequestHeaders().getFirst(WebhookSigner.HEADER), body, x.getRequestHeaders().getFirst("X-Vigie-Event-Id")});
            // the first attempt of each change fails: other patients' changes of the hospital (timers of earlier tests) may come first
            String eventId = x.getRequestHeaders().getFirst("X-Vigie-Event-Id");
            int status = received.stream().filter(r -> eventId.equals(r[2])).count() == 1 ? 500 : 204;
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        receiver.createContext("/always-500", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        receiver.start();
        try {
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.HEART_FAILURE);
            JsonPath created = as("platform-admin").body(Map.of("hospitalId", "hopital-nord", "url", base + "/ok-after-500"))
                    .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
            String secret = created.getString("secret");
            String failing = as("platform-admin").body(Map.of("hospitalId", "hopital-nord", "url", base + "/always-500"))
                    .post("/api/v1/webhooks").then().statusCode(201).extract().path("webhook.id");
            Thread.sleep(200);
            hypotension(patient);
            // the first POST of this patient's first change got a 500: the same change is sent again
            java.util.function.Supplier<List<String[]>> mine = () -> received.stream()
                    .filter(r -> patient.toString().equals(JsonPath.from(r[1]).getString("patientId"))).toList();
            await("retried", () -> !mine.get().isEmpty() && mine.get().stream().filter(r -> r[2].equals(mine.get().get(0)[2])).count() == 2);
            String[] first = mine.get().get(0);
            String[] delivered = received.stream().filter(r -> r[2].equals(first[2])).skip(1).findFirst().orElseThrow();
            String[] parts = delivered[0].split(",");
            long t = Long.parseLong(parts[0].substring(2));
            assertEquals("v1=" + WebhookSigner.hmac(secret, t + "." + delivered[1]), parts[1], "HMAC-SHA256 of the timestamp and the body");
            assertEquals(first[1], delivered[1], "the retry sends the same body");
            assertEquals(patient.toString(), JsonPath.from(delivered[1]).getString("patientId"));
            await("both changes (hypotension, NEWS2) delivered", () -> mine.get().stream().map(r -> JsonPath.from(r[1]).getString("ruleKey"))
                    .collect(java.util.stream.Collectors.toSet()).containsAll(List.of("bp.hypotension", "news2")));
            await("delivery log", () -> as("platform-admin").get("/api/v1/webhooks/" + created.getString("webhook.id") + "/deliveries")
                    .then().extract().jsonPath().getList("findAll { it.status == 'DELIVERED' && it.attempts == 2 }").size() >= 1);
            // the always-failing webhook: each delivery fails for good after 3 attempts; after 2 such deliveries it is disabled
            as("clinician-nord").body(Map.of("text", "second change")).post("/api/v1/alerts/" + rule(patient, "bp.hypotension").get("id") + "/comments")
                    .then().statusCode(200);
            await("failing webhook disabled", Duration.ofSeconds(40), () -> !(Boolean) as("platform-admin").queryParam("hospitalId", "hopital-nord")
                    .get("/api/v1/webhooks").then().extract().jsonPath().getList("findAll { it.id == '" + failing + "' }.enabled").get(0));
            String reason = as("platform-admin").get("/api/v1/webhooks").then().extract().jsonPath()
                    .getString("find { it.id == '" + failing + "' }.disabledReason");
            assertTrue(reason.startsWith("2 deliveries in a row failed (last: HTTP 500)"), reason);
        } finally {
            receiver.stop(0);
        }
    }
}
