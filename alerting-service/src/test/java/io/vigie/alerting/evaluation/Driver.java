package io.vigie.alerting.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.messaging.TopicNames;
import io.vigie.core.tracing.Tracing;
import io.vigie.events.Topics;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.events.alert.AlertCommandV1;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.MonitoringProgram;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The evaluator's topology in a {@link TopologyTestDriver} (exactly_once_v2, mocked wall clock): what a test publishes
 * on the inputs, and the alert changes, outcomes, audits and dead letters it emits. Readings are "now" unless said.
 */
final class Driver implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final Instant START = Instant.parse("2026-11-30T08:00:00Z");
    static final String CLINICIAN = "clinician-1";
    static final String NURSE = "nurse-1";

    final TopologyTestDriver driver;
    final TestInputTopic<String, String> readings;
    final TestInputTopic<String, String> events;
    final TestInputTopic<String, String> plans;
    final TestInputTopic<String, String> erasures;
    final TestInputTopic<String, String> commands;
    final TestOutputTopic<String, String> changes;
    final TestOutputTopic<String, String> outcomes;
    final TestOutputTopic<String, String> audits;
    final TestOutputTopic<String, String> readingDeadLetters;
    final List<AlertChangedV1> seen = new ArrayList<>();
    Instant now = START;

    Driver() {
        this(Settings.defaults());
    }

    Driver(Settings settings) {
        EventReader reader = new EventReader(JSON);
        EvaluatorTopology.Parts parts = new EvaluatorTopology.Parts(settings, TopicNames.withPrefix(""), reader, JSON,
                new Tracing(OpenTelemetry.noop().getTracer("test")), new EvaluatorMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(1),
                Duration.ofHours(48), 100);
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try {
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("evaluator-test").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(EvaluatorTopology.build(parts), p, START);
        StringSerializer s = new StringSerializer();
        readings = driver.createInputTopic(Topics.READING_ACCEPTED, s, s);
        events = driver.createInputTopic(Topics.DEVICE_EVENT, s, s);
        plans = driver.createInputTopic(Topics.CAREPLAN_STATE, s, s);
        erasures = driver.createInputTopic(Topics.PATIENT_ERASED, s, s);
        commands = driver.createInputTopic(Topics.ALERT_COMMAND, s, s);
        StringDeserializer d = new StringDeserializer();
        changes = driver.createOutputTopic(Topics.ALERT_CHANGED, d, d);
        outcomes = driver.createOutputTopic(Topics.ALERT_COMMAND_OUTCOME, d, d);
        audits = driver.createOutputTopic(Topics.AUDIT_RECORDED, d, d);
        readingDeadLetters = driver.createOutputTopic(Topics.READING_ACCEPTED + ".dlq", d, d);
    }

    // ------------------------------------------------------------------------------------------------ inputs

    UUID patient(MonitoringProgram... programs) {
        return patient(false, programs);
    }

    UUID patient(boolean fallRisk, MonitoringProgram... programs) {
        UUID id = UUID.randomUUID();
        plan(id, fallRisk, programs);
        return id;
    }

    void plan(UUID patient, boolean fallRisk, MonitoringProgram... programs) {
        plan(patient, fallRisk, Arrays.stream(programs).map(pr -> new CarePlanV1.Enrollment(UUID.randomUUID(), pr, LocalDate.ofInstant(now, java.time.ZoneOffset.UTC),
                null, null, null, null)).toList());
    }

    void plan(UUID patient, boolean fallRisk, List<CarePlanV1.Enrollment> enrollments) {
        CarePlanV1 plan = new CarePlanV1(UUID.randomUUID(), CarePlanV1.TYPE, 1, now, "patient-service", "hopital-nord", patient, 70, false, fallRisk,
                false, enrollments, List.of(new CarePlanV1.CareTeamMember(CLINICIAN, "clinician"), new CarePlanV1.CareTeamMember(NURSE, "nurse")));
        plans.pipeInput(patient.toString(), json(plan), now);
    }

    static UUID deviceOf(UUID patient) {
        return UUID.nameUUIDFromBytes(("device-" + patient).getBytes());
    }

    /** Ingestion flags a reading late when it was measured this long before it was received (its default). */
    static final Duration INGESTION_LATE_AFTER = Duration.ofMinutes(15);

    ReadingAcceptedV1 reading(UUID patient, String code, double value, String unit) {
        return reading(patient, code, value, unit, now, true, DeviceKind.GLUCOMETER);
    }

    ReadingAcceptedV1 reading(UUID patient, String code, double value, String unit, Instant at, boolean grade, DeviceKind kind) {
        UUID id = UUID.randomUUID();
        ReadingAcceptedV1 r = new ReadingAcceptedV1(id, ReadingAcceptedV1.TYPE, 1, now, "ingestion-service", "hopital-nord", id, "r-" + id,
                deviceOf(patient), kind, patient, code, value, null, unit, null, at, now, grade, grade ? List.of() : List.of("NO_VALID_CERTIFICATE"),
                null, null, "MQTT", at.isBefore(now.minus(INGESTION_LATE_AFTER)), null);
        send(r);
        return r;
    }

    ReadingAcceptedV1 bp(UUID patient, double systolic, double diastolic) {
        UUID id = UUID.randomUUID();
        ReadingAcceptedV1 r = new ReadingAcceptedV1(id, ReadingAcceptedV1.TYPE, 1, now, "ingestion-service", "hopital-nord", id, "bp-" + id,
                deviceOf(patient), DeviceKind.BLOOD_PRESSURE_MONITOR, patient, "85354-9", null, null, null,
                List.of(new ReadingAcceptedV1.Component("8480-6", systolic, "mm[Hg]"), new ReadingAcceptedV1.Component("8462-4", diastolic, "mm[Hg]")),
                now, now, true, List.of(), null, null, "MQTT", false, null);
        send(r);
        return r;
    }

    void send(ReadingAcceptedV1 r) {
        readings.pipeInput(r.patientId().toString(), json(r), now);
    }

    DeviceEventV1 event(UUID patient, String event, Map<String, Object> detail) {
        return event(patient, deviceOf(patient), DeviceKind.HOSPITAL_BED, event, detail);
    }

    DeviceEventV1 event(UUID patient, UUID device, DeviceKind kind, String event, Map<String, Object> detail) {
        UUID id = UUID.randomUUID();
        DeviceEventV1 e = new DeviceEventV1(id, DeviceEventV1.TYPE, 1, now, "ingestion-service", "hopital-nord", device, kind, patient, "e-" + id,
                event, now, now, true, List.of(), detail, "MQTT", false);
        events.pipeInput(patient.toString(), json(e), now);
        return e;
    }

    void erase(UUID patient) {
        erasures.pipeInput(patient.toString(), json(new PatientErasedV1(UUID.randomUUID(), PatientErasedV1.TYPE, 1, now, "patient-service", "hopital-nord",
                patient, List.of(), List.of("alerting-service"))), now);
    }

    AlertCommandOutcomeV1 command(AlertCommandV1 c) {
        commands.pipeInput(c.patientId().toString(), json(c), now);
        List<AlertCommandOutcomeV1> answers = new ArrayList<>();
        outcomes.readValuesToList().forEach(v -> answers.add(read(v, AlertCommandOutcomeV1.class)));
        return answers.stream().filter(o -> o.commandId().equals(c.eventId())).findFirst().orElseThrow();
    }

    AlertCommandV1 onRule(UUID patient, AlertCommandV1.Command command, String rule, Boolean enabled, Map<String, Double> params, UUID silence,
            Instant until) {
        return AlertCommandV1.onRule("alerting-service", "hopital-nord", patient, command, rule, CLINICIAN, List.of("clinician"), "care", enabled,
                params, command == AlertCommandV1.Command.SILENCE ? "palliative care" : null, silence, until);
    }

    AlertCommandV1 onAlert(UUID patient, AlertCommandV1.Command command, UUID alert, Long revision) {
        return AlertCommandV1.onAlert("alerting-service", "hopital-nord", patient, command, alert, revision, NURSE, List.of("nurse"), "care", null,
                command == AlertCommandV1.Command.RESOLVE ? Boolean.TRUE : null, command == AlertCommandV1.Command.COMMENT ? "called" : null);
    }

    /**
     * Moves the wall clock on in at most 120 ticks (each fires the punctuator once): second by second up to two minutes,
     * so a deadline is seen within 1/120 of the step.
     */
    void advance(Duration d) {
        Instant end = now.plus(d);
        Duration tick = d.dividedBy(120).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d.dividedBy(120);
        while (now.isBefore(end)) {
            Duration step = Duration.between(now, end).compareTo(tick) < 0 ? Duration.between(now, end) : tick;
            now = now.plus(step);
            driver.advanceWallClockTime(step);
        }
    }

    /** Jumps the wall clock (one punctuation: enough for deadlines already due). */
    void jump(Duration d) {
        now = now.plus(d);
        driver.advanceWallClockTime(d);
    }

    /** What the evaluator's key-value store {@code store} holds for the patient (null: nothing). */
    byte[] stored(String store, UUID patient) {
        return driver.<String, byte[]>getKeyValueStore(store).get(patient.toString());
    }

    // ------------------------------------------------------------------------------------------------ outputs

    /** Every alert change emitted so far (in order). */
    List<AlertChangedV1> changes() {
        for (TestRecord<String, String> r : changes.readRecordsToList()) {
            seen.add(read(r.value(), AlertChangedV1.class));
        }
        return List.copyOf(seen);
    }

    List<AlertChangedV1> changes(UUID patient, String rule) {
        return changes().stream().filter(c -> c.patientId().equals(patient) && c.ruleKey().equals(rule)).toList();
    }

    /** The alert of the patient for {@code rule} as its last change says, or null. */
    AlertChangedV1 alert(UUID patient, String rule) {
        List<AlertChangedV1> mine = changes(patient, rule);
        return mine.isEmpty() ? null : mine.get(mine.size() - 1);
    }

    List<String> changeTypes(UUID patient, String rule) {
        return changes(patient, rule).stream().map(AlertChangedV1::change).toList();
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
