package io.vigie.alerting.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One patient's state while an input is judged: the three parts the evaluator keeps (record, evidence, alerts), which
 * of them changed (to be written back), and the deadlines set or cancelled (to be indexed).
 */
public final class Patient {

    /** A deadline set ({@code due} ≥ 0) or cancelled ({@code due} = -1), with the time it replaced, if any. */
    public record DeadlineChange(String id, long due, Long previous) {
    }

    final UUID id;
    final PatientRecord record;
    final Evidence evidence;
    final PatientAlerts alerts;
    boolean recordChanged;
    boolean evidenceChanged;
    boolean alertsChanged;
    final List<DeadlineChange> deadlineChanges = new ArrayList<>();

    public Patient(UUID id, PatientRecord record, Evidence evidence, PatientAlerts alerts) {
        this.id = id;
        this.record = record == null ? new PatientRecord() : record;
        this.evidence = evidence == null ? new Evidence() : evidence;
        this.alerts = alerts == null ? new PatientAlerts() : alerts;
    }

    public UUID id() {
        return id;
    }

    public PatientRecord record() {
        return record;
    }

    public Evidence evidence() {
        return evidence;
    }

    public PatientAlerts alerts() {
        return alerts;
    }

    public boolean recordChanged() {
        return recordChanged;
    }

    public boolean evidenceChanged() {
        return evidenceChanged;
    }

    public boolean alertsChanged() {
        return alertsChanged;
    }

    /** The deadlines changed since the last call, emptied. */
    public List<DeadlineChange> drainDeadlineChanges() {
        List<DeadlineChange> out = List.copyOf(deadlineChanges);
        deadlineChanges.clear();
        return out;
    }

    /** Marks everything written back. */
    public void saved() {
        recordChanged = false;
        evidenceChanged = false;
        alertsChanged = false;
    }

    void schedule(String deadline, long due) {
        Long previous = record.deadlines.put(deadline, due);
        if (previous == null || previous != due) {
            deadlineChanges.add(new DeadlineChange(deadline, due, previous));
            recordChanged = true;
        }
    }

    void cancel(String deadline) {
        Long previous = record.deadlines.remove(deadline);
        if (previous != null) {
            deadlineChanges.add(new DeadlineChange(deadline, -1, previous));
            recordChanged = true;
        }
    }
}
