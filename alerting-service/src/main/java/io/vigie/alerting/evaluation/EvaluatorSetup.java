package io.vigie.alerting.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.alerting.config.AlertingConfig;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.messaging.KafkaSettings;
import io.vigie.core.messaging.TopicNames;
import io.vigie.core.tracing.Tracing;
import io.quarkus.logging.Log;
import io.vigie.core.problem.ProblemMappers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The evaluator's topology for the Quarkus Kafka Streams extension, which runs it (exactly_once_v2: application.properties). */
@ApplicationScoped
public class EvaluatorSetup {

    @Produces
    @Singleton
    Topology topology(AlertingConfig config, TopicNames topics, EventReader events, ObjectMapper json, Tracing tracing, MeterRegistry metrics,
            KafkaSettings kafka, @ConfigProperty(name = "quarkus.application.name") String source) {
        CoPartitioning.check(kafka, EvaluatorTopology.INPUTS.stream().map(topics::of).toList(), Duration.ofSeconds(120));
        Settings settings = new Settings(config.escalationDelay(), config.autoResolveAfter(), config.autoResolveReadings(), config.lateAfter(),
                config.inhibitionMax(), config.pendingMax(), config.pendingLimit(), source);
        EvaluatorTopology.Parts parts = new EvaluatorTopology.Parts(settings, topics, events, PatientStore.JSON, tracing, new EvaluatorMetrics(metrics),
                config.evaluator().timerInterval(), config.evaluator().seenRetention(), config.evaluator().cachedPatients());
        return EvaluatorTopology.build(parts);
    }

    /**
     * A stream thread that dies (Kafka unreachable past its timeouts, a state store that failed) is replaced: its
     * tasks resume from their last committed transaction, so nothing is lost or judged twice, and the service
     * never stops evaluating because of a transient failure (the Quarkus extension picks this bean up).
     */
    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler replaceDeadThreads() {
        return e -> {
            Log.errorf("evaluator: a stream thread failed, replaced; its tasks resume from their last commit: %s", ProblemMappers.describe(e));
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }
}
