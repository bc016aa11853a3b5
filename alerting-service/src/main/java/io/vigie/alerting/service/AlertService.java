package io.vigie.alerting.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.messaging.CommandGateway;
import io.vigie.alerting.model.Alert;
import io.vigie.alerting.model.AlertEvent;
import io.vigie.alerting.model.Silence;
import io.vigie.alerting.readmodel.ReadModelCatchUp;
import io.vigie.alerting.repository.AlertRepository;
import io.vigie.alerting.repository.CarePlanRepository;
import io.vigie.alerting.rules.DefaultRules;
import io.vigie.alerting.rules.Rule;
import io.vigie.core.problem.Problem;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.events.alert.AlertCommandV1;
import io.vigie.events.alert.RuleCatalogue;
import io.vigie.events.patient.CarePlanV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What clinicians and nurses do with alerts, rules and silences, always within their hospitals (404 otherwise). Reads
 * come from the read model; an action is checked here (role, hospital, input), sent as a command to the patient's
 * evaluator — the single writer of their alerts — and answered with its outcome (audited by the evaluator).
 */
@ApplicationScoped
public class AlertService {

    public record Detail(Alert alert, List<AlertEvent> history) {
    }

    private final AlertRepository alerts;
    private final CarePlanRepository plans;
    private final CarePlans carePlans;
    private final CommandGateway commands;
    private final ReadModelCatchUp readModel;
    private final String source;

    public AlertService(AlertRepository alerts, CarePlanRepository plans, CarePlans carePlans, CommandGateway commands, ReadModelCatchUp readModel,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.readModel = readModel;
        this.alerts = alerts;
        this.plans = plans;
        this.carePlans = carePlans;
        this.commands = commands;
        this.source = source;
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

    /**
     * An action on an alert: {@code ifMatch} (the ETag the caller read) is checked by the evaluator against the alert as it
     * is now; the answer is the alert after the action (200), or 404, 409 (resolved), 412 (changed meanwhile), 503.
     */
    public Uni<AlertChangedV1> act(Caller caller, UUID id, String ifMatch, AlertCommandV1.Command command, String assignee, Boolean actionable,
            String text) {
        Long expected = revisionOf(ifMatch);
        return visibleNow(caller, id).chain(a -> commands.send(AlertCommandV1.onAlert(source, a.tenantId, a.patientId, command, a.id, expected,
                caller.actor().id(), caller.actor().roles(), caller.purpose(), assignee, actionable, text)).map(o -> answer(o, "Alert", id).alert())
                // nothing to wait for when the action changed nothing (a second acknowledgement: the revision the read model has)
                .call(change -> change.revision() != null && change.revision() <= a.version ? Uni.createFrom().voidItem()
                        : readModel.alertChange(change.eventId())));
    }

    // ------------------------------------------------------------------------------------------------ rules and silences

    @WithSession
    public Uni<List<Rule>> rules(Caller caller, UUID patientId) {
        return patient(caller, patientId).chain(plan -> carePlans.context(patientId, LocalDate.now(ZoneOffset.UTC)).map(CarePlans.Context::rules));
    }

    /** A clinician's override, checked against the rule's parameter catalogue here (400 naming the parameter). */
    public Uni<Rule> override(Caller caller, UUID patientId, String ruleKey, CarePlanV1.RuleOverride override) {
        Rule base = DefaultRules.byKey(ruleKey);
        if (base == null || RuleCatalogue.byKey(ruleKey) == null) {
            throw ProblemException.notFound("Rule", ruleKey);
        }
        List<RuleCatalogue.Violation> problems = RuleCatalogue.violations(ruleKey, override.params());
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("validation-failed", "The override does not fit the rule's parameters.",
                    problems.stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList());
        }
        Rule changed;
        try {
            changed = base.with(override);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("params", e.getMessage());
        }
        return patientNow(caller, patientId).chain(plan -> commands.send(AlertCommandV1.onRule(source, plan.tenantId(), patientId,
                AlertCommandV1.Command.OVERRIDE_RULE, ruleKey, caller.actor().id(), caller.actor().roles(), caller.purpose(), override.enabled(),
                override.params(), null, null, null))).map(o -> answer(o, "Rule", ruleKey)).call(o -> readModel.ruleChange(o.eventId()))
                .replaceWith(changed);
    }

