package io.vigie.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.auth.testing.KeycloakTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Follows {@code GET /api/v1/alerts/stream} (server-sent events) as a user, reconnecting with a fresh token when
 * the stream ends; each alert change is handed over with the instant it was received.
 */
public final class AlertFeed implements AutoCloseable {

    /** An alert change as the stream carries it, and when it arrived here. */
    public record Change(JsonNode event, Instant receivedAt) {
        public String ruleKey() {
            return event.path("ruleKey").asText();
        }

        public String change() {
            return event.path("change").asText();
        }

        public String priority() {
            return event.path("priority").asText();
        }

        public String alertId() {
            return event.path("alertId").asText();
        }

        public String patientId() {
            return event.path("patientId").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean connected;

    public AlertFeed(String alertingUrl, String user, Consumer<Change> onChange) {
        thread = new Thread(() -> {
            while (!closed) {
                try {
                    HttpRequest r = HttpRequest.newBuilder(URI.create(alertingUrl + "/api/v1/alerts/stream")).header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + KeycloakTokens.forUser(user)).GET().build();
                    HttpResponse<Stream<String>> response = http.send(r, HttpResponse.BodyHandlers.ofLines());
                    if (response.statusCode() != 200) {
                        response.body().close();
                        Thread.sleep(2000);
                        continue;
                    }
                    connected = true;
                    try (Stream<String> lines = response.body()) {
                        lines.takeWhile(l -> !closed).filter(l -> l.startsWith("data:")).forEach(l -> {
                            try {
                                onChange.accept(new Change(Api.JSON.readTree(l.substring(5).strip()), Instant.now()));
                            } catch (Exception e) {
                                // not an alert change: ignore the line
                            }
                        });
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    sleepQuietly();
                } finally {
                    connected = false;
                }
            }
        }, "alert-feed-" + user);
        thread.setDaemon(true);
        thread.start();
    }

    public boolean isConnected() {
        return connected;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
