package io.vigie.alerting.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.model.DeviceHeartbeat;
import io.vigie.alerting.model.ObservationRow;
import io.vigie.alerting.repository.AlertRepository;
import io.vigie.alerting.repository.ObservationRepository;
import io.vigie.alerting.rules.DefaultRules;
import io.vigie.alerting.rules.Evaluator;
import io.vigie.alerting.rules.Observation;
import io.vigie.alerting.rules.Rule;
import io.vigie.alerting.rules.RuleKind;
import io.vigie.alerting.rules.Verdict;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Evaluates a patient's rules on each reading and device event, inside one transaction with the alert changes.
 * Idempotent: the reading (or event) id is recorded first, so a redelivery after a crash is recognized and skipped
 * (its effects were committed with it), and an alert is never duplicated.
 */
@ApplicationScoped
public class AlertEngine {

    /** How far back a sustained or consecutive rule looks. */
    static final Duration STREAK_LOOKBACK = Duration.ofDays(7);

    private final ObservationRepository observations;
    private final AlertRepository alerts;
    private final CarePlans carePlans;
    private final AlertBook book;
    private final ObjectMapper json;

    public AlertEngine(ObservationRepository observations, AlertRepository alerts, CarePlans carePlans, AlertBook book, ObjectMapper json) {
        this.observations = observations;
        this.alerts = alerts;
        this.carePlans = carePlans;
        this.book = book;
        this.json = json;
    }

