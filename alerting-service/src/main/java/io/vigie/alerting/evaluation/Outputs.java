package io.vigie.alerting.evaluation;

import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.events.audit.AuditRecordedV1;

/** What judging an input produces, written in the same Kafka transaction as the state change. */
public interface Outputs {

    void alertChanged(AlertChangedV1 change);

    void outcome(AlertCommandOutcomeV1 outcome);

    void audit(AuditRecordedV1 record);

    /** Counts for the service's metrics: silenced verdicts, inputs that waited for a plan, dropped pending inputs. */
    default void count(String what, String ruleKey) {
    }
}
