package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.vigie.events.reading.DeterministicIds;
import io.vigie.simulator.api.AlertFeed;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Ward;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One reading followed end to end through the spans the four services export (OTLP to the suite's in-memory receiver):
 * MQTT front door → Kafka → telemetry store; → alert evaluation → alert change (outbox) → SSE broadcast and webhook
 * POST, all in one trace. No span attribute holds a patient field or a payload.
 */
class TracingIT extends E2e {

    @Test
    void shouldFollowOneReadingInOneTraceAndKeepEverySpanFreeOfPatientData() throws Exception {
        // given a diabetic patient, a webhook of their hospital and a clinician on the live stream
        Ward.Patient p = patient("hopital-nord", "DIABETES", false, Catalogue.GLUCOMETER);
        Ward.Device glucometer = p.devices().get(0);
        JsonNode record = API.get(clinicianOf("hopital-nord"), API.patients("/api/v1/patients/" + p.id()));
        List<String> phi = List.of(record.path("familyName").asText(), record.path("ins").asText(), record.path("birthDate").asText());
        List<String[]> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            hooks.add(new String[] {x.getRequestHeaders().getFirst("traceparent"), body});
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        String hook = API.post("platform-admin", API.alerting("/api/v1/webhooks"), Map.of("hospitalId", "hopital-nord", "url",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")).path("webhook").path("id").asText();
        List<AlertFeed.Change> feed = new CopyOnWriteArrayList<>();
        Instant start = Instant.now();
        DeviceLink link = connect(glucometer, 4, new DeviceLink.Listener() {
        });
        try (AlertFeed stream = new AlertFeed(Services.Service.ALERTING.url(), "clinician-nord", feed::add)) {
            await("SSE stream open", stream::isConnected);
            // and searches that put patient data in query strings (what a span must not keep)
            API.get(clinicianOf("hopital-nord"), API.patients("/api/v1/patients?ins=" + record.path("ins").asText()));
            API.get(clinicianOf("hopital-nord"), API.patients("/api/v1/patients?name="
                    + URLEncoder.encode(record.path("familyName").asText(), StandardCharsets.UTF_8)));

            // when the glucometer sends one severe hypoglycaemia over MQTT
            String deviceReadingId = "trace-" + UUID.randomUUID();
            UUID readingId = DeterministicIds.reading(glucometer.id(), deviceReadingId);
            link.send(Payloads.readingsTopic(glucometer.id()), Payloads.readings(1, List.of(Reading.value(deviceReadingId, "41653-7", 45, "mg/dL",
                    Instant.now()))), 1, null);

            // then its front-door span starts a trace that every later step joins
            await("front-door span", Duration.ofSeconds(60), () -> frontDoor(readingId.toString()) != null);
            OtlpReceiver.ReceivedSpan door = frontDoor(readingId.toString());
            assertEquals("ingestion-service", door.service());
            assertEquals(glucometer.id().toString(), door.attributes().get("vigie.device.id"));
            assertEquals(p.id().toString(), door.attributes().get("vigie.patient.id"));
            String trace = door.traceId();
            Map<String, String> expected = Map.of(
                    "ingestion-store-accepted process", "ingestion-service",
                    "alerting-evaluator process", "alerting-service",
                    "alerting-read-model process", "alerting-service",
                    "sse alert change", "alerting-service",
                    "alerting-webhook-feed process", "alerting-service",
                    "webhook POST", "alerting-service");
            await("every step in the reading's trace", Duration.ofSeconds(90), () -> expected.entrySet().stream().allMatch(e -> Services.TRACES
                    .trace(trace).stream().anyMatch(s -> s.name().equals(e.getKey()) && s.service().equals(e.getValue()))));
            List<OtlpReceiver.ReceivedSpan> spans = Services.TRACES.trace(trace);
            assertTrue(spans.stream().anyMatch(s -> s.service().equals("ingestion-service") && s.name().endsWith("ingestion.reading.accepted.v1 publish")),
                    "the reading's Kafka producer span: " + names(spans));
            // the evaluator's alert change carries the evaluation's trace on its record (read model, SSE and webhooks joined it above)
            OtlpReceiver.ReceivedSpan evaluation = spans.stream().filter(s -> s.name().equals("alerting-evaluator process")).findFirst().orElseThrow();
            assertEquals(readingId.toString(), evaluation.attributes().get("vigie.event.id"));
            String alertId = evaluation.attributes().get("vigie.alert.id");
            assertTrue(alertId != null && alerts(p, "glucose.hypo-2").stream().anyMatch(a -> a.path("id").asText().equals(alertId)),
                    "the evaluation span names the alert it raised");
            await("webhook received", () -> hooks.stream().anyMatch(h -> h[1].contains(alertId)));
            assertTrue(hooks.stream().filter(h -> h[1].contains(alertId)).allMatch(h -> h[0] != null && h[0].contains(trace)),
                    "the webhook POST carries the trace to the hospital's receiver");

            // and no span exported during the test holds a patient field, a query string with one, or a payload (nor any event:
            // an exception event can quote a request body)
            assertTrue(Services.TRACES.spans().stream().allMatch(s -> s.events().isEmpty()), "no span events");
            List<String> leaks = new ArrayList<>();
            for (OtlpReceiver.ReceivedSpan s : Services.TRACES.spans()) {
                List<Map<String, String>> all = new ArrayList<>(s.events());
                all.add(s.attributes());
                all.add(Map.of("name", s.name()));
                for (Map<String, String> attributes : all) {
                    attributes.forEach((k, v) -> {
                        if (phi.stream().anyMatch(v::contains) || v.contains("{\"") || v.contains("\"value\"") || v.contains("mg/dL")) {
                            leaks.add(s.service() + " " + s.name() + " " + k + "=" + v);
                        }
                    });
                }
            }
            assertTrue(leaks.isEmpty(), "span attributes with patient data or payloads: " + leaks);
            assertTrue(Services.TRACES.spans().stream().anyMatch(s -> "[redacted]".equals(s.attributes().get("url.query"))),
                    "query strings are redacted, not dropped silently");
            Services.log("tracing: reading " + readingId + " followed in trace " + trace + " through " + spans.size() + " spans ("
                    + spans.stream().map(OtlpReceiver.ReceivedSpan::service).collect(Collectors.toCollection(java.util.TreeSet::new)) + "); "
                    + Services.TRACES.spans().size() + " spans scanned for patient data: none found");
        } finally {
            link.close();
            receiver.stop(0);
            API.send("platform-admin", "DELETE", API.alerting("/api/v1/webhooks/" + hook), null, Map.of());
        }
    }

    static OtlpReceiver.ReceivedSpan frontDoor(String readingId) {
        return Services.TRACES.spans().stream().filter(s -> s.name().equals("ingest readings") && readingId.equals(s.attributes().get("vigie.reading.id")))
                .findFirst().orElse(null);
    }

    static Set<String> names(List<OtlpReceiver.ReceivedSpan> spans) {
        return spans.stream().map(s -> s.service() + ":" + s.name()).collect(Collectors.toSet());
    }
}
