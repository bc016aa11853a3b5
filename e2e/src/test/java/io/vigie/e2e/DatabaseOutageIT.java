package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.core.testing.Await;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.core.testing.TcpProxy;
import io.vigie.events.Topics;
import io.vigie.simulator.api.Api;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Ward;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL switchover seen by every service that consumes events into it (alerting, patient-service,
 * device-registry): their connections refused for 31 s, then reset every half second for 10 s, while readings,
 * device events, sightings and audit records keep flowing. Afterwards every record was processed exactly once and
 * no DLQ received anything; while it lasted, the services said they were not ready, never that they were not live.
 */
class DatabaseOutageIT extends E2e {

    static final List<Services.Service> DATABASE_SERVICES = List.of(Services.Service.ALERTING, Services.Service.PATIENT, Services.Service.REGISTRY);

    @Test
    void shouldProcessEveryReadingEventAndAuditRecordExactlyOnceWhenTheDatabasesAreCutAndDeadLetterNothing() {
        // given a diabetic patient with a glucometer and a fall-risk patient in a connected bed, both streaming over MQTT
        Ward.Patient diabetic = patient("hopital-nord", "DIABETES", false, Catalogue.GLUCOMETER);
        Ward.Patient faller = patient("hopital-nord", "HEART_FAILURE", true, Catalogue.BED);
        Ward.Device glucometer = diabetic.devices().get(0);
        Ward.Device bed = faller.devices().get(0);
        AtomicInteger acked = new AtomicInteger();
        DeviceLink.Listener counting = countingAcks(acked);
        DeviceLink g = connect(glucometer, 8, counting);
        DeviceLink b = connect(bed, 8, counting);
        Instant start = Instant.now();
        int readings = 0;
        int events = 0;
        int reads = 0;
        String clinician = clinicianOf("hopital-nord");
        KafkaProbe changes = KafkaProbe.fromNow(Topics.ALERT_CHANGED);
        boolean evaluatedDuringCut = false;
        try {
            // when every database connection of the three services is refused for 31 s
            DATABASE_SERVICES.forEach(s -> SERVICES.database(s).cut());
            boolean readinessSeen = false;
            boolean livenessHeld = true;
            for (int tick = 0; Duration.between(start, Instant.now()).toSeconds() < 41; tick++) {
                long elapsed = Duration.between(start, Instant.now()).toSeconds();
                g.send(Payloads.readingsTopic(glucometer.id()), Payloads.readings(tick,
                        List.of(Reading.value("outage-" + tick, "41653-7", 45, "mg/dL", Instant.now()))), 1, null);
                readings++;
                if (tick % 6 == 0) {
                    b.send(Payloads.eventsTopic(bed.id()), Payloads.event("exit-" + tick, "bed-exit", Instant.now(), "{}"), 0, null);
                    events++;
                }
                if (tick % 2 == 0) { // the clinician reads the vitals (ingestion answers; patient-service must chain the audit record)
                    Api.Answer a = API.send(clinician, "GET", API.ingestion("/api/v1/patients/" + diabetic.id() + "/vitals/latest"), null, Map.of());
                    reads += a.status() == 200 ? 1 : 0;
                }
                if (elapsed >= 20 && !evaluatedDuringCut) { // the evaluator does not need the database: it keeps judging, on Kafka
                    changes.await(r -> diabetic.id().toString().equals(r.key()) && countOf(r.value()) >= 10, Duration.ofSeconds(10));
                    evaluatedDuringCut = true;
                }
                if (elapsed >= 31 && !readinessSeen) { // then alerting is not ready, and says why; every service is still live
                    readinessSeen = status(Services.Service.ALERTING, "/q/health/ready") == 503;
                }
                for (Services.Service s : DATABASE_SERVICES) {
                    livenessHeld &= status(s, "/q/health/live") == 200;
                }
                if (elapsed >= 31) { // and then connections are let through for 300 ms and reset, every half second, for 10 s
                    DATABASE_SERVICES.forEach(s -> SERVICES.database(s).restore());
                    Await.pause(300);
                    DATABASE_SERVICES.forEach(s -> SERVICES.database(s).cut());
                    Await.pause(200);
                } else {
                    Await.pause(500);
                }
            }
            DATABASE_SERVICES.forEach(s -> SERVICES.database(s).restore());
            assertTrue(readinessSeen, "alerting reported itself not ready while its consumers could not write");
            assertTrue(livenessHeld, "no service reported itself not live: a restart fixes no database outage");

            // then, after recovery, every reading and event was evaluated exactly once
            int sentReadings = readings;
            int sentEvents = events;
            await("every reading and event acknowledged", Duration.ofSeconds(60), () -> acked.get() == sentReadings + sentEvents);
            await("every reading evaluated", Duration.ofSeconds(120), () -> count(diabetic, "glucose.hypo-2") >= sentReadings);
            assertEquals(1, alerts(diabetic, "glucose.hypo-2").size(), "one alert for the episode");
            await("every bed exit evaluated", Duration.ofSeconds(60), () -> count(faller, "event.bed-exit") >= sentEvents);
            Await.pause(2000); // let any duplicate show itself
            assertEquals(sentReadings, count(diabetic, "glucose.hypo-2"), "each reading counted once");
            assertEquals(sentEvents, count(faller, "event.bed-exit"), "each bed exit counted once");
            // every audit record of the clinician's reads chained once
            int sentReads = reads;
            await("every audit record chained", Duration.ofSeconds(60), () -> auditedReads(diabetic, start) >= sentReads);
            assertEquals(sentReads, auditedReads(diabetic, start));
            // the registry saw the devices
            await("sightings recorded", Duration.ofSeconds(60), () -> seenSince(glucometer, start) && seenSince(bed, start));
            // and no DLQ received anything
            long dead = deadLettersSince(start);
            assertEquals(0, dead, "a database outage is transient: nothing is dead-lettered");
            Services.log("databases of alerting, patient-service and device-registry cut 41 s: readings sent " + sentReadings + ", evaluated "
                    + count(diabetic, "glucose.hypo-2") + "; bed exits " + sentEvents + ", evaluated " + count(faller, "event.bed-exit")
                    + "; audit records " + sentReads + ", chained " + auditedReads(diabetic, start) + "; dead letters " + dead + "; connections through "
                    + "the proxies " + DATABASE_SERVICES.stream().map(SERVICES::database).mapToLong(TcpProxy::accepted).sum());
        } finally {
            DATABASE_SERVICES.forEach(s -> SERVICES.database(s).restore());
            changes.close();
            g.close();
            b.close();
        }
    }

