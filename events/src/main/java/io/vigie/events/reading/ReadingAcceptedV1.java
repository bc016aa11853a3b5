package io.vigie.events.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.events.VigieEvent;
import io.vigie.events.device.DeviceKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A validated, normalized, enriched reading ({@code ingestion.reading.accepted.v1}, key patientId, or deviceId when
 * the device is assigned to nobody at the reading's time). {@code eventId} equals {@code readingId}, which is
 * deterministic (deviceId + the device's own reading id): a resend is the same event, never a second reading.
 * Values are in the canonical unit of the canonical LOINC code; {@code original} keeps what the device sent
 * when it was converted. The same record goes to {@code ingestion.reading.quarantined.v1} with
 * {@code quarantine} set when the patient withdrew consent (stored, never sent for alerting).
 * {@code clockSkew} is true when the device stamped the reading beyond the future tolerance (its clock is wrong):
 * the reading is kept, {@code measuredAt} clamped to the receipt time and the device's stamp kept in
 * {@code deviceTimestamp} (additive fields of v1). {@code candidatePatientId}: see {@link #QUARANTINE_ASSIGNMENT_MISMATCH}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadingAcceptedV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
        String tenantId, UUID readingId, String deviceReadingId, UUID deviceId, DeviceKind deviceKind, UUID patientId,
        String code, Double value, String valueCode, String unit, List<Component> components, Instant measuredAt,
        Instant receivedAt, boolean clinicalGrade, List<String> clinicalGradeReasons, Original original, Long seq,
        String via, boolean late, String quarantine, Boolean clockSkew, Instant deviceTimestamp, UUID candidatePatientId) implements VigieEvent {

    /** A reading whose device clock was within the tolerance (no {@code clockSkew}, no {@code deviceTimestamp}). */
    public ReadingAcceptedV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
            String tenantId, UUID readingId, String deviceReadingId, UUID deviceId, DeviceKind deviceKind, UUID patientId,
            String code, Double value, String valueCode, String unit, List<Component> components, Instant measuredAt,
            Instant receivedAt, boolean clinicalGrade, List<String> clinicalGradeReasons, Original original, Long seq,
            String via, boolean late, String quarantine) {
        this(eventId, eventType, schemaVersion, occurredAt, source, tenantId, readingId, deviceReadingId, deviceId, deviceKind, patientId, code,
                value, valueCode, unit, components, measuredAt, receivedAt, clinicalGrade, clinicalGradeReasons, original, seq, via, late,
                quarantine, null, null, null);
    }

    /** True when the device stamped it beyond the future tolerance: {@code measuredAt} is then the receipt time. */
    public boolean skewed() {
        return Boolean.TRUE.equals(clockSkew);
    }

    public static final String TYPE = "ReadingAccepted";
    public static final int VERSION = 1;
    public static final String QUARANTINE_CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN";
    /**
     * The patient assigned to the device when the reading was measured is not the device's patient when it was received
     * (the device changed hands before uploading): kept apart, {@code patientId} empty, {@code candidatePatientId} the
     * patient of the measurement time, until a nurse or a device administrator attributes or discards it.
     */
    public static final String QUARANTINE_ASSIGNMENT_MISMATCH = "ASSIGNMENT_MISMATCH";

    /** This reading attributed to {@code patient} by a person (after an assignment mismatch), as accepted; {@code late} as of now. */
    public ReadingAcceptedV1 attributedTo(UUID patient, Instant now, String by, boolean consentWithdrawn, boolean lateNow) {
        return new ReadingAcceptedV1(eventId, eventType, schemaVersion, now, by, tenantId, readingId, deviceReadingId, deviceId, deviceKind, patient,
                code, value, valueCode, unit, components, measuredAt, receivedAt, clinicalGrade, clinicalGradeReasons, original, seq, via, late || lateNow,
                consentWithdrawn ? QUARANTINE_CONSENT_WITHDRAWN : null, clockSkew, deviceTimestamp, null);
    }

    /** A component of a panel (blood pressure: 8480-6 systolic, 8462-4 diastolic), canonical unit. */
    public record Component(String code, double value, String unit) {
    }

    /** What the device sent, when ingestion converted it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Original(String code, Double value, String unit) {
    }
}
