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
 * {@code clockSkew}: stamped beyond the future tolerance, {@code happenedAt} clamped to receipt, the device's stamp in
 * {@code deviceTimestamp} (a shock or a bed exit is never lost to a wrong clock).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceEventV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
        String tenantId, UUID deviceId, DeviceKind deviceKind, UUID patientId, String deviceEventId, String event,
        Instant happenedAt, Instant receivedAt, boolean clinicalGrade, List<String> clinicalGradeReasons,
        Map<String, Object> detail, String via, boolean late, Boolean clockSkew, Instant deviceTimestamp) implements VigieEvent {

    public static final String TYPE = "DeviceEventReceived";
    public static final int VERSION = 1;

    /**
     * Raised by ingestion itself (never accepted from a device): every reading the device sent for a while was
     * rejected, so its patient is not monitored although the device is talking. {@code detail}: the reasons.
     */
    public static final String DATA_REJECTED = "data-rejected";

    /** An event whose device clock was within the tolerance. */
    public DeviceEventV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
            String tenantId, UUID deviceId, DeviceKind deviceKind, UUID patientId, String deviceEventId, String event,
            Instant happenedAt, Instant receivedAt, boolean clinicalGrade, List<String> clinicalGradeReasons,
            Map<String, Object> detail, String via, boolean late) {
        this(eventId, eventType, schemaVersion, occurredAt, source, tenantId, deviceId, deviceKind, patientId, deviceEventId, event, happenedAt,
                receivedAt, clinicalGrade, clinicalGradeReasons, detail, via, late, null, null);
    }

    /** Event names devices may send on their events topic. */
    public static final List<String> EVENTS = List.of("bed-exit", "battery-low", "sensor-disconnected", "heartbeat",
            "arrhythmia", "shock-delivered", "pump-occlusion", "reservoir-low");
}
