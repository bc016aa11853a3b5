package io.vigie.alerting.evaluation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigie.events.alert.AlertChangedV1;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code vigie_alerting_alerts_total{rule,priority}} raised, {@code vigie_alerting_alert_changes_total{change}},
 * {@code vigie_alerting_evaluation_latency} (measurement to alert, live readings), {@code vigie_alerting_evaluator_total{what}}
 * (silenced verdicts, inputs waiting for a plan, pending inputs dropped or expired) and the evaluator's dead letters.
 */
public final class EvaluatorMetrics {

    private final MeterRegistry registry;
    private final Timer latency;

    public EvaluatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("vigie.alerting.evaluation.latency")
                .description("From the reading's measurement time to the alert being raised (late readings excluded)")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    }

    void alertChanged(AlertChangedV1 c) {
        Counter.builder("vigie.alerting.alert.changes").tag("change", c.change()).register(registry).increment();
        if ("RAISED".equals(c.change())) {
            Counter.builder("vigie.alerting.alerts").tag("rule", c.ruleKey()).tag("priority", c.priority()).register(registry).increment();
            if (!c.late() && c.measuredAt() != null) {
                latency.record(Duration.between(c.measuredAt(), Instant.now()).abs());
            }
        }
        if ("RESOLVED".equals(c.change()) && c.actionable() != null) {
            Counter.builder("vigie.alerting.alerts.resolved").tag("rule", c.ruleKey()).tag("actionable", c.actionable().toString()).register(registry)
                    .increment();
        }
        if ("ESCALATED".equals(c.change())) {
            Counter.builder("vigie.alerting.escalations").tag("level", String.valueOf(c.escalationLevel())).tag("rule", c.ruleKey()).register(registry)
                    .increment();
        }
    }

    void count(String what, String ruleKey) {
        Counter.builder("vigie.alerting.evaluator").tag("what", what).tag("rule", ruleKey == null ? "-" : ruleKey).register(registry).increment();
    }

    void deadLettered(String kind) {
        Counter.builder("vigie.inbox.dead.letters").tag("consumer", PatientProcessor.CONSUMER).tag("kind", kind).register(registry).increment();
    }
}
