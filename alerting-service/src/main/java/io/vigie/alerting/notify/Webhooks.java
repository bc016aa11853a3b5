package io.vigie.alerting.notify;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vigie.alerting.config.AlertingConfig;
import io.vigie.alerting.model.Webhook;
import io.vigie.alerting.model.WebhookDelivery;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.events.Topics;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxBatchHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.core.tracing.Tracing;
import io.vigie.events.alert.AlertChangedV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Alert changes to the hospitals' webhooks. The feed consumer ({@link Feed}, through the inbox) records one delivery per
 * webhook and change (in the database, committed before the offset); the sender POSTs due deliveries, signed, and retries failures with
 * exponential backoff. A delivery failing for good counts against its webhook, which is disabled after several in a
 * row (the reason is kept and shown to administrators).
 */
@ApplicationScoped
public class Webhooks {

    static final long SENDER_LOCK = 0x76_61_6c_33L;

    private final ObjectMapper json;
    private final AlertingConfig config;
    private final HttpClient http;
    private final Tracing tracing;

    public Webhooks(ObjectMapper json, AlertingConfig config, Tracing tracing) {
        this.json = json;
        this.tracing = tracing;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhooks().timeout()).build();
    }

    /**
     * One delivery per enabled webhook of each change's hospital, recorded before the offsets are committed (inbox): one
     * query for the hooks of the batch's hospitals, one insert for all its deliveries. Each delivery keeps its change's
     * trace, so the POST joins it.
     */
    Uni<Void> record(List<AlertChangedV1> changes, InboxContext ctx) {
        Set<String> hospitals = changes.stream().map(AlertChangedV1::tenantId).collect(Collectors.toSet());
        return Webhook.<Webhook>list("tenantId in ?1 and enabled = true", hospitals).chain(hooks -> {
            if (hooks.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Map<String, List<Webhook>> byHospital = hooks.stream().collect(Collectors.groupingBy(h -> h.tenantId));
            List<Object[]> rows = new ArrayList<>();
            Instant now = Instant.now();
            for (AlertChangedV1 change : changes) {
                List<Webhook> targets = byHospital.getOrDefault(change.tenantId(), List.of());
                if (targets.isEmpty()) {
                    continue;
                }
                String payload;
                try {
                    payload = json.writeValueAsString(change);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    return Uni.createFrom().failure(new IllegalStateException("alert change not serializable", e));
                }
                String trace = Tracing.traceparent(ctx.trace(change)); // the feed's span, in the alert change's trace
                // due a microsecond apart, in the order of the changes: the sender sends due deliveries oldest first
                Instant due = now.plusNanos(1_000L * rows.size());
                targets.forEach(h -> rows.add(new Object[] {UUID.randomUUID(), h.id, change.eventId(), payload, due, trace}));
            }
            if (rows.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int from = 0; from < rows.size(); from += INSERT_ROWS) { // PostgreSQL binds at most 65,535 parameters a statement
                List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS));
                chain = chain.chain(() -> insert(chunk));
            }
            return chain;
        });
    }

    private static final int INSERT_ROWS = 1_000;

    private static Uni<Void> insert(List<Object[]> rows) {
        StringBuilder sql = new StringBuilder("insert into webhook_delivery (id, webhook_id, event_id, payload, status, attempts, next_attempt_at, "
                + "created_at, traceparent) values ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(String.format("(:i%1$d, :w%1$d, :e%1$d, :p%1$d, 'PENDING', 0, :t%1$d, :t%1$d, :c%1$d)", i));
        }
        sql.append(" on conflict (webhook_id, event_id) do nothing");
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql.toString());
            for (int i = 0; i < rows.size(); i++) {
                Object[] r = rows.get(i);
                q.setParameter("i" + i, r[0]).setParameter("w" + i, r[1]).setParameter("e" + i, r[2]).setParameter("p" + i, r[3])
                        .setParameter("t" + i, r[4]).setParameter("c" + i, r[5]);
            }
            return q.executeUpdate();
        }).replaceWithVoid();
    }

    /** The webhook feed: every alert change, from the end of the topic for a new group, a poll's changes together. */
    @ApplicationScoped
    public static class Feed implements InboxBatchHandler<AlertChangedV1> {
        private final Webhooks webhooks;

        public Feed(Webhooks webhooks) {
            this.webhooks = webhooks;
        }

        @Override
        public InboxConsumer<AlertChangedV1> consumer() {
            return InboxConsumer.of("alerting-webhook-feed", Topics.ALERT_CHANGED, AlertChangedV1.class, "alerting-webhooks").fromLatest().maxRecords(500);
        }

        @Override
        public Uni<Void> handle(List<AlertChangedV1> changes, InboxContext ctx) {
            return webhooks.record(changes, ctx);
        }
    }

    @Scheduled(every = "${vigie.alerting.webhooks.poll:1s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "webhook-sender")
    Uni<Void> send() {
        Context context = Vertx.currentContext();
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("select pg_try_advisory_xact_lock(" + SENDER_LOCK + ")", Boolean.class).getSingleResult())
                .chain(locked -> !locked ? Uni.createFrom().voidItem()
                        : WebhookDelivery.<WebhookDelivery>find("status = 'PENDING' and nextAttemptAt <= ?1 order by nextAttemptAt", Instant.now())
                                .range(0, 19).list().chain(due -> {
                                    Uni<Void> chain = Uni.createFrom().voidItem();
                                    for (WebhookDelivery d : due) {
                                        chain = chain.chain(() -> deliver(d, context));
                                    }
                                    return chain;
                                })))
                .onFailure().invoke(e -> Log.warnf("webhook sender: %s", ProblemMappers.describe(e))).onFailure().recoverWithNull();
    }

    private Uni<Void> deliver(WebhookDelivery d, Context context) {
        return Webhook.<Webhook>findById(d.webhookId).chain(h -> {
            if (h == null || !h.enabled) {
                d.status = "FAILED";
                d.lastError = "webhook disabled";
                d.nextAttemptAt = null;
                return Uni.createFrom().voidItem();
            }
            long t = Instant.now().getEpochSecond();
            Span span = tracing.start("webhook POST", SpanKind.CLIENT, Tracing.fromTraceparent(d.traceparent));
            span.setAttribute(Tracing.WEBHOOK, h.id.toString());
            span.setAttribute(Tracing.EVENT, d.eventId.toString());
            span.setAttribute("vigie.attempt", d.attempts + 1L);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(h.url)).timeout(config.webhooks().timeout())
                    .header("Content-Type", "application/json").header(WebhookSigner.HEADER, WebhookSigner.sign(h.secret, t, d.payload))
                    .header("X-Vigie-Event-Id", d.eventId.toString()).header("User-Agent", "Vigie-Webhooks/1")
                    .POST(HttpRequest.BodyPublishers.ofString(d.payload));
            String traceparent = Tracing.traceparent(io.opentelemetry.context.Context.root().with(span));
            if (traceparent != null) {
                request.header(Tracing.TRACEPARENT, traceparent); // the hospital's receiver may join the trace (ids only)
            }
            return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()))
                    .emitOn(r -> context.runOnContext(v -> r.run()))
                    .map(HttpResponse::statusCode).onFailure().recoverWithItem(e -> -1)
                    .invoke(status -> {
                        if (status > 0) {
                            span.setAttribute("http.response.status_code", (long) status);
                        }
                        if (status < 200 || status >= 300) {
                            span.setStatus(StatusCode.ERROR, status < 0 ? "no answer" : "HTTP " + status);
                        }
                        span.end();
                        outcome(h, d, status);
                    }).replaceWithVoid();
        });
    }

    private void outcome(Webhook h, WebhookDelivery d, int status) {
        d.attempts++;
        d.lastStatus = status < 0 ? null : status;
        if (status >= 200 && status < 300) {
            d.status = "DELIVERED";
            d.deliveredAt = Instant.now();
            d.nextAttemptAt = null;
            d.lastError = null;
            h.consecutiveFailures = 0;
            return;
        }
        d.lastError = status < 0 ? "no answer (connection refused or timeout)" : "HTTP " + status;
        if (d.attempts >= config.webhooks().maxAttempts()) {
            d.status = "FAILED";
            d.nextAttemptAt = null;
            h.consecutiveFailures++;
            if (h.consecutiveFailures >= config.webhooks().disableAfterFailedDeliveries()) {
                h.enabled = false;
                h.disabledReason = h.consecutiveFailures + " deliveries in a row failed (last: " + d.lastError + ") at " + Instant.now();
                Log.warnf("webhook %s of %s disabled: %s", h.id, h.tenantId, h.disabledReason);
            }
            return;
        }
        long factor = 1L << Math.min(20, d.attempts - 1);
        Duration wait = config.webhooks().backoff().multipliedBy(factor);
        d.nextAttemptAt = Instant.now().plus(wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait);
    }
}
