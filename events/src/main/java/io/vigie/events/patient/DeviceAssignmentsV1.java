package io.vigie.events.patient;

import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every assignment of one device to patients over time ({@code patient.assignment.state.v1}, compacted, key
 * deviceId). A device has at most one patient at any instant; {@code to} is null while ongoing.
 */
public record DeviceAssignmentsV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
        String tenantId, UUID deviceId, List<Assignment> assignments) implements VigieEvent {

    public static final String TYPE = "DeviceAssignmentsChanged";
    public static final int VERSION = 1;

    public record Assignment(UUID assignmentId, UUID patientId, Instant from, Instant to) {
        public boolean covers(Instant t) {
            return !t.isBefore(from) && (to == null || t.isBefore(to));
        }
    }

    /** The patient the device was assigned to at {@code t}. */
    public Optional<UUID> patientAt(Instant t) {
        return assignments == null ? Optional.empty()
                : assignments.stream().filter(a -> a.covers(t)).map(Assignment::patientId).findFirst();
    }
}
