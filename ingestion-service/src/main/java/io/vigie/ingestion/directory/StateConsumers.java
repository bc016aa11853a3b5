package io.vigie.ingestion.directory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.messaging.Failures;
import io.vigie.core.messaging.PoisonEvent;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.DeviceAssignmentsV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the compacted state topics from their beginning at every start (each instance has its own consumer
 * group and commits nothing): every instance holds the whole view. A tombstone (null value) removes an entry.
 * Failures are classified as everywhere else ({@link Failures}); a view has nothing to retry (no I/O), so a poison
 * record is counted ({@code vigie_ingestion_state_unreadable_total{topic,kind}}) and skipped, and the view goes on: the
 * next state the producer publishes for that key replaces it. Re-read at every start, it is not dead-lettered.
 */
@ApplicationScoped
public class StateConsumers {

    private final DeviceDirectory devices;
    private final PatientDirectory patients;
    private final EventReader reader;
    private final MeterRegistry metrics;

    public StateConsumers(DeviceDirectory devices, PatientDirectory patients, EventReader reader, MeterRegistry metrics) {
        this.devices = devices;
        this.patients = patients;
        this.reader = reader;
        this.metrics = metrics;
    }

    @Incoming("device-state")
    public void onDevice(ConsumerRecord<String, String> r) {
        apply(r, devices.catchUp(), v -> devices.apply(reader.read(v, DeviceStateV1.class)), null);
    }

    @Incoming("assignment-state")
    public void onAssignments(ConsumerRecord<String, String> r) {
        apply(r, patients.assignmentsCatchUp(), v -> patients.apply(reader.read(v, DeviceAssignmentsV1.class)),
                () -> patients.removeAssignments(key(r)));
    }

    @Incoming("consent-state")
    public void onConsent(ConsumerRecord<String, String> r) {
        apply(r, patients.consentCatchUp(), v -> patients.apply(reader.read(v, ConsentStateV1.class)), () -> patients.removeConsent(key(r)));
    }

    private void apply(ConsumerRecord<String, String> r, CatchUp catchUp, Consumer<String> state, Runnable tombstone) {
        try {
            if (r.value() != null) {
                state.accept(r.value());
            } else if (tombstone != null) {
                tombstone.run();
            }
        } catch (RuntimeException e) {
            Failures.Verdict v = Failures.classify(e);
            Counter.builder("vigie.ingestion.state.unreadable").tag("topic", r.topic()).tag("kind", v.cause()).register(metrics).increment();
            if (v.poison()) {
                Log.warnf("state view: skipped %s-%d@%d (%s): %s", r.topic(), r.partition(), r.offset(), v.cause(), e.getMessage());
            } else {
                Log.errorf("state view: could not apply %s-%d@%d, skipped: %s", r.topic(), r.partition(), r.offset(), ProblemMappers.describe(e));
            }
        } finally {
            catchUp.consumed(r.partition(), r.offset());
        }
    }

    private static UUID key(ConsumerRecord<String, String> r) {
        try {
            return UUID.fromString(r.key());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw PoisonEvent.invalid("tombstone whose key is not an id");
        }
    }
}