    public Uni<AlertCommandOutcomeV1.Silence> silence(Caller caller, UUID patientId, String ruleKey, String reason, Instant until) {
        if (until == null || !until.isAfter(Instant.now()) || until.isAfter(Instant.now().plus(Duration.ofDays(30)))) {
            throw ProblemException.invalidField("until", "must be in the future and within 30 days");
        }
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalidField("reason", "required: say why this rule is silenced");
        }
        if (RuleCatalogue.byKey(ruleKey) == null) {
            throw ProblemException.invalidField("ruleKey", "unknown rule");
        }
        return patientNow(caller, patientId).chain(plan -> commands.send(AlertCommandV1.onRule(source, plan.tenantId(), patientId,
                AlertCommandV1.Command.SILENCE, ruleKey, caller.actor().id(), caller.actor().roles(), caller.purpose(), null, null, reason.strip(),
                UUID.randomUUID(), until))).map(o -> answer(o, "Patient", patientId)).call(o -> readModel.ruleChange(o.eventId()))
                .map(AlertCommandOutcomeV1::silence);
    }

    /** Lifts a silence of the patient's (404 when there is none by that id). */
    public Uni<Void> lift(Caller caller, UUID patientId, UUID silenceId) {
        return patientNow(caller, patientId).chain(plan -> commands.send(AlertCommandV1.onRule(source, plan.tenantId(), patientId,
                AlertCommandV1.Command.LIFT_SILENCE, null, caller.actor().id(), caller.actor().roles(), caller.purpose(), null, null, null, silenceId,
                null))).map(o -> answer(o, "Silence", silenceId)).call(o -> readModel.ruleChange(o.eventId())).replaceWithVoid();
    }

    @WithSession
    public Uni<List<Silence>> silences(Caller caller, UUID patientId) {
        return patient(caller, patientId).chain(plan -> Silence.<Silence>list("patientId = ?1 and until > ?2 order by until", patientId, Instant.now()));
    }

    /** An accepted outcome as it is, a refusal as the problem it means. */
    private static AlertCommandOutcomeV1 answer(AlertCommandOutcomeV1 o, String resource, Object id) {
        return switch (o.result()) {
            case ACCEPTED -> o;
            case NOT_FOUND -> throw ProblemException.notFound(resource, String.valueOf(id));
            case CONFLICT -> throw ProblemException.conflict("alert-resolved", "The alert is already resolved.");
            case PRECONDITION_FAILED -> throw ProblemException.preconditionFailed("The alert changed since you read it: read it again and retry.");
            case INVALID -> throw ProblemException.badRequest("validation-failed", o.reason(), List.of());
        };
    }

    /** The revision an If-Match names ({@code "3"} or {@code W/"3"}); null for none or {@code *}; 412 when malformed. */
    static Long revisionOf(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String t = ifMatch.strip();
        t = t.startsWith("W/") ? t.substring(2) : t;
        try {
            return Long.parseLong(t.replace("\"", ""));
        } catch (NumberFormatException e) {
            throw ProblemException.preconditionFailed("If-Match is not an ETag of this alert: read the alert again and send its ETag.");
        }
    }

    /** The patient's care plan if the caller may act on them (404 otherwise). */
    private Uni<CarePlanV1> patient(Caller caller, UUID patientId) {
        return plans.findById(patientId).map(row -> {
            if (row == null) {
                throw ProblemException.notFound("Patient", patientId.toString());
            }
            caller.requireHospital(row.tenantId, "Patient", patientId);
            return carePlans.read(row.plan);
        });
    }

    private Uni<CarePlanV1> patientNow(Caller caller, UUID patientId) {
        return Panache.withSession(() -> patient(caller, patientId));
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

    private Uni<Alert> visibleNow(Caller caller, UUID id) {
        return Panache.withSession(() -> visible(caller, id));
    }

}
