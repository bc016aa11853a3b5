package io.vigie.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vigie.alerting.evaluation.Outputs;
import io.vigie.alerting.evaluation.Patient;
import io.vigie.alerting.evaluation.PatientEvaluator;
import io.vigie.alerting.evaluation.Settings;
import io.vigie.alerting.news2.News2;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.MonitoringProgram;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU cost of judging one reading in alerting's evaluator, without I/O: the patient's compact state (rules,
 * evidence, open alerts) is in memory as the Kafka Streams processor holds it, and {@link PatientEvaluator} judges the
 * reading against every rule of the patient — here a patient enrolled in every programme (heart and renal failure,
 * respiratory failure, diabetes, implanted cardiac device), whose smart textile has sent heart rate, respiration,
 * SpO2 and temperature every minute for a day, with a blood pressure every 4 h, a glucose every 6 h and a weight every
 * morning. Each invocation is a new reading one second later (so windows and streaks move as in production). The
 * state's serialization, which the processor does once per changed part, is measured apart.
 *
 * <p>{@code ./platform bench rules} (see docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEvaluationBenchmark {

    static final Instant START = Instant.parse("2026-11-29T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    PatientEvaluator evaluator;
    Patient patient;
    UUID textile;
    UUID glucometer;
    Instant now;
    Outputs out;
    News2.Input news2Input;
    int i;
    long ids;

    @Setup
    public void setUp(Blackhole bh) {
        out = new Outputs() {
            @Override
            public void alertChanged(AlertChangedV1 change) {
                bh.consume(change);
            }

            @Override
            public void outcome(AlertCommandOutcomeV1 outcome) {
                bh.consume(outcome);
            }

            @Override
            public void audit(AuditRecordedV1 record) {
                bh.consume(record);
            }
        };
        evaluator = new PatientEvaluator(Settings.defaults(), new PatientEvaluator.Reader() {
            @Override
            public ReadingAcceptedV1 reading(String json) {
                return read(json, ReadingAcceptedV1.class);
            }

            @Override
            public DeviceEventV1 event(String json) {
                return read(json, DeviceEventV1.class);
            }

            @Override
            public String json(ReadingAcceptedV1 r) {
                try {
                    return JSON.writeValueAsString(r);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        UUID id = UUID.randomUUID();
        patient = new Patient(id, null, null, null);
        textile = UUID.randomUUID();
        glucometer = UUID.randomUUID();
        now = START;
        List<CarePlanV1.Enrollment> everything = Arrays.stream(MonitoringProgram.values())
                .map(p -> new CarePlanV1.Enrollment(UUID.randomUUID(), p, LocalDate.of(2026, 11, 1), null, null, null, null)).toList();
        evaluator.onCarePlan(patient, new CarePlanV1(UUID.randomUUID(), CarePlanV1.TYPE, 1, now, "patient-service", "hopital-nord", id, 78, false, true,
                false, everything, List.of(new CarePlanV1.CareTeamMember("clinician-1", "clinician"))), now, out);
        for (int m = 0; m < 24 * 60; m++) { // a day of evidence
            now = START.plus(Duration.ofMinutes(m));
            evaluator.onReading(patient, reading(textile, DeviceKind.SMART_TEXTILE, "8867-4", 82 + m % 7), null, now, out);
            evaluator.onReading(patient, reading(textile, DeviceKind.SMART_TEXTILE, "9279-1", 16 + m % 3), null, now, out);
            evaluator.onReading(patient, reading(textile, DeviceKind.SMART_TEXTILE, "2708-6", 95 + m % 2), null, now, out);
            evaluator.onReading(patient, reading(textile, DeviceKind.SMART_TEXTILE, "8310-5", 36.8), null, now, out);
            if (m % 360 == 0) {
                evaluator.onReading(patient, reading(glucometer, DeviceKind.GLUCOMETER, "41653-7", 110 + m % 40), null, now, out);
            }
        }
        news2Input = new News2.Input(22.0, 91.0, 1, false, 104.0, 112.0, "A", 38.4, 78, false);
    }

    /** A reading as ingestion publishes it (its id from a counter: a random UUID would cost more than some rules). */
    ReadingAcceptedV1 reading(UUID device, DeviceKind kind, String code, double value) {
        UUID id = new UUID(0x5eed, ++ids);
        return new ReadingAcceptedV1(id, ReadingAcceptedV1.TYPE, 1, now, "ingestion-service", "hopital-nord", id, "r", device, kind,
                patient.id(), code, value, null, null, null, now, now, true, List.of(), null, null, "MQTT", false, null);
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** NEWS2 from the seven parameters (the table of CLINICAL.md). */
    @Benchmark
    public News2.Score news2Score() {
        return News2.score(news2Input);
    }

    /** A normal SpO2 sample from the smart textile, one second after the last: every rule of the patient that reads SpO2, and NEWS2. */
    @Benchmark
    public Patient spo2Sample() {
        now = now.plusSeconds(1);
        evaluator.onReading(patient, reading(textile, DeviceKind.SMART_TEXTILE, "2708-6", 94 + (++i & 1)), null, now, out);
        return patient;
    }

    /** The four parameters of one textile minute in turn (heart rate, respiration, SpO2, temperature): the ward's common case. */
    @Benchmark
    public Patient textileParameter() {
        now = now.plusSeconds(1);
        int k = ++i & 3;
        String code = k == 0 ? "8867-4" : k == 1 ? "9279-1" : k == 2 ? "2708-6" : "8310-5";
        double value = k == 0 ? 84 : k == 1 ? 17 : k == 2 ? 95 : 36.9;
        evaluator.onReading(patient, reading(textile, DeviceKind.SMART_TEXTILE, code, value), null, now, out);
        return patient;
    }

    /** A desaturated sample: the streak grows, the alert (once open) counts a repeat and emits its change. */
    @Benchmark
    public Patient desaturatedSample() {
        now = now.plusSeconds(1);
        evaluator.onReading(patient, reading(textile, DeviceKind.SMART_TEXTILE, "2708-6", 86), null, now, out);
        return patient;
    }

    /** What the processor writes back per changed part: the patient's evidence and alerts as JSON bytes (RocksDB values). */
    @Benchmark
    public void stateSerialization(Blackhole bh) throws JsonProcessingException {
        bh.consume(JSON.writeValueAsBytes(patient.evidence()));
        bh.consume(JSON.writeValueAsBytes(patient.alerts()));
    }
}
