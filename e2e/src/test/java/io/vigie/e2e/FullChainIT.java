package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.simulator.api.AlertFeed;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.device.HttpDevice;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Ward;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The whole chain with the four services: a device onboarded through the registry and assigned by patient-service
 * sends a reading (MQTT QoS 1, then HTTP); it is stored and queryable, raises an alert seen live on the SSE stream;
 * a nurse acknowledges it, which cancels its escalation.
 */
class FullChainIT extends E2e {

    /** Changes of the patient's alert for {@code rule} (as alerting's API knows it: the stream may also carry other deployments' changes). */
    static List<AlertFeed.Change> changesOf(List<AlertFeed.Change> feed, Ward.Patient p, String rule, String change) {
        List<com.fasterxml.jackson.databind.JsonNode> mine = alerts(p, rule);
        if (mine.isEmpty()) {
            return List.of();
        }
        String id = mine.get(0).path("id").asText();
        return feed.stream().filter(c -> c.alertId().equals(id) && c.change().equals(change)).toList();
    }

    @Test
    void shouldCarryAnMqttReadingToAnAlertOnTheStreamAndCancelItsEscalationWhenAcknowledged() {
        // given two diabetic patients of Hôpital Nord and a clinician following the live stream
        Ward.Patient acked = patient("hopital-nord", "DIABETES", false, Catalogue.GLUCOMETER);
        Ward.Patient control = patient("hopital-nord", "DIABETES", false, Catalogue.GLUCOMETER);
        List<AlertFeed.Change> feed = new CopyOnWriteArrayList<>();
        try (AlertFeed stream = new AlertFeed(Services.Service.ALERTING.url(), "clinician-nord", feed::add)) {
            await("SSE stream open", stream::isConnected);
            AtomicInteger pubacks = new AtomicInteger();
            DeviceLink.Listener counting = countingAcks(pubacks);
            DeviceLink a = connect(acked.devices().get(0), 4, counting);
            DeviceLink b = connect(control.devices().get(0), 4, counting);
            try {
                // when each glucometer sends a severe hypoglycaemia over MQTT
                Instant now = Instant.now();
                a.send(Payloads.readingsTopic(acked.devices().get(0).id()), Payloads.readings(1, List.of(Reading.value("g1", "41653-7", 45, "mg/dL", now))), 1, null);
                b.send(Payloads.readingsTopic(control.devices().get(0).id()), Payloads.readings(1, List.of(Reading.value("g1", "41653-7", 45, "mg/dL", now))), 1, null);
                await("both PUBACKs (after Kafka acknowledged)", () -> pubacks.get() == 2);
                // then the readings are stored and queryable
                await("reading stored", () -> readings(acked) == 1 && readings(control) == 1);
                // and a HIGH alert is raised and seen on the stream
                await("hypo-2 raised on the stream", () -> !changesOf(feed, acked, "glucose.hypo-2", "RAISED").isEmpty()
                        && !changesOf(feed, control, "glucose.hypo-2", "RAISED").isEmpty());
                AlertFeed.Change raised = changesOf(feed, acked, "glucose.hypo-2", "RAISED").get(0);
                assertEquals("HIGH", raised.priority());
                // when a nurse acknowledges one of them
                API.post("nurse-nord", API.alerting("/api/v1/alerts/" + raised.alertId() + "/acknowledge"), null);
                // then the other, left alone, escalates (4 s in e2e) while the acknowledged one does not
                await("the control alert escalated", () -> !changesOf(feed, control, "glucose.hypo-2", "ESCALATED").isEmpty());
                JsonNode detail = API.get("clinician-nord", API.alerting("/api/v1/alerts/" + raised.alertId()));
                assertEquals("ACKNOWLEDGED", detail.path("alert").path("status").asText());
                List<String> history = detail.path("history").findValuesAsText("type");
                assertTrue(history.contains("ACKNOWLEDGED"), history.toString());
                assertFalse(history.contains("ESCALATED"), "acknowledged in time: no escalation " + history);
                assertTrue(changesOf(feed, acked, "glucose.hypo-2", "ESCALATED").isEmpty());
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void shouldCarryAnHttpReadingToAnAlertOnTheStream() {
        Ward.Patient p = patient("hopital-sud", "DIABETES", false, Catalogue.GLUCOMETER);
        Ward.Device glucometer = p.devices().get(0);
        List<AlertFeed.Change> feed = new CopyOnWriteArrayList<>();
        try (AlertFeed stream = new AlertFeed(Services.Service.ALERTING.url(), "clinician-sud", feed::add)) {
            await("SSE stream open", stream::isConnected);
            // when the home gateway posts a hyperglycaemia
            int status = new HttpDevice(Services.Service.INGESTION.url(), glucometer.id().toString(), glucometer.secret())
                    .post(Payloads.readings(1, List.of(Reading.value("h1", "41653-7", 320, "mg/dL", Instant.now()))), false);
            // then 202 (Kafka has it), stored, alert raised and streamed
            assertEquals(202, status);
            await("reading stored", () -> readings(p) == 1);
            await("hyperglycaemia on the stream", () -> !changesOf(feed, p, "glucose.hyper", "RAISED").isEmpty());
            String id = changesOf(feed, p, "glucose.hyper", "RAISED").get(0).alertId();
            API.post("clinician-sud", API.alerting("/api/v1/alerts/" + id + "/acknowledge"), null);
            await("acknowledgement on the stream", () -> !changesOf(feed, p, "glucose.hyper", "ACKNOWLEDGED").isEmpty());
            // a clinician of the other hospital never sees it
            assertEquals(404, API.send("clinician-nord", "GET", API.alerting("/api/v1/alerts/" + id), null, java.util.Map.of()).status());
        }
    }
}
