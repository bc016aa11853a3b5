package io.vigie.inbox;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.messaging.KafkaSettings;
import io.vigie.core.messaging.TopicNames;
import io.vigie.core.tracing.Tracing;
import io.vigie.events.VigieEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts a poll loop ({@link InboxRunner}) for every {@link InboxHandler} and {@link InboxBatchHandler} bean of the
 * service once the application has started, and stops them (committing what is done) when it stops.
 */
@ApplicationScoped
public class Inbox {

    /** What the pipelines share. */
    record Services(Vertx vertx, EventReader reader, DeadLetters deadLetters, InboxMetrics metrics, InboxConfig config, Tracing tracing) {

    }

    private final Instance<InboxHandler<?>> handlers;
    private final Instance<InboxBatchHandler<?>> batchHandlers;
    private final KafkaSettings kafka;
    private final TopicNames topics;
    private final Services services;
    private final String application;
    private final String groupSuffix;
    private final Map<String, ConsumerState> states = new LinkedHashMap<>();
    private final Map<String, InboxConsumer<?>> declared = new LinkedHashMap<>();
    private final List<InboxRunner<?>> runners = new ArrayList<>();
    private volatile boolean accepting = true;

    public Inbox(@Any Instance<InboxHandler<?>> handlers, @Any Instance<InboxBatchHandler<?>> batchHandlers, KafkaSettings kafka, TopicNames topics,
            Vertx vertx, EventReader reader, DeadLetters deadLetters, InboxMetrics metrics, InboxConfig config, Tracing tracing,
            @ConfigProperty(name = "quarkus.application.name") String application,
            @ConfigProperty(name = "vigie.kafka.group-suffix") Optional<String> groupSuffix) {
        this.handlers = handlers;
        this.batchHandlers = batchHandlers;
        this.kafka = kafka;
        this.topics = topics;
        this.services = new Services(vertx, reader, deadLetters, metrics, config, tracing);
        this.application = application;
        this.groupSuffix = groupSuffix.orElse("");
        handlers.forEach(h -> declare(h.consumer()));
        batchHandlers.forEach(h -> declare(h.consumer()));
    }

    private void declare(InboxConsumer<?> c) {
        if (declared.put(c.name(), c) != null) {
            throw new IllegalStateException("two inbox consumers are named " + c.name());
        }
        states.put(c.name(), new ConsumerState(c.name(), topics.of(c.topic()), c.group() + groupSuffix));
    }

    void start(@Observes @Priority(10_000) StartupEvent event) { // after the platform's observers: Flyway has migrated
        if (!services.config().enabled()) {
            Log.info("inbox: consumers disabled (vigie.inbox.enabled=false)");
            return;
        }
        for (InboxHandler<?> h : handlers) {
            startSingle(h);
        }
        for (InboxBatchHandler<?> h : batchHandlers) {
            startBatch(h);
        }
    }

    private <E extends VigieEvent> void startSingle(InboxHandler<E> h) {
        start(h.consumer(), (events, ctx) -> h.handle(events.get(0), ctx), false);
    }

    private <E extends VigieEvent> void startBatch(InboxBatchHandler<E> h) {
        start(h.consumer(), h::handle, true);
    }

    private <E extends VigieEvent> void start(InboxConsumer<E> c, BiFunction<List<E>, InboxContext, Uni<Void>> work, boolean batch) {
        if (services.config().only().isPresent() && !services.config().only().get().contains(c.name())) {
            return;
        }
        ConsumerState state = states.get(c.name());
        state.markStarted();
        services.metrics().register(state);
        Pipeline<E> pipeline = new Pipeline<>(c, work, batch, topics.dlq(c.topic()), services, state);
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, state.group());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, application + "-" + c.name());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, c.startAtEnd() ? "latest" : "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, c.maxRecords());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        InboxRunner<E> runner = new InboxRunner<>(new KafkaConsumer<>(kafka.with(props)), state.topic(), pipeline, state, Duration.ofSeconds(5), batch);
        runners.add(runner);
        state.running(true);
        Thread t = new Thread(runner, "inbox-" + c.name());
        t.setDaemon(true);
        t.start();
        Log.infof("inbox %s: consuming %s as group %s (%s)", c.name(), state.topic(), state.group(),
                c.ledger() == Ledger.NONE ? "idempotent handler" : "PostgreSQL ledger");
    }

    void stop(@Observes ShutdownEvent event) {
        accepting = false;
        runners.forEach(InboxRunner::stop);
        for (InboxRunner<?> r : runners) {
            try {
                r.stopped().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                Log.warnf("inbox: a consumer did not stop in time (%s)", e.getClass().getSimpleName());
            }
        }
    }

    /** False once the service is stopping (its consumers then end on purpose). */
    boolean accepting() {
        return accepting;
    }

    /** Every declared consumer's state, in declaration order. */
    public List<ConsumerState> states() {
        return List.copyOf(states.values());
    }

    /** The declared consumers (catalogue topics), by name. */
    public Map<String, InboxConsumer<?>> consumers() {
        return declared;
    }

    public TopicNames topics() {
        return topics;
    }
}
