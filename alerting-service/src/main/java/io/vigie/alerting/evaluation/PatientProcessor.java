package io.vigie.alerting.evaluation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.logging.Log;
import io.vigie.core.messaging.PoisonEvent;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.core.tracing.Tracing;
import io.vigie.events.Contract;
import io.vigie.events.Topics;
import io.vigie.events.VigieEvent;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.events.alert.AlertCommandV1;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.inbox.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The Kafka Streams processor of a task's patients (inputs keyed and co-partitioned by patientId): it decodes each
 * record, recognizes a reading or event seen before (the same id and time: a device's resend), loads the patient,
 * lets the {@link PatientEvaluator} judge it, writes back what changed and forwards what was emitted — all committed
 * in one Kafka transaction (exactly_once_v2). A wall-clock punctuator fires the deadlines that are due, reading only
 * those. Poison goes to {@code <topic>.dlq} with its reason; one patient's failure never stops the others.
 */
final class PatientProcessor implements Processor<String, String, String, String> {

    static final String SINK_ALERTS = "alert-changes";
    static final String SINK_OUTCOMES = "command-outcomes";
    static final String SINK_AUDIT = "audit";
    static final String SINK_DLQ = "dead-letters";
    static final String DLQ_TARGET = "vigie-dlq-target";
    static final String CONSUMER = "alerting-evaluator";

    private final EvaluatorTopology.Parts parts;
    private ProcessorContext<String, String> context;
    private PatientStore patients;
    private KeyValueStore<String, String> deadlines;
    private WindowStore<String, Long> seen;
    private PatientEvaluator evaluator;
    private Commands commands;
    /** The id and time the record being judged was marked seen with: unmarked if judging it fails (a replay must count). */
    private String seenId;
    private long seenAt;

    PatientProcessor(EvaluatorTopology.Parts parts) {
        this.parts = parts;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.patients = new PatientStore(context.getStateStore(EvaluatorTopology.RECORDS), context.getStateStore(EvaluatorTopology.EVIDENCE),
                context.getStateStore(EvaluatorTopology.ALERTS), parts.cachedPatients());
        this.deadlines = context.getStateStore(EvaluatorTopology.DEADLINES);
        this.seen = context.getStateStore(EvaluatorTopology.SEEN);
        this.evaluator = new PatientEvaluator(parts.settings(), parts.reader());
        this.commands = new Commands(evaluator, parts.settings());
        context.schedule(parts.timerInterval(), PunctuationType.WALL_CLOCK_TIME, this::fireDue);
    }

    @Override
    public void process(Record<String, String> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        String topic = parts.topics().logical(meta.topic());
        if (record.value() == null) {
            return; // a tombstone of the compacted care plans: the erasure event does the erasing
        }
        Span span = parts.tracing().start("alerting-evaluator process", SpanKind.CONSUMER, Tracing.fromHeaders(record.headers()));
        span.setAttribute(Tracing.CONSUMER, CONSUMER);
        Collected out = new Collected(record.headers(), span);
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Patient p = null;
        seenId = null;
        try {
            VigieEvent event = decode(topic, record.value());
            span.setAttribute(Tracing.EVENT, String.valueOf(event.eventId()));
            p = judge(topic, event, record.value(), now, out, span);
            if (p != null) {
                save(p);
            }
            out.forward();
        } catch (PoisonEvent e) {
            deadLetter(record, meta, e.kind(), e.reason(), e.getClass().getName());
        } catch (KafkaException e) { // a state store or Kafka failed, not this record: the thread is replaced, the task resumes from its commit
            patients.clear();
            throw e;
        } catch (RuntimeException e) { // a bug for this record: set aside, replayable once fixed; the partition goes on
            Log.errorf("evaluator: %s-%d@%d could not be judged, to the DLQ: %s", meta.topic(), meta.partition(), meta.offset(),
                    ProblemMappers.describe(e));
            patients.clear(); // what was half-changed in memory is not what is stored: read it again
            if (seenId != null) {
                seen.put(seenId, null, seenAt);
            }
            deadLetter(record, meta, "unexpected", "the evaluator failed on this record (" + e.getClass().getSimpleName() + ")", e.getClass().getName());
        } finally {
            span.end();
        }
    }

    private Patient judge(String topic, VigieEvent event, String raw, Instant now, Collected out, Span span) {
        switch (topic) {
            case Topics.READING_ACCEPTED -> {
                ReadingAcceptedV1 r = (ReadingAcceptedV1) event;
                if (r.patientId() == null || !firstTime(r.readingId())) {
                    return null; // nobody to judge it for, or a device's resend of what was judged
                }
                span.setAttribute(Tracing.READING, r.readingId().toString());
                span.setAttribute(Tracing.PATIENT, r.patientId().toString());
                Patient p = patients.load(r.patientId());
                evaluator.onReading(p, r, raw, now, out);
                return p;
            }
            case Topics.DEVICE_EVENT -> {
                DeviceEventV1 e = (DeviceEventV1) event;
                if (e.patientId() == null || !firstTime(e.eventId())) {
                    return null;
                }
                span.setAttribute(Tracing.PATIENT, e.patientId().toString());
                Patient p = patients.load(e.patientId());
                evaluator.onDeviceEvent(p, e, raw, now, out);
                return p;
            }
            case Topics.CAREPLAN_STATE -> {
                CarePlanV1 plan = (CarePlanV1) event;
                Patient p = patients.load(plan.patientId());
                evaluator.onCarePlan(p, plan, now, out);
                return p;
            }
            case Topics.PATIENT_ERASED -> {
                PatientErasedV1 e = (PatientErasedV1) event;
                Patient p = patients.load(e.patientId());
                evaluator.onErased(p, e, now);
                return p;
            }
            case Topics.ALERT_COMMAND -> {
                AlertCommandV1 c = (AlertCommandV1) event;
                span.setAttribute(Tracing.PATIENT, c.patientId().toString());
                Patient p = patients.load(c.patientId());
                commands.apply(p, c, now, out);
                return p;
            }
            default -> throw new IllegalStateException("not an input of the evaluator: " + topic);
        }
    }

    /**
     * True the first time this reading (or event) id is seen within the retention (ids are deterministic: a device's resend
     * has the same). Kept by time of receipt, so a backfilled old reading is remembered as long as a live one and a device
     * clock in the future cannot expire the others early.
     */
    private boolean firstTime(UUID id) {
        long now = context.currentSystemTimeMs();
        String key = id.toString();
        try (WindowStoreIterator<Long> it = seen.fetch(key, Instant.ofEpochMilli(now - parts.seenRetention().toMillis()), Instant.ofEpochMilli(now))) {
            if (it.hasNext()) {
                return false;
            }
        }
        seen.put(key, now, now);
        seenId = key;
        seenAt = now;
        return true;
    }

    private VigieEvent decode(String topic, String value) {
        Class<? extends VigieEvent> type = switch (topic) {
            case Topics.READING_ACCEPTED -> ReadingAcceptedV1.class;
            case Topics.DEVICE_EVENT -> DeviceEventV1.class;
            case Topics.CAREPLAN_STATE -> CarePlanV1.class;
            case Topics.PATIENT_ERASED -> PatientErasedV1.class;
            case Topics.ALERT_COMMAND -> AlertCommandV1.class;
            default -> throw new IllegalStateException(topic);
        };
        VigieEvent e = parts.events().read(value, type);
        List<String> violations = Contract.violations(e);
        if (!violations.isEmpty()) {
            throw PoisonEvent.invalid(type.getSimpleName() + " breaks its contract: " + String.join(", ", violations));
        }
        return e;
    }

    private void save(Patient p) {
        patients.save(p);
        for (Patient.DeadlineChange d : p.drainDeadlineChanges()) {
            if (d.previous() != null) {
                deadlines.delete(EvaluatorTopology.deadlineKey(d.previous(), p.id, d.id()));
            }
            if (d.due() >= 0) {
                deadlines.put(EvaluatorTopology.deadlineKey(d.due(), p.id, d.id()), "");
            }
        }
    }

    /** Fires the deadlines due now, oldest first, each on its own: one that fails is retried a minute later. */
    private void fireDue(long nowMs) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = deadlines.range("0", EvaluatorTopology.deadlineKey(nowMs, null, null))) {
            while (it.hasNext() && due.size() < 1_000) {
                due.add(it.next().key);
            }
        }
        Instant now = Instant.ofEpochMilli(nowMs);
        for (String key : due) {
            deadlines.delete(key);
            String[] f = key.split("\\|", 3);
            long dueMs = Long.parseLong(f[0]);
            UUID patient = UUID.fromString(f[1]);
            Collected out = new Collected(new RecordHeaders(), null);
            try {
                Patient p = patients.load(patient);
                if (evaluator.onDeadline(p, f[2], dueMs, now, out)) {
                    save(p);
                    out.forward();
                }
            } catch (KafkaException e) {
                patients.clear();
                throw e;
            } catch (RuntimeException e) {
                Log.errorf("evaluator: deadline %s of patient %s failed, retried in a minute: %s", f[2], patient, ProblemMappers.describe(e));
                patients.clear();
                retryLater(patient, f[2], nowMs + Duration.ofMinutes(1).toMillis());
            }
        }
    }

    /** Sets a failed deadline again, through the patient's own record (its index then names the same time). */
    private void retryLater(UUID patient, String id, long dueMs) {
        try {
            Patient p = patients.load(patient);
            p.schedule(id, dueMs);
            save(p);
        } catch (KafkaException e) {
            patients.clear();
            throw e;
        } catch (RuntimeException e) { // the patient's stored state cannot be read: nothing to schedule against; said loudly
            patients.clear();
            parts.metrics().count("deadline-lost", null);
            Log.errorf("evaluator: deadline %s of patient %s could not be set again: %s", id, patient, ProblemMappers.describe(e));
        }
    }

    private void deadLetter(Record<String, String> record, RecordMetadata meta, String kind, String reason, String exception) {
        Log.warnf("evaluator: %s-%d@%d to its DLQ: %s: %s", meta.topic(), meta.partition(), meta.offset(), kind, reason);
        Headers h = new RecordHeaders(record.headers().toArray());
        put(h, DeadLetters.REASON, reason);
        put(h, DeadLetters.KIND, kind);
        put(h, DeadLetters.EXCEPTION, exception);
        put(h, DeadLetters.CONSUMER, CONSUMER);
        put(h, DeadLetters.TOPIC, meta.topic());
        put(h, DeadLetters.PARTITION, Integer.toString(meta.partition()));
        put(h, DeadLetters.OFFSET, Long.toString(meta.offset()));
        put(h, DeadLetters.FIRST_FAILURE, Instant.now().toString());
        put(h, DLQ_TARGET, meta.topic() + ".dlq");
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), h), SINK_DLQ);
        parts.metrics().deadLettered(kind);
    }

    private static void put(Headers h, String name, String value) {
        h.remove(name);
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** What one input emits, forwarded once the patient is saved, in the trace of the input. */
    private final class Collected implements Outputs {
        private final Headers headers;
        private final Span span;
        private final List<Record<String, String>> alerts = new ArrayList<>();
        private final List<Record<String, String>> outcomes = new ArrayList<>();
        private final List<Record<String, String>> audits = new ArrayList<>();

        Collected(Headers input, Span span) {
            this.headers = new RecordHeaders();
            this.span = span;
            String traceparent = span == null ? null : Tracing.traceparent(io.opentelemetry.context.Context.root().with(span));
            if (traceparent != null) {
                headers.add(Tracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void alertChanged(AlertChangedV1 change) {
            alerts.add(new Record<>(change.patientId().toString(), parts.write(change), context.currentSystemTimeMs(), headers));
            if (span != null) {
                span.setAttribute(Tracing.ALERT, change.alertId().toString());
            }
            parts.metrics().alertChanged(change);
        }

        @Override
        public void outcome(AlertCommandOutcomeV1 outcome) {
            outcomes.add(new Record<>(outcome.patientId().toString(), parts.write(outcome), context.currentSystemTimeMs(), headers));
        }

        @Override
        public void audit(AuditRecordedV1 record) {
            audits.add(new Record<>(record.tenantId() == null ? "group" : record.tenantId(), parts.write(record), context.currentSystemTimeMs(), headers));
        }

        @Override
        public void count(String what, String ruleKey) {
            parts.metrics().count(what, ruleKey);
        }

        void forward() {
            alerts.forEach(r -> context.forward(r, SINK_ALERTS));
            outcomes.forEach(r -> context.forward(r, SINK_OUTCOMES));
            audits.forEach(r -> context.forward(r, SINK_AUDIT));
        }
    }
}
