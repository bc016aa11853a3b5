package io.vigie.alerting.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigie.alerting.config.AlertingConfig;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.messaging.TopicNames;
import io.vigie.core.problem.ProblemException;
import io.vigie.events.Topics;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.events.alert.AlertCommandV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends a person's command to the patient's evaluator and waits (bounded) for its answer: every instance reads every
 * outcome from now on (a group of its own) and completes the commands it sent. No answer in time: 503 with
 * Retry-After, and the command may still be applied (the caller reads the alert again before retrying).
 */
@ApplicationScoped
public class CommandGateway {

    private final MutinyEmitter<String> emitter;
    private final TopicNames topics;
    private final EventReader reader;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final AlertingConfig config;
    private final Map<UUID, CompletableFuture<AlertCommandOutcomeV1>> waiting = new ConcurrentHashMap<>();

    public CommandGateway(@Channel("alert-commands") MutinyEmitter<String> emitter, TopicNames topics, EventReader reader,
            com.fasterxml.jackson.databind.ObjectMapper json, AlertingConfig config) {
        this.emitter = emitter;
        this.topics = topics;
        this.reader = reader;
        this.json = json;
        this.config = config;
    }

    /** The evaluator's outcome of {@code command}; fails with a 503 problem when it does not come in time. */
    public Uni<AlertCommandOutcomeV1> send(AlertCommandV1 command) {
        String payload;
        try {
            payload = json.writeValueAsString(command);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("command not serializable", e));
        }
        CompletableFuture<AlertCommandOutcomeV1> answer = new CompletableFuture<>();
        waiting.put(command.eventId(), answer); // before the send: the outcome cannot come first and be missed
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder().withTopic(topics.of(Topics.ALERT_COMMAND))
                .withKey(command.patientId().toString()).build();
        return emitter.sendMessage(Message.of(payload).addMetadata(meta).addMetadata(TracingMetadata.withCurrent(io.opentelemetry.context.Context.current())))
                .onFailure().transform(f -> ProblemException.unavailable("Kafka did not take the command now: retry.", 2))
                .chain(() -> Uni.createFrom().completionStage(answer))
                .ifNoItem().after(config.commandTimeout()).failWith(() -> ProblemException.unavailable("The alert evaluator did not answer within "
                        + config.commandTimeout().toSeconds() + " s: read the alert again, then retry if it did not change.", 2))
                .onTermination().invoke(() -> waiting.remove(command.eventId()));
    }

    @Incoming("command-outcomes")
    public void onOutcome(String payload) {
        AlertCommandOutcomeV1 outcome;
        try {
            outcome = reader.read(payload, AlertCommandOutcomeV1.class);
        } catch (RuntimeException e) {
            Log.debugf("command outcome unreadable, ignored: %s", e.getClass().getSimpleName());
            return;
        }
        CompletableFuture<AlertCommandOutcomeV1> f = waiting.remove(outcome.commandId());
        if (f != null) {
            f.complete(outcome);
        }
    }
}
