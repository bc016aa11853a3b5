package io.vigie.alerting.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.messaging.TopicNames;
import io.vigie.core.tracing.Tracing;
import io.vigie.events.Topics;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The evaluator's topology: the five inputs (readings, device events, care plans, erasures, commands; co-partitioned by
 * patientId — Kafka Streams refuses to start if their partition counts differ) into one {@link PatientProcessor} per
 * task with its stores, and four outputs (alert changes, command outcomes, audit records, dead letters).
 */
public final class EvaluatorTopology {

    static final String RECORDS = "patient-records";
    static final String EVIDENCE = "patient-evidence";
    static final String ALERTS = "patient-alerts";
    static final String DEADLINES = "deadlines";
    static final String SEEN = "seen-inputs";
    static final String PROCESSOR = "patient-evaluator";

    /** Everything a processor needs. */
    public record Parts(Settings settings, TopicNames topics, EventReader events, ObjectMapper json, Tracing tracing, EvaluatorMetrics metrics,
            Duration timerInterval, Duration seenRetention, int cachedPatients) {

        PatientEvaluator.Reader reader() {
            return new PatientEvaluator.Reader() {
                @Override
                public ReadingAcceptedV1 reading(String value) {
                    return events.read(value, ReadingAcceptedV1.class);
                }

                @Override
                public DeviceEventV1 event(String value) {
                    return events.read(value, DeviceEventV1.class);
                }

                @Override
                public String json(ReadingAcceptedV1 r) {
                    return write(r);
                }
            };
        }

        String write(Object event) {
            try {
                return json.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("event not serializable", e);
            }
        }
    }

    /** The catalogue topics the evaluator reads. */
    public static final List<String> INPUTS = List.of(Topics.READING_ACCEPTED, Topics.DEVICE_EVENT, Topics.CAREPLAN_STATE, Topics.PATIENT_ERASED,
            Topics.ALERT_COMMAND);

    private EvaluatorTopology() {
    }

    public static Topology build(Parts parts) {
        Topology t = new Topology();
        String[] inputs = INPUTS.stream().map(parts.topics()::of).toArray(String[]::new);
        t.addSource("inputs", Serdes.String().deserializer(), Serdes.String().deserializer(), inputs);
        t.addProcessor(PROCESSOR, () -> new PatientProcessor(parts), "inputs");
        // cached stores: a patient written on every reading reaches RocksDB and its changelog once per commit, not per reading
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RECORDS), Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVIDENCE), Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERTS), Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINES), Serdes.String(), Serdes.String()).withCachingEnabled(), PROCESSOR);
        t.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(SEEN, parts.seenRetention(), Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long()), PROCESSOR);
        t.addSink(PatientProcessor.SINK_ALERTS, parts.topics().of(Topics.ALERT_CHANGED), Serdes.String().serializer(), Serdes.String().serializer(),
                PROCESSOR);
        t.addSink(PatientProcessor.SINK_OUTCOMES, parts.topics().of(Topics.ALERT_COMMAND_OUTCOME), Serdes.String().serializer(),
                Serdes.String().serializer(), PROCESSOR);
        t.addSink(PatientProcessor.SINK_AUDIT, parts.topics().of(Topics.AUDIT_RECORDED), Serdes.String().serializer(), Serdes.String().serializer(),
                PROCESSOR);
        TopicNameExtractor<String, String> dlq = (key, value, context) -> new String(
                context.headers().lastHeader(PatientProcessor.DLQ_TARGET).value(), StandardCharsets.UTF_8);
        t.addSink(PatientProcessor.SINK_DLQ, dlq, Serdes.String().serializer(), Serdes.String().serializer(), PROCESSOR);
        return t;
    }

    /** Deadlines sort by due time: {@code <due ms, 13 digits>|<patient>|<deadline id>}; {@code patient} null: the upper bound of a range. */
    static String deadlineKey(long dueMs, UUID patient, String id) {
        String due = String.format("%013d", Math.max(0, dueMs));
        return patient == null ? due + "|~" : due + "|" + patient + "|" + id;
    }
}
