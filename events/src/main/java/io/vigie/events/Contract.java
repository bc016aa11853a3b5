package io.vigie.events;

import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.events.alert.AlertCommandV1;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.device.DeviceSeenV1;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.DeviceAssignmentsV1;
import io.vigie.events.patient.ErasureCompletedV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.events.reading.ReadingRejectedV1;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a consumer may rely on in each event beyond its JSON shape: the envelope (id, type, major version, time)
 * and the subject ids the event is about. A decoded event that breaks it is poison: no retry can mend it.
 * Violations name fields only, never values.
 */
public final class Contract {

    private record Kind<E>(String type, int version, Function<E, List<String>> subject) {
    }

    private static final Map<Class<?>, Kind<?>> KINDS = Map.ofEntries(
            kind(ReadingAcceptedV1.class, ReadingAcceptedV1.TYPE, ReadingAcceptedV1.VERSION,
                    e -> missing("readingId", e.readingId(), "deviceId", e.deviceId(), "code", e.code(), "measuredAt", e.measuredAt())),
            kind(ReadingRejectedV1.class, ReadingRejectedV1.TYPE, ReadingRejectedV1.VERSION, e -> List.of()),
            kind(DeviceEventV1.class, DeviceEventV1.TYPE, DeviceEventV1.VERSION,
                    e -> missing("deviceId", e.deviceId(), "event", e.event(), "happenedAt", e.happenedAt())),
            kind(DeviceSeenV1.class, DeviceSeenV1.TYPE, DeviceSeenV1.VERSION, e -> missing("deviceId", e.deviceId(), "seenAt", e.seenAt())),
            kind(DeviceStateV1.class, DeviceStateV1.TYPE, DeviceStateV1.VERSION, e -> missing("deviceId", e.deviceId(), "status", e.status())),
            kind(CarePlanV1.class, CarePlanV1.TYPE, CarePlanV1.VERSION, e -> missing("patientId", e.patientId(), "tenantId", e.tenantId())),
            kind(ConsentStateV1.class, ConsentStateV1.TYPE, ConsentStateV1.VERSION, e -> missing("patientId", e.patientId(), "status", e.status())),
            kind(DeviceAssignmentsV1.class, DeviceAssignmentsV1.TYPE, DeviceAssignmentsV1.VERSION, e -> missing("deviceId", e.deviceId())),
            kind(PatientErasedV1.class, PatientErasedV1.TYPE, PatientErasedV1.VERSION, e -> missing("patientId", e.patientId())),
            kind(ErasureCompletedV1.class, ErasureCompletedV1.TYPE, ErasureCompletedV1.VERSION,
                    e -> missing("patientId", e.patientId(), "service", e.service())),
            kind(AuditRecordedV1.class, AuditRecordedV1.TYPE, AuditRecordedV1.VERSION,
                    e -> missing("source", e.source(), "action", e.action(), "resource", e.resource())),
            kind(AlertChangedV1.class, AlertChangedV1.TYPE, AlertChangedV1.VERSION,
                    e -> missing("alertId", e.alertId(), "patientId", e.patientId(), "ruleKey", e.ruleKey(), "change", e.change())),
            kind(AlertCommandV1.class, AlertCommandV1.TYPE, AlertCommandV1.VERSION,
                    e -> missing("patientId", e.patientId(), "command", e.command(), "actorId", e.actorId())),
            kind(AlertCommandOutcomeV1.class, AlertCommandOutcomeV1.TYPE, AlertCommandOutcomeV1.VERSION,
                    e -> missing("commandId", e.commandId(), "patientId", e.patientId(), "result", e.result())));

    private Contract() {
    }

    private static <E> Map.Entry<Class<?>, Kind<?>> kind(Class<E> type, String name, int version, Function<E, List<String>> subject) {
        return Map.entry(type, new Kind<>(name, version, subject));
    }

    /** Fields of {@code event} that break its contract; empty when it may be processed. */
    @SuppressWarnings("unchecked")
    public static <E extends VigieEvent> List<String> violations(E event) {
        List<String> out = new ArrayList<>();
        Kind<E> kind = (Kind<E>) KINDS.get(event.getClass());
        out.addAll(missing("eventId", event.eventId(), "eventType", event.eventType(), "occurredAt", event.occurredAt()));
        if (kind == null) {
            return out;
        }
        if (event.eventType() != null && !kind.type().equals(event.eventType())) {
            out.add("eventType (expected " + kind.type() + ")");
        }
        if (event.schemaVersion() != kind.version()) {
            out.add("schemaVersion (expected " + kind.version() + ")");
        }
        out.addAll(kind.subject().apply(event));
        return out;
    }

    /** The names of the fields whose value is null, given as name, value pairs. */
    private static List<String> missing(Object... namesAndValues) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                out.add((String) namesAndValues[i]);
            }
        }
        return out;
    }
}