    /** Returns true when an alert changed (so the outbox can be nudged after commit). */
    public Uni<Boolean> onReading(ReadingAcceptedV1 r) {
        if (r.patientId() == null || r.quarantine() != null || r.measuredAt() == null) {
            return Uni.createFrom().item(false); // nobody to alert about, or consent withdrawn
        }
        ObservationRow row = row(r);
        return observations.insertIfAbsent(row).chain(inserted -> {
            if (!inserted) {
                return Uni.createFrom().item(false); // redelivery: already evaluated and committed
            }
            Observation obs = observation(row);
            Set<String> carried = new HashSet<>(List.of(obs.code()));
            if (obs.components() != null) {
                carried.addAll(obs.components().keySet());
            }
            return carePlans.context(r.patientId(), LocalDate.ofInstant(r.measuredAt(), ZoneOffset.UTC)).chain(ctx -> {
                if (ctx.plan() == null) {
                    return Uni.createFrom().item(false);
                }
                AlertBook.Subject subject = new AlertBook.Subject(r.tenantId(), r.patientId(), r.deviceId(), r.measuredAt(), r.late(),
                        r.readingId().toString(), ctx.plan());
                return alerts.anyOpenForDevice(r.deviceId(), DefaultRules.SENSOR_DISCONNECTED.key()).chain(inhibited -> {
                    AtomicBoolean changed = new AtomicBoolean();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Rule rule : ctx.rules()) {
                        if (!rule.enabled() || rule.codes().stream().noneMatch(carried::contains)) {
                            continue;
                        }
                        chain = chain.chain(() -> verdict(rule, r.patientId(), obs, ctx).chain(v -> {
                            if (inhibited && rule.kind() == RuleKind.THRESHOLD && v.triggered()) {
                                return Uni.createFrom().voidItem(); // the sensor is reported disconnected: its values are not trusted
                            }
                            return book.apply(rule, v, subject).invoke(a -> changed.compareAndSet(false, a != null)).replaceWithVoid();
                        }));
                    }
                    return chain.map(x -> changed.get());
                });
            });
        });
    }

    private Uni<Verdict> verdict(Rule rule, java.util.UUID patientId, Observation obs, CarePlans.Context ctx) {
        return switch (rule.kind()) {
            case THRESHOLD -> rule.sustainedSeconds() == null && rule.consecutive() == null
                    ? Uni.createFrom().item(Evaluator.threshold(rule, obs, List.of()))
                    : history(patientId, obs, rule.codes(), STREAK_LOOKBACK, 500).map(h -> Evaluator.threshold(rule, obs, h));
            case TREND -> history(patientId, obs, rule.codes(), rule.window(), 1000).map(h -> Evaluator.trend(rule, obs, h));
            case NEWS2 -> history(patientId, obs, rule.codes(), rule.window(), 2000).map(h -> Evaluator.news2(rule, obs, h, ctx.plan()));
            case MISSED -> Uni.createFrom().item(Verdict.clear("received " + obs.code()));
            default -> Uni.createFrom().item(Verdict.none());
        };
    }

    /** Device events: heartbeats feed the silent-device timer; the event rules raise their alerts. */
    public Uni<Boolean> onDeviceEvent(DeviceEventV1 e) {
        if (e.patientId() == null) {
            return Uni.createFrom().item(false);
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into processed_event (event_id, patient_id, processed_at) values (?1, ?2, ?3) "
                + "on conflict do nothing").setParameter(1, e.eventId()).setParameter(2, e.patientId()).setParameter(3, Instant.now()).executeUpdate())
                .chain(n -> n == 0 ? Uni.createFrom().item(false) : evaluate(e));
    }

    private Uni<Boolean> evaluate(DeviceEventV1 e) {
        return carePlans.context(e.patientId(), LocalDate.ofInstant(e.happenedAt(), ZoneOffset.UTC)).chain(ctx -> {
            if (ctx.plan() == null) {
                return Uni.createFrom().item(false);
            }
            AlertBook.Subject subject = new AlertBook.Subject(e.tenantId(), e.patientId(), e.deviceId(), e.happenedAt(), e.late(),
                    e.eventId().toString(), ctx.plan());
            AtomicBoolean changed = new AtomicBoolean();
            Uni<Void> chain = "heartbeat".equals(e.event()) ? heartbeat(e, ctx, subject, changed) : Uni.createFrom().voidItem();
            for (Rule rule : ctx.rules()) {
                if (rule.enabled() && rule.kind() == RuleKind.DEVICE_EVENT) {
                    Verdict v = Evaluator.event(rule, e.event(), e.detail(), e.clinicalGrade(), ctx.plan());
                    chain = chain.chain(() -> book.apply(rule, v, subject).invoke(a -> changed.compareAndSet(false, a != null)).replaceWithVoid());
                }
            }
            return chain.map(x -> changed.get());
        });
    }

    private Uni<Void> heartbeat(DeviceEventV1 e, CarePlans.Context ctx, AlertBook.Subject subject, AtomicBoolean changed) {
        return DeviceHeartbeat.<DeviceHeartbeat>findById(e.deviceId()).chain(hb -> {
            DeviceHeartbeat h = hb == null ? new DeviceHeartbeat() : hb;
            if (hb != null && !e.happenedAt().isAfter(hb.lastAt)) {
                return Uni.createFrom().voidItem();
            }
            h.deviceId = e.deviceId();
            h.patientId = e.patientId();
            h.tenantId = e.tenantId();
            h.lastAt = e.happenedAt();
            Uni<?> saved = hb == null ? h.persist() : Uni.createFrom().item(h);
            return saved.chain(() -> ctx.rules().stream().filter(r -> r.kind() == RuleKind.HEARTBEAT).findFirst()
                    .map(r -> book.apply(r, Verdict.clear("heartbeat received"), subject).invoke(a -> changed.compareAndSet(false, a != null))
                            .replaceWithVoid())
                    .orElse(Uni.createFrom().voidItem()));
        });
    }

    private Uni<List<Observation>> history(java.util.UUID patientId, Observation obs, Set<String> codes, Duration window, int limit) {
        Set<String> stored = new HashSet<>(codes);
        if (codes.contains("8480-6") || codes.contains("8462-4")) {
            stored.add("85354-9"); // components live in their panel
        }
        return observations.window(patientId, stored, obs.measuredAt().minus(window), obs.measuredAt(), limit)
                .map(rows -> rows.stream().filter(r -> !r.readingId.equals(obs.readingId())).map(this::observation).toList());
    }

    ObservationRow row(ReadingAcceptedV1 r) {
        ObservationRow o = new ObservationRow();
        o.readingId = r.readingId();
        o.patientId = r.patientId();
        o.tenantId = r.tenantId();
        o.deviceId = r.deviceId();
        o.code = r.code();
        o.value = r.value();
        o.valueCode = r.valueCode();
        if (r.components() != null) {
            Map<String, Double> c = new HashMap<>();
            r.components().forEach(x -> c.put(x.code(), x.value()));
            try {
                o.components = json.writeValueAsString(c);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        o.measuredAt = r.measuredAt();
        o.clinicalGrade = r.clinicalGrade();
        o.receivedAt = r.receivedAt() == null ? Instant.now() : r.receivedAt();
        return o;
    }

    Observation observation(ObservationRow r) {
        Map<String, Double> comps = null;
        if (r.components != null) {
            try {
                comps = json.readValue(r.components, new TypeReference<Map<String, Double>>() {
                });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Observation(r.readingId, r.deviceId, r.code, r.value, r.valueCode, comps, r.measuredAt, r.clinicalGrade);
    }
}
