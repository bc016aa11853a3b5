package io.vigie.ingestion.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vigie.core.tracing.Tracing;
import io.vigie.events.Topics;
import io.vigie.events.device.ClinicalGrade;
import io.vigie.events.device.DeviceSeenV1;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.reading.DeterministicIds;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.events.reading.ReadingRejectedV1;
import io.vigie.ingestion.config.IngestionConfig;
import io.vigie.ingestion.directory.PatientDirectory;
import io.vigie.ingestion.messaging.KafkaPublisher;
import io.vigie.ingestion.messaging.KafkaPublisher.Out;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ingestion path shared by MQTT and HTTP: parse, validate and normalize each reading, enrich it (hospital,
 * patient assigned at the reading's time, consent, clinical grade, deterministic id), and publish accepted,
 * quarantined and rejected records. The returned Uni completes only once Kafka acknowledged all of them.
 */
@ApplicationScoped
public class Ingestor {

    public enum Via {
        MQTT, HTTP
    }

    /** What became of one device message. {@code unparseable} is set when it was refused as a whole. */
    public record Outcome(int accepted, int quarantined, int dropped, List<ReadingNormalizer.Refusal> rejected, String unparseable) {
        static Outcome refusedAsAWhole(String reason) {
            return new Outcome(0, 0, 0, List.of(), reason);
        }

        public boolean isUnparseable() {
            return unparseable != null;
        }
    }

    private final KafkaPublisher publisher;
    private final PatientDirectory patients;
    private final DeviceStats stats;
    private final IngestionMetrics metrics;
    private final IngestionConfig config;
    private final ReadingNormalizer normalizer;
    private final ObjectMapper json = new ObjectMapper();
    private final String source;
    private final Tracing tracing;

    public Ingestor(KafkaPublisher publisher, PatientDirectory patients, DeviceStats stats, IngestionMetrics metrics,
            IngestionConfig config, @ConfigProperty(name = "quarkus.application.name") String source, Tracing tracing) {
        this.publisher = publisher;
        this.tracing = tracing;
        this.patients = patients;
        this.stats = stats;
        this.metrics = metrics;
        this.config = config;
        this.source = source;
        this.normalizer = new ReadingNormalizer(config.readings().maxClockSkew(), config.readings().backfillLimit());
    }

    /** One device message of readings, in its own span (ids only): the trace then follows each reading through Kafka. */
    public Uni<Outcome> readings(DeviceStateV1 device, byte[] payload, Via via) {
        Span span = tracing.start("ingest readings", via == Via.MQTT ? SpanKind.SERVER : SpanKind.INTERNAL, Context.current());
        span.setAttribute(Tracing.DEVICE, device.deviceId().toString());
        span.setAttribute("vigie.via", via.name());
        return traced(span, readings(device, payload, via, span));
    }

    private Uni<Outcome> readings(DeviceStateV1 device, byte[] payload, Via via, Span span) {
        Context trace = Context.current().with(span);
        Instant now = Instant.now();
        List<Out> out = new ArrayList<>();
        Payloads.Readings parsed;
        try {
            parsed = Payloads.readings(payload, device.payloadMapping(), config.readings().maxPerMessage());
        } catch (Unparseable e) {
            metrics.readings("rejected", "UNPARSEABLE", 1);
            out.add(rejected(device, null, e.getMessage(), "UNPARSEABLE", via, now));
            stats.rejectedReading(device.deviceId(), "UNPARSEABLE", null, now);
            Optional<Instant> streak = dataRejected(device, via, now, out);
            return publisher.publish(out, trace).invoke(() -> streak.ifPresent(since -> stats.dataRejectedRaised(device.deviceId(), since)))
                    .replaceWith(Outcome.refusedAsAWhole(e.getMessage()));
        }
        stats.message(device.deviceId(), parsed.seq(), now);
        List<ReadingNormalizer.Refusal> refusals = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> readingIds = new ArrayList<>();
        int accepted = 0;
        int quarantined = 0;
        int mismatched = 0;
        int dropped = 0;
        for (int i = 0; i < parsed.items().size(); i++) {
            ReadingNormalizer.Outcome o = normalizer.normalize(parsed.items().get(i), i, device.measurementCodes(), now);
            ReadingNormalizer.Refusal refusal = o.refusal();
            if (refusal == null && !seen.add(o.normal().deviceReadingId())) {
                refusal = new ReadingNormalizer.Refusal(o.normal().deviceReadingId(), i, o.normal().code(), "DUPLICATE_IN_MESSAGE",
                        "another reading of this message has the same id");
            }
            if (refusal != null) {
                refusals.add(refusal);
                metrics.readings("rejected", refusal.reason(), 1);
                out.add(rejected(device, refusal, refusal.message(), refusal.reason(), via, now));
                stats.rejectedReading(device.deviceId(), refusal.reason(), refusal.deviceReadingId(), now);
                continue;
            }
            ReadingNormalizer.Normal n = o.normal();
            if (n.clockSkew()) {
                stats.clockSkew(device.deviceId(), Duration.between(now, n.deviceTimestamp()), now);
                metrics.readings("accepted", "CLOCK_SKEW", 1);
            }
            // attributed to the patient of the measurement time only if the device is still theirs now: a device that
            // changed hands before uploading must not put one patient's data in another's record
            UUID atMeasurement = patients.patientOf(device.deviceId(), n.measuredAt()).orElse(null);
            boolean mismatch = atMeasurement != null && !atMeasurement.equals(patients.patientOf(device.deviceId(), now).orElse(null));
            UUID patient = mismatch ? null : atMeasurement;
            boolean withdrawn = patient != null && patients.consentWithdrawnAt(patient, now); // consent as it stands at receipt
            if (withdrawn && config.consentWithdrawn() == IngestionConfig.ConsentWithdrawn.DROP) {
                dropped++;
                continue;
            }
            ClinicalGrade grade = device.clinicalGradeInputs().evaluate(LocalDate.ofInstant(n.measuredAt(), ZoneOffset.UTC));
            UUID readingId = DeterministicIds.reading(device.deviceId(), n.deviceReadingId());
            ReadingAcceptedV1 event = new ReadingAcceptedV1(readingId, ReadingAcceptedV1.TYPE, ReadingAcceptedV1.VERSION, now, source,
                    device.tenantId(), readingId, n.deviceReadingId(), device.deviceId(), device.kind(), patient, n.code(), n.value(),
                    n.valueCode(), n.unit(), n.components(), n.measuredAt(), now, grade.clinicalGrade(),
                    grade.reasons().stream().map(ClinicalGrade.Reason::code).toList(), n.original(), parsed.seq(), via.name(),
                    n.measuredAt().isBefore(now.minus(config.readings().lateAfter())),
                    withdrawn ? ReadingAcceptedV1.QUARANTINE_CONSENT_WITHDRAWN : mismatch ? ReadingAcceptedV1.QUARANTINE_ASSIGNMENT_MISMATCH : null,
                    n.clockSkew() ? Boolean.TRUE : null, n.deviceTimestamp(), mismatch ? atMeasurement : null);
            out.add(new Out(withdrawn || mismatch ? Topics.READING_QUARANTINED : Topics.READING_ACCEPTED, keyOf(patient, device), event));
            readingIds.add(readingId.toString());
            if (patient != null) {
                span.setAttribute(Tracing.PATIENT, patient.toString());
            }
            if (withdrawn || mismatch) {
                quarantined++;
                if (mismatch) {
                    mismatched++;
                }
            } else {
                accepted++;
            }
        }
        Optional<Instant> streak = Optional.empty();
        if (accepted + quarantined + dropped > 0) {
            stats.accepted(device.deviceId());
        } else if (!refusals.isEmpty()) {
            streak = dataRejected(device, via, now, out);
        }
        metrics.readings("accepted", "OK", accepted);
        metrics.readings("quarantined", "CONSENT_WITHDRAWN", quarantined - mismatched);
        metrics.readings("quarantined", ReadingAcceptedV1.QUARANTINE_ASSIGNMENT_MISMATCH, mismatched);
        metrics.readings("dropped", "CONSENT_WITHDRAWN", dropped);
        seen(device, DeviceSeenV1.What.READING, via, now, out);
        Outcome outcome = new Outcome(accepted, quarantined, dropped, List.copyOf(refusals), null);
        if (readingIds.size() == 1) {
            span.setAttribute(Tracing.READING, readingIds.get(0));
        } else if (!readingIds.isEmpty()) {
            span.setAttribute(READINGS, readingIds);
        }
        Optional<Instant> raised = streak;
        return publisher.publish(out, trace).invoke(() -> raised.ifPresent(since -> stats.dataRejectedRaised(device.deviceId(), since)))
                .replaceWith(outcome);
    }

    static final io.opentelemetry.api.common.AttributeKey<List<String>> READINGS = io.opentelemetry.api.common.AttributeKey.stringArrayKey("vigie.reading.ids");

    /** Ends {@code span} when {@code work} ends, marked as an error if it failed (the exception class only). */
    private static <T> Uni<T> traced(Span span, Uni<T> work) {
        return work.onTermination().invoke((item, failure, cancelled) -> {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            }
            span.end();
        });
    }

    /** One device event ({@code {"id", "event", "ts", "detail"}}); an invalid event is refused as a whole. */
    public Uni<Outcome> event(DeviceStateV1 device, byte[] payload, Via via) {
        Span span = tracing.start("ingest event", via == Via.MQTT ? SpanKind.SERVER : SpanKind.INTERNAL, Context.current());
        span.setAttribute(Tracing.DEVICE, device.deviceId().toString());
        span.setAttribute("vigie.via", via.name());
        return traced(span, event(device, payload, via, Context.current().with(span), span));
    }

    private Uni<Outcome> event(DeviceStateV1 device, byte[] payload, Via via, Context trace, Span span) {
        Instant now = Instant.now();
        List<Out> out = new ArrayList<>();
        DeviceEventV1 event;
        try {
            event = readEvent(device, Payloads.parse(payload), via, now);
        } catch (Unparseable e) {
            metrics.events("rejected", "INVALID_EVENT");
            stats.rejectedEvent(device.deviceId(), "INVALID_EVENT", null, now);
            out.add(rejected(device, null, e.getMessage(), "INVALID_EVENT", via, now));
            return publisher.publish(out, trace).replaceWith(Outcome.refusedAsAWhole(e.getMessage()));
        }
        span.setAttribute(Tracing.EVENT, event.eventId().toString());
        if (event.patientId() != null) {
            span.setAttribute(Tracing.PATIENT, event.patientId().toString());
        }
        int forwarded = 0;
        int dropped = 0;
        if (event.patientId() != null && patients.consentWithdrawnAt(event.patientId(), now)) { // consent as it stands at receipt
            dropped = 1; // consent withdrawn: not forwarded for alerting
            metrics.events("dropped", "CONSENT_WITHDRAWN");
        } else {
            out.add(new Out(Topics.DEVICE_EVENT, keyOf(event.patientId(), device), event));
            forwarded = 1;
            metrics.events("accepted", event.event());
        }
        seen(device, "heartbeat".equals(event.event()) ? DeviceSeenV1.What.HEARTBEAT : DeviceSeenV1.What.EVENT, via, now, out);
        return publisher.publish(out, trace).replaceWith(new Outcome(forwarded, 0, dropped, List.of(), null));
    }

    /** A last-seen event for the registry when one is due (at most one per device per interval). */
    public Uni<Void> connected(DeviceStateV1 device, Via via) {
        List<Out> out = new ArrayList<>();
        seen(device, DeviceSeenV1.What.CONNECT, via, Instant.now(), out);
        return publisher.publish(out);
    }

    private DeviceEventV1 readEvent(DeviceStateV1 device, JsonNode root, Via via, Instant now) throws Unparseable {
        String id = root.path("id").isValueNode() ? root.path("id").asText() : null;
        String name = root.path("event").isTextual() ? root.path("event").asText() : null;
        if (id == null || id.isBlank() || id.length() > 128) {
            throw new Unparseable("\"id\" is required (1 to 128 characters)");
        }
        if (name == null || !DeviceEventV1.EVENTS.contains(name)) {
            throw new Unparseable("\"event\" must be one of " + DeviceEventV1.EVENTS);
        }
        Instant happenedAt;
        try {
            happenedAt = OffsetDateTime.parse(root.path("ts").asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new Unparseable("\"ts\" must be an ISO-8601 date-time with offset");
        }
        if (normalizer.tooOld(happenedAt, now)) {
            throw new Unparseable("\"ts\" is older than the backfill limit of " + config.readings().backfillLimit().toDays() + " days");
        }
        // a shock, an arrhythmia or a bed exit is never lost to a device clock ahead of ours: kept, at receipt time
        Instant deviceTimestamp = null;
        if (normalizer.ahead(happenedAt, now)) {
            deviceTimestamp = happenedAt;
            happenedAt = now;
            stats.clockSkew(device.deviceId(), Duration.between(now, deviceTimestamp), now);
            metrics.events("accepted", "CLOCK_SKEW");
        }
        JsonNode detail = root.get("detail");
        if (detail != null && !detail.isNull() && (!detail.isObject() || detail.size() > 20)) {
            throw new Unparseable("\"detail\" must be an object of at most 20 fields");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> details = detail == null || detail.isNull() ? Map.of() : json.convertValue(detail, Map.class);
        UUID patient = patients.patientOf(device.deviceId(), happenedAt).orElse(null);
        ClinicalGrade grade = device.clinicalGradeInputs().evaluate(LocalDate.ofInstant(happenedAt, ZoneOffset.UTC));
        UUID eventId = DeterministicIds.deviceEvent(device.deviceId(), id);
        return new DeviceEventV1(eventId, DeviceEventV1.TYPE, DeviceEventV1.VERSION, now, source, device.tenantId(), device.deviceId(),
                device.kind(), patient, id, name, happenedAt, now, grade.clinicalGrade(),
                grade.reasons().stream().map(ClinicalGrade.Reason::code).toList(), details, via.name(),
                happenedAt.isBefore(now.minus(config.readings().lateAfter())), deviceTimestamp == null ? null : Boolean.TRUE, deviceTimestamp);
    }

    /**
     * When every reading of the device has been rejected for {@code data-rejected-after}, a {@code data-rejected} device
     * event (once per streak, remembered as raised only once Kafka has it) for alerting to raise a technical alert: the
     * patient is not monitored though the device talks.
     */
    private Optional<Instant> dataRejected(DeviceStateV1 device, Via via, Instant now, List<Out> out) {
        Optional<Instant> due = stats.dataRejectedDue(device.deviceId(), now, config.readings().dataRejectedAfter());
        due.ifPresent(since -> {
            DeviceStats.Stats s = stats.orNone(device.deviceId());
            UUID patient = patients.patientOf(device.deviceId(), now).filter(p -> !patients.consentWithdrawnAt(p, now)).orElse(null);
            ClinicalGrade grade = device.clinicalGradeInputs().evaluate(LocalDate.ofInstant(now, ZoneOffset.UTC));
            String deviceEventId = DeviceEventV1.DATA_REJECTED + "/" + since.toEpochMilli();
            UUID eventId = DeterministicIds.deviceEvent(device.deviceId(), deviceEventId);
            String reasons = String.join(",", s.lastRejections().stream().filter(r -> !r.at().isBefore(since)).map(DeviceStats.Rejection::reason)
                    .distinct().toList());
            Map<String, Object> detail = Map.of("since", since.toString(), "reasons", reasons);
            out.add(new Out(Topics.DEVICE_EVENT, keyOf(patient, device), new DeviceEventV1(eventId, DeviceEventV1.TYPE, DeviceEventV1.VERSION, now,
                    source, device.tenantId(), device.deviceId(), device.kind(), patient, deviceEventId,
                    DeviceEventV1.DATA_REJECTED, now, now, grade.clinicalGrade(), grade.reasons().stream().map(ClinicalGrade.Reason::code).toList(),
                    detail, via.name(), false)));
            metrics.events("raised", DeviceEventV1.DATA_REJECTED);
        });
        return due;
    }

    private void seen(DeviceStateV1 device, DeviceSeenV1.What what, Via via, Instant now, List<Out> out) {
        if (stats.seenEventDue(device.deviceId(), now, config.readings().seenInterval())) {
            out.add(new Out(Topics.DEVICE_SEEN, device.deviceId().toString(), new DeviceSeenV1(UUID.randomUUID(), DeviceSeenV1.TYPE,
                    DeviceSeenV1.VERSION, now, source, device.tenantId(), device.deviceId(), now, DeviceSeenV1.Via.valueOf(via.name()), what)));
        }
    }

    private Out rejected(DeviceStateV1 device, ReadingNormalizer.Refusal r, String message, String reason, Via via, Instant now) {
        ReadingRejectedV1 event = new ReadingRejectedV1(UUID.randomUUID(), ReadingRejectedV1.TYPE, ReadingRejectedV1.VERSION, now, source,
                device.tenantId(), device.deviceId(), r == null ? null : r.deviceReadingId(), r == null ? null : r.index(),
                r == null ? null : r.code(), reason, message, via.name());
        return new Out(Topics.READING_REJECTED, device.deviceId().toString(), event);
    }

    private static String keyOf(UUID patient, DeviceStateV1 device) {
        return patient != null ? patient.toString() : device.deviceId().toString();
    }
}