    /** The {@code count} of an alert change as published (the evaluator's view, before any read model). */
    static int countOf(String alertChange) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(alertChange);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static int count(Ward.Patient p, String rule) {
        List<JsonNode> a = alerts(p, rule);
        return a.isEmpty() ? 0 : a.get(0).path("count").asInt();
    }

    static int auditedReads(Ward.Patient p, Instant since) {
        JsonNode page = API.get("auditor", API.patients("/api/v1/audit?size=200&resource=vitals&resourceId=" + p.id() + "&from=" + since));
        return page.path("items").size();
    }

    static boolean seenSince(Ward.Device d, Instant since) {
        String seen = API.get("device-admin-nord", API.registry("/api/v1/devices/" + d.id())).path("lastSeenAt").asText(null);
        return seen != null && !Instant.parse(seen).isBefore(since);
    }

    /** Dead letters written since {@code since}, over the four services' DLQ views. */
    static long deadLettersSince(Instant since) {
        long n = 0;
        for (Services.Service s : Services.Service.STANDING) {
            JsonNode view = API.get("platform-admin", s.url() + "/api/v1/admin/dlq");
            for (JsonNode topic : view.path("topics")) {
                for (JsonNode r : topic.path("records")) {
                    if (!Instant.parse(r.path("deadLetteredAt").asText()).isBefore(since)) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    static int status(Services.Service s, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
