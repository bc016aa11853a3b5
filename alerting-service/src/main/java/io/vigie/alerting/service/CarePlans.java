package io.vigie.alerting.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.model.CarePlanRow;
import io.vigie.alerting.model.CareTeamMemberRow;
import io.vigie.alerting.model.RuleOverrideRow;
import io.vigie.alerting.repository.CarePlanRepository;
import io.vigie.alerting.rules.DefaultRules;
import io.vigie.alerting.rules.Rule;
import io.vigie.events.patient.CarePlanV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Care plans from patient-service, and the effective rules of a patient (defaults, care plan, clinicians' overrides). */
@ApplicationScoped
public class CarePlans {

    /** A patient's plan and effective rules; {@code plan} null when the patient has none (no rules then). */
    public record Context(CarePlanV1 plan, List<Rule> rules) {
    }

    private final CarePlanRepository plans;
    private final ObjectMapper json;

    public CarePlans(CarePlanRepository plans, ObjectMapper json) {
        this.plans = plans;
        this.json = json;
    }

    public Uni<CarePlanV1> plan(UUID patientId) {
        return plans.findById(patientId).map(row -> row == null ? null : read(row.plan));
    }

    public Uni<Context> context(UUID patientId, LocalDate day) {
        return plan(patientId).chain(plan -> plan == null ? Uni.createFrom().item(new Context(null, List.of()))
                : overrides(patientId).map(o -> new Context(plan, DefaultRules.effective(plan, day, o).rules())));
    }

    public Uni<List<CarePlanV1.RuleOverride>> overrides(UUID patientId) {
        return RuleOverrideRow.<RuleOverrideRow>find("id.patientId", patientId).list().map(rows -> rows.stream()
                .map(r -> new CarePlanV1.RuleOverride(r.id.ruleKey(), r.enabled, params(r.params))).toList());
    }

    /** Stores a newer plan (an older one, delivered late, is ignored) and the care team. */
    public Uni<Void> upsert(CarePlanV1 plan) {
        return plans.findById(plan.patientId()).chain(row -> {
            if (row != null && row.occurredAt.isAfter(plan.occurredAt())) {
                return Uni.createFrom().voidItem();
            }
            CarePlanRow r = row == null ? new CarePlanRow() : row;
            r.patientId = plan.patientId();
            r.tenantId = plan.tenantId();
            r.plan = write(plan);
            r.occurredAt = plan.occurredAt();
            r.updatedAt = Instant.now();
            Uni<?> saved = row == null ? plans.persist(r) : Uni.createFrom().item(r);
            return saved.chain(() -> plans.flush())
                    .chain(() -> CareTeamMemberRow.delete("id.patientId", plan.patientId()))
                    .chain(() -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (CarePlanV1.CareTeamMember m : plan.careTeam() == null ? List.<CarePlanV1.CareTeamMember>of() : plan.careTeam()) {
                            CareTeamMemberRow t = new CareTeamMemberRow();
                            t.id = new CareTeamMemberRow.Key(plan.patientId(), m.userId());
                            t.role = m.role();
                            chain = chain.chain(() -> t.persist().replaceWithVoid());
                        }
                        return chain;
                    });
        });
    }

    public CarePlanV1 read(String text) {
        try {
            return json.readValue(text, CarePlanV1.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored care plan unreadable", e);
        }
    }

    String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Double> params(String text) {
        try {
            return text == null ? null : json.readValue(text, new TypeReference<Map<String, Double>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
