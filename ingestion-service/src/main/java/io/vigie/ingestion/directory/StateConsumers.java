package io.vigie.ingestion.directory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vigie.core.messaging.EventReader;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.DeviceAssignmentsV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the compacted state topics from their beginning at every start (each instance has its own consumer
 * group and commits nothing): every instance holds the whole view. A tombstone (null value) removes an entry.
 */
@ApplicationScoped
public class StateConsumers {

    private final DeviceDirectory devices;
    private final PatientDirectory patients;
    private final EventReader reader;
    private final Counter unreadable;

    public StateConsumers(DeviceDirectory devices, PatientDirectory patients, EventReader reader, MeterRegistry metrics) {
        this.devices = devices;
        this.patients = patients;
        this.reader = reader;
        this.unreadable = metrics.counter("vigie.ingestion.state.unreadable");
    }

    @Incoming("device-state")
    public void onDevice(ConsumerRecord<String, String> r) {
        try {
            if (r.value() != null) {
                devices.apply(reader.read(r.value(), DeviceStateV1.class));
            }
        } catch (EventReader.UnreadableEvent e) {
            skip(r, e);
        } finally {
            devices.catchUp().consumed(r.partition(), r.offset());
        }
    }

    @Incoming("assignment-state")
    public void onAssignments(ConsumerRecord<String, String> r) {
        try {
            if (r.value() == null) {
                patients.removeAssignments(UUID.fromString(r.key()));
            } else {
                patients.apply(reader.read(r.value(), DeviceAssignmentsV1.class));
            }
        } catch (EventReader.UnreadableEvent | IllegalArgumentException e) {
            skip(r, e);
        } finally {
            patients.assignmentsCatchUp().consumed(r.partition(), r.offset());
        }
    }

    @Incoming("consent-state")
    public void onConsent(ConsumerRecord<String, String> r) {
        try {
            if (r.value() == null) {
                patients.removeConsent(UUID.fromString(r.key()));
            } else {
                patients.apply(reader.read(r.value(), ConsentStateV1.class));
            }
        } catch (EventReader.UnreadableEvent | IllegalArgumentException e) {
            skip(r, e);
        } finally {
            patients.consentCatchUp().consumed(r.partition(), r.offset());
        }
    }

    private void skip(ConsumerRecord<String, String> r, RuntimeException e) {
        unreadable.increment();
        Log.warnf("skipped unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
}
