package io.vigie.core.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * The service's whole Kafka configuration (every {@code kafka.*} property and {@code KAFKA_*} variable: bootstrap
 * servers, security protocol, SASL, TLS) for the clients a service builds by hand. Never build one from
 * {@code bootstrap.servers} alone: it would work on the plaintext dev broker and fail on a secured cluster.
 */
@ApplicationScoped
public class KafkaSettings {

    private final Map<String, Object> base;

    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> base) {
        this.base = Map.copyOf(base);
    }

    /** The service's configuration, then {@code overrides} (client-specific settings: ids, serializers, timeouts). */
    public Map<String, Object> with(Map<String, Object> overrides) {
        Map<String, Object> out = new HashMap<>(base);
        out.putAll(overrides);
        return out;
    }

    public Map<String, Object> base() {
        return base;
    }
}
