package io.vigie.core.messaging;

import io.vigie.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Physical topic names: the catalogue's names ({@link Topics}) behind an optional namespace prefix
 * ({@code vigie.kafka.topic-prefix}, e.g. {@code test.} for module tests, {@code e2e.} for the e2e suite), so a
 * {@code ./platform up} running beside the tests never consumes their events. Production has no prefix.
 */
@ApplicationScoped
public class TopicNames {

    private final String prefix;

    public TopicNames(@ConfigProperty(name = "vigie.kafka.topic-prefix") Optional<String> prefix) {
        this.prefix = prefix.orElse("");
    }

    public static TopicNames withPrefix(String prefix) {
        return new TopicNames(Optional.ofNullable(prefix));
    }

    /** The physical name of a catalogue topic. */
    public String of(String topic) {
        return prefix + topic;
    }

    /** The physical name of a catalogue topic's dead-letter topic. */
    public String dlq(String topic) {
        return prefix + Topics.dlq(topic);
    }

    /** The catalogue name of a physical topic (the prefix removed). */
    public String logical(String physical) {
        return physical.startsWith(prefix) ? physical.substring(prefix.length()) : physical;
    }

    public String prefix() {
        return prefix;
    }
}
