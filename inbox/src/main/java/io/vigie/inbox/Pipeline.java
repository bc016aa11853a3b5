package io.vigie.inbox;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.messaging.Failures;
import io.vigie.core.messaging.PoisonEvent;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.core.tracing.Tracing;
import io.vigie.events.Contract;
import io.vigie.events.VigieEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The work on the records of one flight (see {@link InboxRunner}): decode and check each record, run the handler
 * through the ledger (each attempt on a fresh Vert.x context, in the record's trace), retry transient failures without
 * end (capped backoff, an attempt that never answers counted as failed but never run twice at once), dead-letter
 * poison, and report how far each partition got. Records of a partition are handled in order.
 */
final class Pipeline<E extends VigieEvent> {

    /** A record decoded and checked, or why it is poison. */
    private record Decoded<E>(ConsumerRecord<String, byte[]> record, E event, PoisonEvent poison) {
    }

    /** Why the last attempt failed (a bounded label), and how many attempts it took: span events are off (see service-core). */
    private static final AttributeKey<String> CAUSE = AttributeKey.stringKey("vigie.retry.cause");
    private static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("vigie.attempts");

    private final InboxConsumer<E> spec;
    private final BiFunction<List<E>, InboxContext, Uni<Void>> handler;
    private final boolean batch;
    private final String dlqTopic;
    private final Inbox.Services services;
    private final ConsumerState state;

    Pipeline(InboxConsumer<E> spec, BiFunction<List<E>, InboxContext, Uni<Void>> handler, boolean batch, String dlqTopic, Inbox.Services services,
            ConsumerState state) {
        this.spec = spec;
        this.handler = handler;
        this.batch = batch;
        this.dlqTopic = dlqTopic;
        this.services = services;
        this.state = state;
    }

    /**
     * Processes {@code records} (one partition's, in order; for a batch handler, a poll's). {@code progress} receives the
     * next offset of each partition as its records complete; {@code stopped} says to give up (the partition was revoked,
     * the service stops): the Uni then fails with {@link Stopping} and what is not done is left for the next owner.
     */
    Uni<Void> process(List<ConsumerRecord<String, byte[]>> records, Map<TopicPartition, Long> progress, BooleanSupplier stopped) {
        if (batch) {
            return processBatch(records, stopped).invoke(() -> records.forEach(r -> progress.merge(tp(r), r.offset() + 1, Math::max)));
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, byte[]> r : records) {
            chain = chain.chain(() -> processOne(r, stopped)).invoke(() -> progress.put(tp(r), r.offset() + 1));
        }
        return chain;
    }

    private Uni<Void> processOne(ConsumerRecord<String, byte[]> r, BooleanSupplier stopped) {
        Decoded<E> d = decode(r);
        if (d == null) {
            return Uni.createFrom().voidItem(); // tombstone of a compacted topic: nothing to handle
        }
        if (d.poison() != null) {
            return deadLetter(r, d.poison(), Instant.now(), stopped);
        }
        return unit(List.of(d), r.partition(), ref(r).toString(), true, stopped);
    }

    private Uni<Void> processBatch(List<ConsumerRecord<String, byte[]>> records, BooleanSupplier stopped) {
        List<Decoded<E>> valid = new ArrayList<>();
        Uni<Void> poisons = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, byte[]> r : records) {
            Decoded<E> d = decode(r);
            if (d == null) {
                continue;
            }
            if (d.poison() != null) {
                poisons = poisons.chain(() -> deadLetter(r, d.poison(), Instant.now(), stopped));
            } else {
                valid.add(d);
            }
        }
        if (valid.isEmpty()) {
            return poisons;
        }
        String what = valid.size() + " records from " + ref(valid.get(0).record());
        return poisons.chain(() -> unit(valid, -1, what, false, stopped).onFailure(f -> Failures.classify(f).poison()).recoverWithUni(f -> {
            Log.infof("inbox %s: the batch %s was refused as a whole: handling its records one by one", spec.name(), what);
            Uni<Void> one = Uni.createFrom().voidItem();
            for (Decoded<E> d : valid) {
                one = one.chain(() -> unit(List.of(d), -1, ref(d.record()).toString(), true, stopped));
            }
            return one;
        }));
    }

    /**
     * One unit of work: the handler through the ledger, retried while transient; events it refused to the DLQ.
     * {@code deadLetterPoison}: a poison failure of the whole unit sends its (single) record to the DLQ.
     */
    private Uni<Void> unit(List<Decoded<E>> items, int partition, String what, boolean deadLetterPoison, BooleanSupplier stopped) {
        List<E> events = items.stream().map(Decoded::event).toList();
        Map<VigieEvent, InboxContext.RecordRef> refs = new IdentityHashMap<>();
        items.forEach(d -> refs.put(d.event(), ref(d.record())));
        Instant first = Instant.now();
        List<Span> spans = items.stream().map(d -> span(d.record(), d.event())).toList();
        Map<VigieEvent, io.opentelemetry.context.Context> traces = new IdentityHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            traces.put(items.get(i).event(), Tracing.fromHeaders(items.get(i).record().headers()).with(spans.get(i)));
        }
        // the handler runs in the trace of its (first) record: what it writes to the outbox carries that trace on
        io.opentelemetry.context.Context trace = traces.get(items.get(0).event());
        Supplier<Uni<InboxContext>> attempt = () -> onNewContext(trace, () -> {
            InboxContext ctx = new InboxContext(spec.name(), refs, traces);
            return spec.ledger().once(spec.name(), events, ctx, fresh -> {
                ctx.fresh(fresh.size());
                return handler.apply(fresh, ctx);
            }).replaceWith(ctx);
        });
        return retrying(attempt, partition, what, spans, stopped).chain(ctx -> {
            ctx.afterCommitActions().forEach(Pipeline::quietly);
            long refused = ctx.rejected().size();
            long duplicates = events.size() - ctx.fresh();
            state.processed(ctx.fresh() - refused);
            state.duplicates(duplicates);
            services.metrics().processed(spec.name(), ctx.fresh() - refused);
            services.metrics().duplicates(spec.name(), duplicates);
            Uni<Void> dead = Uni.createFrom().voidItem();
            for (Decoded<E> d : items) {
                String reason = ctx.rejected().get(d.event());
                if (reason != null) {
                    dead = dead.chain(() -> deadLetter(d.record(), PoisonEvent.refused(reason), first, stopped));
                }
            }
            return dead;
        }).onFailure(f -> deadLetterPoison && Failures.classify(f).poison())
                .recoverWithUni(f -> deadLetter(items.get(0).record(), poisonOf(f), first, stopped))
                .onTermination().invoke((x, failure, cancelled) -> spans.forEach(sp -> {
                    if (failure != null) {
                        sp.setStatus(StatusCode.ERROR, failure instanceof Stopping ? "stopping" : Failures.classify(failure).cause());
                    }
                    sp.end();
                }));
    }

    /**
     * Runs {@code attempt} until it succeeds or fails with poison; a transient failure waits (capped exponential backoff
     * with jitter, re-subscribed by Mutiny, not nested) and tries again, without end, until {@code stopped}.
     */
    private <T> Uni<T> retrying(Supplier<Uni<T>> attempt, int partition, String what, List<Span> spans, BooleanSupplier stopped) {
        Instant first = Instant.now();
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom().deferred(() -> {
            if (stopped.getAsBoolean()) {
                return Uni.createFrom().<T>failure(new Stopping());
            }
            attempts.incrementAndGet();
            return awaited(attempt.get().memoize().indefinitely(), partition, what);
        }).onFailure(f -> retryable(f, stopped)).invoke(f -> {
            Failures.Verdict v = Failures.classify(f);
            state.failing(partition, what, v.cause(), f.getClass().getName());
            services.metrics().retry(spec.name(), v.cause());
            spans.forEach(sp -> sp.setAttribute(CAUSE, v.cause()));
            int n = attempts.get();
            if (n == 1 || n % 10 == 0) {
                Log.warnf("inbox %s: %s not processed yet (%s, attempt %d), retrying: %s", spec.name(), what, v.cause(), n, ProblemMappers.describe(f));
            }
        }).onFailure(f -> retryable(f, stopped)).retry().withBackOff(services.config().retryInitial(), services.config().retryMax()).withJitter(0.5)
                .indefinitely()
                .onFailure(f -> !(f instanceof Stopping) && !Failures.classify(f).poison()).transform(f -> new Stopping())
                .onItem().invoke(x -> {
                    spans.forEach(sp -> sp.setAttribute(ATTEMPTS, (long) attempts.get()));
                    if (attempts.get() > 1) {
                        Log.infof("inbox %s: %s processed after %d attempts over %d s", spec.name(), what, attempts.get(),
                                Duration.between(first, Instant.now()).toSeconds());
                    }
                })
                .onTermination().invoke((x, f, cancelled) -> {
                    if (!(f instanceof Stopping)) {
                        state.recovered(partition); // the episode is over: succeeded, or ended in poison
                    }
                });
    }

    private static boolean retryable(Throwable f, BooleanSupplier stopped) {
        return !(f instanceof Stopping) && !Failures.classify(f).poison() && !stopped.getAsBoolean();
    }

    /**
     * Waits for an attempt; one that has not answered after {@code vigie.inbox.attempt-timeout} is reported (state,
     * metric, log) and still waited for: a second attempt is never started while the first may still write.
     */
    private <T> Uni<T> awaited(Uni<T> running, int partition, String what) {
        return running.ifNoItem().after(services.config().attemptTimeout()).recoverWithUni(() -> {
            state.failing(partition, what, "timeout", "no answer after " + services.config().attemptTimeout().toSeconds() + " s");
            services.metrics().retry(spec.name(), "timeout");
            Log.warnf("inbox %s: %s has not answered for %d s (a database that accepts connections but does not answer?): still waiting",
                    spec.name(), what, services.config().attemptTimeout().toSeconds());
            return awaited(running, partition, what);
        });
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> r, PoisonEvent p, Instant first, BooleanSupplier stopped) {
        String id = DeadLetterIds.eventIdOf(r.value());
        Span span = services.tracing().start(spec.name() + " dead letter", SpanKind.PRODUCER, Tracing.fromHeaders(r.headers()));
        span.setAttribute(Tracing.CONSUMER, spec.name());
        span.setAttribute("vigie.dlq.kind", p.kind());
        span.setAttribute("messaging.destination.name", dlqTopic);
        if (id != null) {
            span.setAttribute(Tracing.EVENT, id);
        }
        Log.warnf("inbox %s: %s%s to %s: %s: %s", spec.name(), ref(r), id == null ? "" : " (event " + id + ")", dlqTopic, p.kind(), p.reason());
        return retrying(() -> services.deadLetters().deadLetter(dlqTopic, r, spec.name(), p.kind(), p.reason(), p.getClass().getName(), first),
                r.partition(), "dead letter of " + ref(r), List.of(span), stopped)
                .invoke(() -> {
                    state.countDeadLetter();
                    services.metrics().deadLettered(spec.name(), p.kind());
                }).onTermination().invoke(span::end);
    }

    /** The record decoded and checked against its contract; null for a tombstone; poison for anything else that fails. */
    private Decoded<E> decode(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            E event = services.reader().read(new String(r.value(), StandardCharsets.UTF_8), spec.type());
            List<String> violations = Contract.violations(event);
            if (!violations.isEmpty()) {
                return new Decoded<>(r, null, PoisonEvent.invalid(spec.type().getSimpleName() + " breaks its contract: " + String.join(", ", violations)));
            }
            return new Decoded<>(r, event, null);
        } catch (PoisonEvent p) {
            return new Decoded<>(r, null, p);
        } catch (RuntimeException e) { // whatever else reading it throws, the record itself is the problem
            return new Decoded<>(r, null, new EventReader.UnreadableEvent("record cannot be read as a " + spec.type().getSimpleName() + " ("
                    + e.getClass().getSimpleName() + ")"));
        }
    }

    /** The span of one record's processing, in the trace its producer started (the record's traceparent header). */
    private Span span(ConsumerRecord<String, byte[]> r, VigieEvent event) {
        Span span = services.tracing().start(spec.name() + " process", SpanKind.CONSUMER, Tracing.fromHeaders(r.headers()));
        span.setAttribute("messaging.system", "kafka");
        span.setAttribute("messaging.operation.type", "process");
        span.setAttribute("messaging.destination.name", r.topic());
        span.setAttribute("messaging.destination.partition.id", Integer.toString(r.partition()));
        span.setAttribute("messaging.kafka.offset", r.offset());
        span.setAttribute(Tracing.CONSUMER, spec.name());
        if (event != null && event.eventId() != null) {
            span.setAttribute(Tracing.EVENT, event.eventId().toString());
        }
        return span;
    }

    /** Runs {@code work} on a new duplicated Vert.x context (Hibernate Reactive's session lives there) with {@code trace} current. */
    private <T> Uni<T> onNewContext(io.opentelemetry.context.Context trace, Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(services.vertx().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(em -> context.runOnContext(x -> {
            try {
                trace.makeCurrent(); // stored in this duplicated context, which ends with the attempt: nothing to restore
                work.get().subscribe().with(em::complete, em::fail);
            } catch (RuntimeException e) {
                em.fail(e);
            }
        }));
    }

    private static PoisonEvent poisonOf(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonEvent p) {
                return p;
            }
        }
        return PoisonEvent.refused("refused");
    }

    private static InboxContext.RecordRef ref(ConsumerRecord<String, byte[]> r) {
        return new InboxContext.RecordRef(r.topic(), r.partition(), r.offset(), r.key());
    }

    private static TopicPartition tp(ConsumerRecord<String, byte[]> r) {
        return new TopicPartition(r.topic(), r.partition());
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            Log.warnf("inbox: an after-commit action failed: %s", ProblemMappers.describe(e));
        }
    }

    /** The partition was revoked or the service stops: the record is left for the next owner of its partition. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("stopping", null, false, false);
        }
    }
}
