package io.vigie.core.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.device.DeviceSeenV1;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.device.PayloadMapping;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.DeviceAssignmentsV1;
import io.vigie.events.patient.ErasureCompletedV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.events.reading.ReadingRejectedV1;

/**
 * Native images keep only the reflection that is registered. The Kafka event records (and their nested records) are
 * read and written by Jackson outside REST endpoints, so Quarkus cannot discover them: every service registers them
 * here, through service-core.
 */
@RegisterForReflection(ignoreNested = false, targets = {AlertChangedV1.class, AuditRecordedV1.class, DeviceSeenV1.class, DeviceStateV1.class,
        PayloadMapping.class, CarePlanV1.class, ConsentStateV1.class, DeviceAssignmentsV1.class, ErasureCompletedV1.class, PatientErasedV1.class,
        DeviceEventV1.class, ReadingAcceptedV1.class, ReadingRejectedV1.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
