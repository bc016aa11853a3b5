package io.vigie.alerting.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.gdpr.PatientErasure;
import io.vigie.alerting.model.RuleOverrideRow;
import io.vigie.alerting.model.Silence;
import io.vigie.events.Topics;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** Clinicians' overrides and silences as the evaluator accepted them, for the rules and silences the API lists. */
@ApplicationScoped
public class RuleStateProjection implements InboxHandler<AlertCommandOutcomeV1> {

    static final String CONSUMER = "alerting-rule-state";

    private final ObjectMapper json;
    private final PatientErasure erasure;

    public RuleStateProjection(ObjectMapper json, PatientErasure erasure) {
        this.json = json;
        this.erasure = erasure;
    }

    @Override
    public InboxConsumer<AlertCommandOutcomeV1> consumer() {
        return InboxConsumer.of(CONSUMER, Topics.ALERT_COMMAND_OUTCOME, AlertCommandOutcomeV1.class, "alerting-read-model");
    }

    @Override
    public Uni<Void> handle(AlertCommandOutcomeV1 o, InboxContext ctx) {
        if (!o.accepted() || (o.rule() == null && o.silence() == null)) {
            return Uni.createFrom().voidItem();
        }
        return PatientErasure.lock(o.patientId()).chain(() -> erasure.isErased(o.patientId()))
                .chain(erased -> erased ? Uni.createFrom().voidItem() : o.rule() != null ? override(o) : silence(o));
    }

    private Uni<Void> override(AlertCommandOutcomeV1 o) {
        AlertCommandOutcomeV1.RuleOverride r = o.rule();
        return RuleOverrideRow.<RuleOverrideRow>findById(new RuleOverrideRow.Key(o.patientId(), r.ruleKey())).chain(existing -> {
            if (existing != null && existing.updatedAt != null && existing.updatedAt.isAfter(r.updatedAt())) {
                return Uni.createFrom().voidItem();
            }
            RuleOverrideRow row = existing == null ? new RuleOverrideRow() : existing;
            row.id = new RuleOverrideRow.Key(o.patientId(), r.ruleKey());
            row.enabled = r.enabled();
            row.params = write(r.params());
            row.updatedBy = r.updatedBy();
            row.updatedAt = r.updatedAt();
            return existing == null ? row.persist().replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    private static Uni<Void> silence(AlertCommandOutcomeV1 o) {
        AlertCommandOutcomeV1.Silence s = o.silence();
        if (s.lifted()) {
            return Silence.deleteById(s.id()).replaceWithVoid();
        }
        return Silence.<Silence>findById(s.id()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Silence row = new Silence();
            row.id = s.id();
            row.tenantId = o.tenantId();
            row.patientId = o.patientId();
            row.ruleKey = s.ruleKey();
            row.reason = s.reason();
            row.until = s.until();
            row.createdBy = s.createdBy();
            row.createdAt = s.createdAt();
            return row.persist().replaceWithVoid();
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
