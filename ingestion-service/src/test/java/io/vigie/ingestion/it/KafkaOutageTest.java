package io.vigie.ingestion.it;

import static io.restassured.RestAssured.given;
import static io.vigie.ingestion.it.Fixtures.await;
import static io.vigie.ingestion.it.Fixtures.reading;
import static io.vigie.ingestion.it.Fixtures.readings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.device.DeviceStatus;
import io.vigie.events.reading.DeterministicIds;
import io.vigie.ingestion.directory.DeviceDirectory;
import io.vigie.ingestion.mqtt.MqttFrontDoor;
import io.vigie.ingestion.store.ReadingStore;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away under the service (the real broker is frozen with SIGSTOP, then resumed): no device gets an
 * acknowledgement while it is away, and what the devices resend afterwards is stored exactly once.
 */
@QuarkusTest
class KafkaOutageTest {

    @Inject
    MqttFrontDoor mqtt;
    @Inject
    DeviceDirectory directory;
    @Inject
    ReadingStore store;

    static String kafkaPid() throws Exception {
        Path pid = Path.of(System.getProperty("vigie.root", "."), ".platform", "pids", "kafka.pid");
        Assumptions.assumeTrue(Files.exists(pid), "needs the broker started by ./platform (to freeze it)");
        return Files.readString(pid).trim();
    }

    static void signal(String sig, String pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, pid).inheritIO().start();
        assertTrue(p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0, "kill -" + sig + " " + pid);
    }

    Fixtures.Device active() {
        Fixtures.Device d = Fixtures.device("hopital-nord", DeviceStatus.ACTIVE);
        return Fixtures.publish(d, () -> directory.find(d.id()).map(s -> s.sequence() == d.sequence()).orElse(false));
    }

    long stored(UUID device, String id) {
        String readingId = DeterministicIds.reading(device, id).toString();
        return store.collection(ReadingStore.READINGS).countDocuments(new Document("_id", readingId)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void shouldWithholdAcknowledgementsWhileKafkaIsDownAndStoreResendsExactlyOnce() throws Exception {
        String pid = kafkaPid();
        // one device per client: a second connection of the same device would take the first one over
        Fixtures.Device d = active();
        Fixtures.Device d3 = active();
        Fixtures.Device dh = active();
        Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String m5 = readings(1L, reading("out-v5", "8867-4", 80, "/min", ts));
        String m3 = readings(2L, reading("out-v3", "8867-4", 81, "/min", ts));
        String http = readings(3L, reading("out-http", "8867-4", 82, "/min", ts));
        var v5 = Mqtt.v5(mqtt.plainPort(), d.id().toString(), d.secret());
        var v3 = Mqtt.v3(mqtt.plainPort(), d3.id().toString(), d3.secret());

        signal("STOP", pid);
        IMqttToken t5;
        CompletableFuture<Throwable> v3Result;
        Response httpAnswer;
        try {
            // when the three front doors receive a message while Kafka cannot acknowledge
            t5 = v5.publish(d.readingsTopic(), Mqtt.utf8(m5), 1, false);
            v3Result = CompletableFuture.supplyAsync(() -> {
                try {
                    v3.publish(d3.readingsTopic(), Mqtt.utf8(m3), 1, false);
                    return null;
                } catch (MqttException e) {
                    return e;
                }
            });
            httpAnswer = given().auth().preemptive().basic(dh.id().toString(), dh.secret()).contentType("application/json").body(http)
                    .post("/api/v1/ingest/readings");
            t5.waitForCompletion(20_000);
            v3Result.get(20, TimeUnit.SECONDS);
        } finally {
            signal("CONT", pid);
        }

        // then nobody got an acknowledgement of success
        assertEquals(0x80, t5.getReasonCodes()[0], "MQTT 5: PUBACK with a failure reason code, so the device resends");
        assertTrue(v3Result.get() != null, "MQTT 3.1.1: no PUBACK, the connection was closed so the device resends");
        assertFalse(v3.isConnected());
        assertEquals(503, httpAnswer.statusCode());
        assertEquals("5", httpAnswer.header("Retry-After"));

        // when Kafka is back and the devices resend
        await("Kafka answering again", () -> {
            try {
                KafkaProbe.send("ingestion.device.seen.v1.dlq", "probe", "kafka-is-back");
                return true;
            } catch (AssertionError e) {
                return false;
            }
        });
        IMqttToken again = v5.publish(d.readingsTopic(), Mqtt.utf8(m5), 1, false);
        again.waitForCompletion(20_000);
        assertEquals(0, again.getReasonCodes()[0]);
        var v3again = Mqtt.v3(mqtt.plainPort(), d3.id().toString(), d3.secret());
        v3again.publish(d3.readingsTopic(), Mqtt.utf8(m3), 1, false);
        v3again.disconnect();
        given().auth().preemptive().basic(dh.id().toString(), dh.secret()).contentType("application/json").body(http)
                .post("/api/v1/ingest/readings").then().statusCode(202);
        Mqtt.close(v5);

        // then each reading is stored exactly once, even if Kafka kept a copy of a timed-out attempt
        java.util.Map<String, UUID> sent = java.util.Map.of("out-v5", d.id(), "out-v3", d3.id(), "out-http", dh.id());
        sent.forEach((id, device) -> {
            await(id + " stored", () -> stored(device, id) >= 1);
            assertEquals(1, stored(device, id), id);
        });
        assertNotEquals(0, mqtt.plainPort());
    }
}
