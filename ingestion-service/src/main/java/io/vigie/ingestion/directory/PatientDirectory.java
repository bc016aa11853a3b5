package io.vigie.ingestion.directory;

import io.vigie.events.Topics;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.DeviceAssignmentsV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What ingestion knows of patients, from patient-service's compacted topics: which patient a device is assigned
 * to over time ({@link Topics#ASSIGNMENT_STATE}), consent ({@link Topics#CONSENT_STATE}), and each patient's
 * hospital (to scope the query API).
 */
@ApplicationScoped
public class PatientDirectory {

    private final Map<UUID, DeviceAssignmentsV1> assignments = new ConcurrentHashMap<>();
    private final Map<UUID, ConsentStateV1> consents = new ConcurrentHashMap<>();
    private final Map<UUID, String> tenants = new ConcurrentHashMap<>();
    private final CatchUp assignmentsCatchUp = new CatchUp(Topics.ASSIGNMENT_STATE);
    private final CatchUp consentCatchUp = new CatchUp(Topics.CONSENT_STATE);

    public void apply(DeviceAssignmentsV1 state) {
        assignments.put(state.deviceId(), state);
        if (state.assignments() != null) {
            state.assignments().forEach(a -> tenants.put(a.patientId(), state.tenantId()));
        }
    }

    public void removeAssignments(UUID deviceId) {
        assignments.remove(deviceId);
    }

    public void apply(ConsentStateV1 state) {
        consents.put(state.patientId(), state);
        tenants.put(state.patientId(), state.tenantId());
    }

    public void removeConsent(UUID patientId) {
        consents.remove(patientId);
    }

    /** The patient {@code deviceId} was assigned to at {@code t}, if any. */
    public Optional<UUID> patientOf(UUID deviceId, Instant t) {
        DeviceAssignmentsV1 a = assignments.get(deviceId);
        return a == null ? Optional.empty() : a.patientAt(t);
    }

    public Optional<ConsentStateV1> consent(UUID patientId) {
        return Optional.ofNullable(consents.get(patientId));
    }

    public boolean consentWithdrawnAt(UUID patientId, Instant t) {
        ConsentStateV1 c = consents.get(patientId);
        return c != null && c.withdrawnAt(t);
    }

    public Optional<String> tenantOf(UUID patientId) {
        return Optional.ofNullable(tenants.get(patientId));
    }

    /** Forgets a patient (GDPR erasure). */
    public void forget(UUID patientId) {
        consents.remove(patientId);
        tenants.remove(patientId);
    }

    public CatchUp assignmentsCatchUp() {
        return assignmentsCatchUp;
    }

    public CatchUp consentCatchUp() {
        return consentCatchUp;
    }
}
