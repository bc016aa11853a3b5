package io.vigie.alerting.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.model.Alert;
import io.vigie.alerting.model.AlertEvent;
import io.vigie.alerting.model.RuleOverrideRow;
import io.vigie.alerting.model.Silence;
import io.vigie.alerting.repository.AlertRepository;
import io.vigie.alerting.repository.CarePlanRepository;
import io.vigie.alerting.rules.DefaultRules;
import io.vigie.alerting.rules.Rule;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.rest.ETags;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.outbox.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What clinicians and nurses do with alerts, rules and silences, always within their hospitals (404 otherwise). */
@ApplicationScoped
public class AlertService {

    public record Detail(Alert alert, List<AlertEvent> history) {
    }

    private final AlertRepository alerts;
    private final CarePlanRepository plans;
    private final CarePlans carePlans;
    private final AlertBook book;
    private final AuditTrail audit;
    private final ObjectMapper json;

    public AlertService(AlertRepository alerts, CarePlanRepository plans, CarePlans carePlans, AlertBook book, AuditTrail audit, ObjectMapper json) {
        this.alerts = alerts;
        this.plans = plans;
        this.carePlans = carePlans;
        this.book = book;
        this.audit = audit;
        this.json = json;
    }

    @WithSession
    public Uni<Page<Alert>> search(Caller caller, List<Alert.Status> statuses, io.vigie.alerting.rules.Priority priority, UUID patientId, String ruleKey,
            boolean mine, PageRequest page) {
        AlertRepository.Criteria c = new AlertRepository.Criteria(caller.isGroupWide() ? null : caller.hospitals(), statuses, priority, patientId, ruleKey,
                mine ? caller.userId() : null);
        return alerts.search(c, page.page(), page.size()).chain(list -> alerts.countSearch(c).map(n -> new Page<>(list, page.page(), page.size(), n)));
    }

    @WithSession
    public Uni<Detail> detail(Caller caller, UUID id) {
        return visible(caller, id).chain(a -> AlertEvent.<AlertEvent>list("alertId = ?1 order by id", a.id).map(h -> new Detail(a, h)));
    }

    @WithTransaction
    public Uni<Alert> act(Caller caller, UUID id, String ifMatch, String action, java.util.function.Function<Alert, Uni<Alert>> change) {
        return visible(caller, id).chain(a -> {
            if (ifMatch != null) {
                ETags.require(ifMatch, a.version);
            }
            if (a.status == Alert.Status.RESOLVED && !action.equals("COMMENT")) {
                throw ProblemException.conflict("alert-resolved", "The alert is already resolved.");
            }
            return change.apply(a).call(x -> alerts.flush())
                    .call(x -> audit.record(caller.actor(), caller.purpose(), a.tenantId, action, "alert", a.id.toString(),
                            Map.of("patientId", a.patientId.toString(), "status", a.status.name(), "ruleKey", a.ruleKey)));
        });
    }

    public AlertBook book() {
        return book;
    }

    // ------------------------------------------------------------------------------------------------ rules and silences

    @WithSession
    public Uni<List<Rule>> rules(Caller caller, UUID patientId) {
        return patient(caller, patientId, "READ", "rules").chain(plan -> carePlans.context(patientId, LocalDate.now(ZoneOffset.UTC)).map(CarePlans.Context::rules));
    }

    @WithTransaction
    public Uni<Rule> override(Caller caller, UUID patientId, String ruleKey, CarePlanV1.RuleOverride override) {
        Rule base = DefaultRules.byKey(ruleKey);
        if (base == null) {
            throw ProblemException.notFound("Rule", ruleKey);
        }
        Rule changed;
        try {
            changed = base.with(override);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("params", e.getMessage());
        }
        return patient(caller, patientId, null, null).chain(plan -> RuleOverrideRow.<RuleOverrideRow>findById(new RuleOverrideRow.Key(patientId, ruleKey))
                .chain(existing -> {
                    RuleOverrideRow row = existing == null ? new RuleOverrideRow() : existing;
                    row.id = new RuleOverrideRow.Key(patientId, ruleKey);
                    row.enabled = override.enabled();
                    row.params = write(override.params());
                    row.updatedBy = caller.userId();
                    row.updatedAt = Instant.now();
                    Uni<?> saved = existing == null ? row.persist() : Uni.createFrom().item(row);
                    return saved.call(() -> audit.record(caller.actor(), caller.purpose(), plan.tenantId(), "OVERRIDE_RULE", "rule",
                            patientId + "/" + ruleKey, Map.of("patientId", patientId.toString(), "ruleKey", ruleKey,
                                    "enabled", String.valueOf(changed.enabled()), "params", String.valueOf(override.params()))))
                            .replaceWith(changed);
                }));
    }

    @WithTransaction
    public Uni<Silence> silence(Caller caller, UUID patientId, String ruleKey, String reason, Instant until) {
        if (until == null || !until.isAfter(Instant.now()) || until.isAfter(Instant.now().plus(Duration.ofDays(30)))) {
            throw ProblemException.invalidField("until", "must be in the future and within 30 days");
        }
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalidField("reason", "required: say why this rule is silenced");
        }
        if (DefaultRules.byKey(ruleKey) == null) {
            throw ProblemException.invalidField("ruleKey", "unknown rule");
        }
        return patient(caller, patientId, null, null).chain(plan -> {
            Silence s = new Silence();
            s.id = UUID.randomUUID();
            s.tenantId = plan.tenantId();
            s.patientId = patientId;
            s.ruleKey = ruleKey;
            s.reason = reason.strip();
            s.until = until;
            s.createdBy = caller.userId();
            s.createdAt = Instant.now();
            return s.<Silence>persist().call(() -> audit.record(caller.actor(), caller.purpose(), plan.tenantId(), "SILENCE", "rule",
                    patientId + "/" + ruleKey, Map.of("patientId", patientId.toString(), "ruleKey", ruleKey, "until", until.toString())));
        });
    }

    @WithSession
    public Uni<List<Silence>> silences(Caller caller, UUID patientId) {
        return patient(caller, patientId, null, null).chain(plan -> Silence.<Silence>list("patientId = ?1 and until > ?2 order by until", patientId, Instant.now()));
    }

    /** The patient's care plan if the caller may act on them (404 otherwise). */
    private Uni<CarePlanV1> patient(Caller caller, UUID patientId, String action, String resource) {
        return plans.findById(patientId).map(row -> {
            if (row == null) {
                throw ProblemException.notFound("Patient", patientId.toString());
            }
            caller.requireHospital(row.tenantId, "Patient", patientId);
            return carePlans.read(row.plan);
        });
    }

    private Uni<Alert> visible(Caller caller, UUID id) {
        return alerts.findById(id).map(a -> {
            if (a == null) {
                throw ProblemException.notFound("Alert", id.toString());
            }
            caller.requireHospital(a.tenantId, "Alert", id);
            return a;
        });
    }

    private String write(Object o) {
        try {
            return o == null ? null : json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
