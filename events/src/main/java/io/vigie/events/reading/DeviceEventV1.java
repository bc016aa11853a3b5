package io.vigie.events.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.events.VigieEvent;
import io.vigie.events.device.DeviceKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A device event ({@code ingestion.device.event.v1}, key patientId or deviceId): bed exit, battery low, sensor
 * disconnected, heartbeat, arrhythmia, shock delivered, pump occlusion, reservoir low. {@code eventId} is
 * deterministic (deviceId + the device's event id). {@code detail} holds the device's small detail object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceEventV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
        String tenantId, UUID deviceId, DeviceKind deviceKind, UUID patientId, String deviceEventId, String event,
        Instant happenedAt, Instant receivedAt, boolean clinicalGrade, List<String> clinicalGradeReasons,
        Map<String, Object> detail, String via, boolean late) implements VigieEvent {

    public static final String TYPE = "DeviceEventReceived";
    public static final int VERSION = 1;

    /** Event names devices may send on their events topic. */
    public static final List<String> EVENTS = List.of("bed-exit", "battery-low", "sensor-disconnected", "heartbeat",
            "arrhythmia", "shock-delivered", "pump-occlusion", "reservoir-low");
}
