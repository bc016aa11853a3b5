package io.vigie.events.device;

import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.UUID;

/** Ingestion saw a device (connection, reading or heartbeat); the registry keeps the latest as lastSeenAt. */
public record DeviceSeenV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
        String tenantId, UUID deviceId, Instant seenAt, Via via, What what) implements VigieEvent {

    public static final String TYPE = "DeviceSeen";
    public static final int VERSION = 1;

    public enum Via {
        MQTT, HTTP
    }

    public enum What {
        CONNECT, READING, EVENT, HEARTBEAT
    }
}
