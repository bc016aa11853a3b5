package io.vigie.ingestion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.ingestion.directory.StateCatchUpProbe;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kafka clients ingestion builds by hand take the service's whole Kafka configuration: on a secured cluster
 * (SASL_SSL) a client built from {@code bootstrap.servers} alone would never connect, and the service would never
 * become ready. The test profile sets security settings the plaintext broker ignores; they must reach the client.
 */
@QuarkusTest
class KafkaClientSettingsTest {

    @Inject
    StateCatchUpProbe probe;

    @Test
    void shouldGiveTheStateEndOffsetsProbeTheServicesSecuritySettings() {
        Map<String, Object> settings = probe.adminSettings();
        assertEquals("PLAINTEXT", String.valueOf(settings.get("security.protocol")));
        assertEquals("SCRAM-SHA-512", String.valueOf(settings.get("sasl.mechanism")));
        assertEquals("127.0.0.1:9092", String.valueOf(settings.get("bootstrap.servers")));
        assertEquals("ingestion-state-end-offsets", settings.get("client.id"));
    }
}
