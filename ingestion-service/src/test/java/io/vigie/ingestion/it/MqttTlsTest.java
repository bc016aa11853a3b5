package io.vigie.ingestion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vigie.events.device.CredentialKind;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.device.DeviceStatus;
import io.vigie.events.reading.DeterministicIds;
import io.vigie.ingestion.directory.DeviceDirectory;
import io.vigie.ingestion.mqtt.MqttFrontDoor;
import io.vigie.ingestion.store.ReadingStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** The TLS listener: client-certificate authentication (mTLS) and secrets over TLS, with a real PKI. */
@QuarkusTest
@TestProfile(MqttTlsTest.WithTls.class)
class MqttTlsTest {

    public static class WithTls implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsMaterial.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }

    @Inject
    MqttFrontDoor mqtt;
    @Inject
    DeviceDirectory directory;
    @Inject
    ReadingStore store;

    MqttClient connect(String clientCertificate, String user, String password) throws Exception {
        MqttClient c = new MqttClient("ssl://127.0.0.1:" + mqtt.tlsPort(), "tls-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setSocketFactory(TlsMaterial.context(clientCertificate).getSocketFactory());
        o.setHttpsHostnameVerificationEnabled(true);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        c.connect(o);
        return c;
    }

    Fixtures.Device withCertificate(String client) throws Exception {
        Fixtures.Device plain = Fixtures.device("hopital-nord", DeviceStatus.ACTIVE);
        Fixtures.Device d = plain.with(DeviceStatus.ACTIVE, List.of(new DeviceStateV1.Credential(UUID.randomUUID(), CredentialKind.X509, null,
                TlsMaterial.fingerprint(client), null)));
        return Fixtures.publish(d, () -> directory.find(d.id()).map(s -> s.sequence() == d.sequence()).orElse(false));
    }

    @Test
    void shouldAuthenticateADeviceByItsRegisteredClientCertificate() throws Exception {
        Fixtures.Device d = withCertificate("device");
        MqttClient c = connect("device", null, null);
        String id = "tls-" + UUID.randomUUID();
        c.publish(d.readingsTopic(), Mqtt.utf8(Fixtures.readings(1L, Fixtures.reading(id, "8867-4", 66, "/min",
                Instant.now().truncatedTo(ChronoUnit.SECONDS)))), 1, false);
        c.disconnect();
        String readingId = DeterministicIds.reading(d.id(), id).toString();
        Fixtures.await("stored", () -> store.collection(ReadingStore.READINGS).countDocuments(new Document("_id", readingId))
                .await().atMost(Duration.ofSeconds(5)) == 1);
    }

    @Test
    void shouldRefuseACertificateNoDeviceRegistered() throws Exception {
        withCertificate("device");
        MqttException e = org.junit.jupiter.api.Assertions.assertThrows(MqttException.class, () -> connect("stranger", null, null));
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, e.getReasonCode());
    }

    @TestHTTPResource(value = "/api/v1/ingest/readings", tls = true)
    java.net.URL https;

    @Test
    void shouldAuthenticateAnHttpDeviceByItsClientCertificate() throws Exception {
        Fixtures.Device d = withCertificate("device");
        String body = Fixtures.readings(1L, Fixtures.reading("https-" + UUID.randomUUID(), "8867-4", 64, "/min", Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        var client = java.net.http.HttpClient.newBuilder().sslContext(TlsMaterial.context("device")).build();
        var request = java.net.http.HttpRequest.newBuilder(https.toURI()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        assertEquals(202, client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        var anonymous = java.net.http.HttpClient.newBuilder().sslContext(TlsMaterial.context(null)).build();
        assertEquals(401, anonymous.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        var stranger = java.net.http.HttpClient.newBuilder().sslContext(TlsMaterial.context("stranger")).build();
        assertEquals(401, stranger.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(d.id() != null);
    }

    @Test
    void shouldAcceptASecretOverTlsWithoutClientCertificate() throws Exception {
        Fixtures.Device d = Fixtures.device("hopital-nord", DeviceStatus.ACTIVE);
        Fixtures.publish(d, () -> directory.find(d.id()).isPresent());
        MqttClient c = connect(null, d.id().toString(), d.secret());
        assertTrue(c.isConnected());
        c.disconnect();
    }
}
