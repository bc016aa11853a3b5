package io.vigie.simulator.device;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A device (or its home gateway) posting to ingestion over HTTP with Basic deviceId:secret; 202 means Kafka has it. */
public final class HttpDevice {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String ingestion;
    private final String authorization;

    public HttpDevice(String ingestionUrl, String deviceId, String secret) {
        this.ingestion = ingestionUrl;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((deviceId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs readings (or an event with {@code events=true}); returns the HTTP status (0 when ingestion cannot be reached). */
    public int post(String payload, boolean events) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(ingestion + (events ? "/api/v1/ingest/events" : "/api/v1/ingest/readings")))
                .timeout(Duration.ofSeconds(15)).header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
