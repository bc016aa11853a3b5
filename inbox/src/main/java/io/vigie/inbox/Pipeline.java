package io.vigie.inbox;

import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.messaging.Failures;
import io.vigie.core.messaging.PoisonEvent;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.core.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.vigie.events.Contract;
import io.vigie.events.VigieEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The work on one poll of one consumer: decode and check each record, run the handler through the ledger (each
 * attempt on a fresh Vert.x context), retry transient failures without end, dead-letter poison, and report the
 * offsets that may be committed. Records of a partition are handled in order; partitions may run side by side.
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
    private volatile boolean stopping;

    Pipeline(InboxConsumer<E> spec, BiFunction<List<E>, InboxContext, Uni<Void>> handler, boolean batch, String dlqTopic,
            Inbox.Services services, ConsumerState state) {
        this.spec = spec;
        this.handler = handler;
        this.batch = batch;
        this.dlqTopic = dlqTopic;
        this.services = services;
        this.state = state;
    }

    void stop() {
        stopping = true;
    }

    /**
     * Processes {@code records}; {@code done} receives the next offset of each partition as its records complete, so
     * the progress made before a stop can still be committed.
     */
    Uni<Void> process(ConsumerRecords<String, byte[]> records, Map<TopicPartition, Long> done) {
        if (batch) {
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            records.forEach(all::add);
            return processBatch(all).invoke(() -> records.partitions().forEach(tp -> done.put(tp, last(records.records(tp)) + 1)));
        }
        List<Uni<Void>> chains = new ArrayList<>();
        for (TopicPartition tp : records.partitions()) {
            chains.add(inOrder(records.records(tp), tp, done));
        }
        if (!spec.parallel()) {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Uni<Void> c : chains) {
                all = all.chain(() -> c);
            }
            return all;
        }
        return Uni.join().all(chains).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> inOrder(List<ConsumerRecord<String, byte[]>> list, TopicPartition tp, Map<TopicPartition, Long> done) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, byte[]> r : list) {
            chain = chain.chain(() -> processOne(r)).invoke(() -> done.put(tp, r.offset() + 1));
        }
        return chain;
    }

    private Uni<Void> processOne(ConsumerRecord<String, byte[]> r) {
        Decoded<E> d = decode(r);
        if (d == null) {
            return Uni.createFrom().voidItem(); // tombstone of a compacted topic: nothing to handle
        }
        if (d.poison() != null) {
            return deadLetter(r, d.poison(), Instant.now());
        }
        Map<VigieEvent, InboxContext.RecordRef> refs = new IdentityHashMap<>();
        refs.put(d.event(), ref(r));
        return unit(List.of(d), refs, r.partition(), ref(r).toString(), true);
    }

    private Uni<Void> processBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<Decoded<E>> valid = new ArrayList<>();
        Uni<Void> poisons = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, byte[]> r : records) {
            Decoded<E> d = decode(r);
            if (d == null) {
                continue;
            }
            if (d.poison() != null) {
                poisons = poisons.chain(() -> deadLetter(r, d.poison(), Instant.now()));
            } else {
                valid.add(d);
            }
        }
        if (valid.isEmpty()) {
            return poisons;
        }
        Map<VigieEvent, InboxContext.RecordRef> refs = new IdentityHashMap<>();
        valid.forEach(d -> refs.put(d.event(), ref(d.record())));
        String what = valid.size() + " records from " + ref(valid.get(0).record());
        return poisons.chain(() -> unit(valid, refs, -1, what, false)
                .onFailure(f -> Failures.classify(f).poison()).recoverWithUni(f -> {
                    Log.infof("inbox %s: the batch %s was refused as a whole: handling its records one by one", spec.name(), what);
                    Uni<Void> one = Uni.createFrom().voidItem();
                    for (Decoded<E> d : valid) {
                        Map<VigieEvent, InboxContext.RecordRef> single = new IdentityHashMap<>();
                        single.put(d.event(), ref(d.record()));
                        one = one.chain(() -> unit(List.of(d), single, -1, ref(d.record()).toString(), true));
                    }
                    return one;
                }));
    }

    /**
     * One unit of work: the handler through the ledger, retried while transient; events it refused to the DLQ.
     * {@code deadLetterPoison}: a poison failure of the whole unit sends its (single) record to the DLQ.
     */
    private Uni<Void> unit(List<Decoded<E>> items, Map<VigieEvent, InboxContext.RecordRef> refs, int partition, String what,
            boolean deadLetterPoison) {
        List<E> events = items.stream().map(Decoded::event).toList();
        Instant first = Instant.now();
        List<Span> spans = items.stream().map(d -> span(d.record(), d.event())).toList();
        // the handler runs in the trace of its (first) record: what it writes to the outbox carries that trace on
        io.opentelemetry.context.Context trace = Tracing.fromHeaders(items.get(0).record().headers()).with(spans.get(0));
        Supplier<Uni<InboxContext>> attempt = () -> onNewContext(trace, () -> {
            InboxContext ctx = new InboxContext(spec.name(), refs);
            return spec.ledger().once(spec.name(), events, ctx, fresh -> {
                ctx.fresh(fresh.size());
                return handler.apply(fresh, ctx);
            }).replaceWith(ctx);
        });
        return retrying(attempt, partition, what, first, spans).chain(ctx -> {
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
                    dead = dead.chain(() -> deadLetter(d.record(), PoisonEvent.refused(reason), first));
                }
            }
            return dead;
        }).onFailure(f -> deadLetterPoison && Failures.classify(f).poison()).recoverWithUni(f -> deadLetter(items.get(0).record(), poisonOf(f), first))
                .onTermination().invoke((x, failure, cancelled) -> spans.forEach(sp -> {
                    if (failure != null) {
                        sp.setStatus(StatusCode.ERROR, Failures.classify(failure).cause());
                    }
                    sp.end();
                }));
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

    /** Runs {@code attempt} until it succeeds or fails with poison; transient failures wait (capped backoff) and retry. */
    private <T> Uni<T> retrying(Supplier<Uni<T>> attempt, int partition, String what, Instant first) {
        return retrying(attempt, partition, what, first, List.of(), 0);
    }

    private <T> Uni<T> retrying(Supplier<Uni<T>> attempt, int partition, String what, Instant first, List<Span> spans) {
        return retrying(attempt, partition, what, first, spans, 0);
    }

    private <T> Uni<T> retrying(Supplier<Uni<T>> attempt, int partition, String what, Instant first, List<Span> spans, int n) {
        return attempt.get().ifNoItem().after(services.config().attemptTimeout()).fail().onItem().invoke(x -> {
            spans.forEach(sp -> sp.setAttribute(ATTEMPTS, n + 1L));
            if (n > 0) {
                state.recovered(partition);
                Log.infof("inbox %s: %s processed after %d attempts over %d s", spec.name(), what, n + 1,
                        Duration.between(first, Instant.now()).toSeconds());
            }
        }).onFailure(f -> !Failures.classify(f).poison()).recoverWithUni(f -> {
            Failures.Verdict v = Failures.classify(f);
            if (stopping) {
                return Uni.createFrom().failure(new Stopping());
            }
            state.failing(partition, what, v.cause(), f.getClass().getName());
            services.metrics().retry(spec.name(), v.cause());
            spans.forEach(sp -> sp.setAttribute(CAUSE, v.cause()));
            Duration delay = services.backoff(n);
            if (n == 0 || n % 10 == 0) {
                Log.warnf("inbox %s: %s not processed yet (%s, attempt %d), retrying in %d ms: %s", spec.name(), what, v.cause(), n + 1,
                        delay.toMillis(), ProblemMappers.describe(f));
            }
            return services.delay(delay).chain(() -> retrying(attempt, partition, what, first, spans, n + 1));
        });
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> r, PoisonEvent p, Instant first) {
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
                r.partition(), "dead letter of " + ref(r), first)
                .invoke(() -> {
                    state.countDeadLetter();
                    services.metrics().deadLettered(spec.name(), p.kind());
                }).onTermination().invoke(span::end);
    }

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
        }
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

    private static long last(List<ConsumerRecord<String, byte[]>> list) {
        return list.get(list.size() - 1).offset();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            Log.warnf("inbox: an after-commit action failed: %s", ProblemMappers.describe(e));
        }
    }

    /** The service is stopping: the record is left for the next owner of its partition. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("stopping", null, false, false);
        }
    }

}
