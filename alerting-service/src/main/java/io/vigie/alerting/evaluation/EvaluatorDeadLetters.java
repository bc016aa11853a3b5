package io.vigie.alerting.evaluation;

import io.vigie.inbox.admin.DeadLetteringConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The evaluator's dead letters (poison of its inputs), listed and replayed by the DLQ admin API as the inbox consumers'. */
@ApplicationScoped
public class EvaluatorDeadLetters implements DeadLetteringConsumer {

    @Override
    public String name() {
        return PatientProcessor.CONSUMER;
    }

    @Override
    public List<String> topics() {
        return EvaluatorTopology.INPUTS;
    }
}
