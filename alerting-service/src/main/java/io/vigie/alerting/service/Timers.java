package io.vigie.alerting.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.config.AlertingConfig;
import io.vigie.alerting.gdpr.PatientErasure;
import io.vigie.alerting.model.Alert;
import io.vigie.alerting.model.CarePlanRow;
import io.vigie.alerting.model.DeviceHeartbeat;
import io.vigie.alerting.repository.AlertRepository;
import io.vigie.alerting.repository.CarePlanRepository;
import io.vigie.alerting.repository.ObservationRepository;
import io.vigie.alerting.rules.Rule;
import io.vigie.alerting.rules.RuleKind;
import io.vigie.alerting.rules.Verdict;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.outbox.OutboxPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Time-driven rules and escalation, from the database (so they survive restarts). Each job runs under a
 * PostgreSQL advisory lock: with several instances, one of them does it at a time.
 */
@ApplicationScoped
public class Timers {

    static final long ESCALATION_LOCK = 0x76_61_6c_31L;
    static final long MISSED_LOCK = 0x76_61_6c_32L;

    private final AlertRepository alerts;
    private final CarePlanRepository plans;
    private final ObservationRepository observations;
    private final CarePlans carePlans;
    private final AlertBook book;
    private final jakarta.enterprise.inject.Instance<OutboxPublisher> outbox;
    private final AlertingConfig config;
    private final PatientErasure erasure;

    public Timers(AlertRepository alerts, CarePlanRepository plans, ObservationRepository observations, CarePlans carePlans, AlertBook book,
            jakarta.enterprise.inject.Instance<OutboxPublisher> outbox, AlertingConfig config, PatientErasure erasure) {
        this.erasure = erasure;
        this.alerts = alerts;
        this.plans = plans;
        this.observations = observations;
        this.carePlans = carePlans;
        this.book = book;
        this.outbox = outbox;
        this.config = config;
    }

    @Scheduled(every = "${vigie.alerting.escalation-check:5s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "alert-escalation")
    Uni<Void> escalations() {
        return locked(ESCALATION_LOCK, () -> alerts.dueForEscalation(Instant.now(), 100).chain(due -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Alert a : due) {
                chain = chain.chain(() -> carePlans.plan(a.patientId).chain(plan -> book.escalate(a, plan)).replaceWithVoid());
            }
            return chain.replaceWith(!due.isEmpty());
        }));
    }

    @Scheduled(every = "${vigie.alerting.timer-check:30s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "alert-timers")
    Uni<Void> missedAndSilent() {
        return locked(MISSED_LOCK, () -> {
            AtomicBoolean changed = new AtomicBoolean();
            return plans.listAll().chain(rows -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (CarePlanRow row : rows) {
                    chain = chain.chain(() -> missed(row, changed));
                }
                return chain;
            }).chain(() -> silentDevices(changed)).map(x -> changed.get());
        });
    }

    /** A scheduled measurement not received within period + grace since the last one (or the enrollment start). */
    private Uni<Void> missed(CarePlanRow row, AtomicBoolean changed) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // the patient may have been erased since the plans were listed: under their lock, check before writing
        return PatientErasure.lock(row.patientId).chain(() -> erasure.isErased(row.patientId)).chain(erased -> erased ? Uni.createFrom().voidItem()
                : carePlans.context(row.patientId, today).chain(ctx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Rule rule : ctx.rules()) {
                if (rule.kind() != RuleKind.MISSED || !rule.enabled()) {
                    continue;
                }
                chain = chain.chain(() -> observations.latest(row.patientId, List.of(rule.code())).chain(last -> {
                    Instant since = last != null ? last : enrollmentStart(ctx.plan());
                    Instant deadline = since.plus(rule.period()).plus(rule.grace());
                    if (Instant.now().isBefore(deadline)) {
                        return Uni.createFrom().voidItem();
                    }
                    Verdict v = Verdict.triggered(rule.priority(), "no " + rule.code() + " since " + since,
                            "expected every " + rule.period() + " (+ " + rule.grace() + " grace)", true);
                    AlertBook.Subject s = new AlertBook.Subject(row.tenantId, row.patientId, null, deadline, false, since.toString(), ctx.plan());
                    return book.applyOverdue(rule, v, s).invoke(a -> changed.compareAndSet(false, a != null)).replaceWithVoid();
                }));
            }
            return chain;
        }));
    }

    /** A continuous device (one that sends heartbeats) silent for longer than its rule's timeout. */
    private Uni<Void> silentDevices(AtomicBoolean changed) {
        return DeviceHeartbeat.<DeviceHeartbeat>listAll().chain(beats -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (DeviceHeartbeat hb : beats) {
                chain = chain.chain(() -> PatientErasure.lock(hb.patientId).chain(() -> erasure.isErased(hb.patientId)).chain(erased -> erased
                        ? Uni.createFrom().<CarePlans.Context>nullItem() : carePlans.context(hb.patientId, LocalDate.now(ZoneOffset.UTC))).chain(ctx -> {
                    if (ctx == null) {
                        return Uni.createFrom().voidItem();
                    }
                    Rule rule = ctx.rules().stream().filter(r -> r.kind() == RuleKind.HEARTBEAT && r.enabled()).findFirst().orElse(null);
                    if (rule == null || Instant.now().isBefore(hb.lastAt.plus(rule.heartbeatTimeout()))) {
                        return Uni.createFrom().voidItem();
                    }
                    Verdict v = Verdict.triggered(rule.priority(), "no heartbeat since " + hb.lastAt, "device " + hb.deviceId, true);
                    AlertBook.Subject s = new AlertBook.Subject(hb.tenantId, hb.patientId, hb.deviceId, hb.lastAt.plus(rule.heartbeatTimeout()), false,
                            hb.deviceId + "@" + hb.lastAt, ctx.plan());
                    return book.applyOverdue(rule, v, s).invoke(a -> changed.compareAndSet(false, a != null)).replaceWithVoid();
                }));
            }
            return chain;
        });
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "observation-retention")
    Uni<Void> retention() {
        return Panache.withTransaction(() -> observations.purgeBefore(Instant.now().minus(config.observationRetention()))).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private static Instant enrollmentStart(CarePlanV1 plan) {
        return plan.enrollments().stream().map(e -> e.start().atStartOfDay(ZoneOffset.UTC).toInstant()).min(Instant::compareTo).orElse(Instant.now());
    }

    private Uni<Void> locked(long key, java.util.function.Supplier<Uni<Boolean>> job) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("select pg_try_advisory_xact_lock(" + key + ")", Boolean.class).getSingleResult())
                .chain(locked -> locked ? job.get() : Uni.createFrom().item(false)))
                .invoke(changed -> {
                    if (changed) {
                        outbox.get().nudge();
                    }
                })
                .onFailure().invoke(e -> Log.warnf("alert timers: %s", ProblemMappers.describe(e)))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
