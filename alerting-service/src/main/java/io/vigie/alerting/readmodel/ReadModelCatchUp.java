package io.vigie.alerting.readmodel;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Read-your-writes for the API: after the evaluator accepted an action, the answer waits (bounded) until the read
 * model has projected what the action changed, so that the caller's next read (worklist, detail, ETag) shows it. The
 * projection's inbox ledger says when: its row for the event is committed with the projection's own write.
 */
@ApplicationScoped
public class ReadModelCatchUp {

    static final Duration POLL = Duration.ofMillis(20);
    static final Duration AT_MOST = Duration.ofSeconds(2);

    private final Pool pool;

    public ReadModelCatchUp(Pool pool) {
        this.pool = pool;
    }

    /** The alert change {@code eventId} is in the read model (or {@link #AT_MOST} passed: the answer goes out anyway). */
    public Uni<Void> alertChange(UUID eventId) {
        return bounded(projected(AlertProjection.CONSUMER, eventId, System.nanoTime() + AT_MOST.toNanos()));
    }

    /** The command outcome {@code eventId} (a rule override, a silence) is in the read model, or {@link #AT_MOST} passed. */
    public Uni<Void> ruleChange(UUID eventId) {
        return bounded(projected(RuleStateProjection.CONSUMER, eventId, System.nanoTime() + AT_MOST.toNanos()));
    }

    /**
     * The action is applied whatever happens here: a database that fails or hangs while we look only means the answer
     * goes out without waiting (never an error that would make the caller apply it twice).
     */
    private static Uni<Void> bounded(Uni<Void> wait) {
        return wait.ifNoItem().after(AT_MOST.plusSeconds(1)).recoverWithItem((Void) null).onFailure().recoverWithItem((Void) null);
    }

    private Uni<Void> projected(String consumer, UUID eventId, long deadline) {
        return pool.preparedQuery("select 1 from inbox_processed where consumer = $1 and event_id = $2").execute(Tuple.of(consumer, eventId))
                .chain(rows -> rows.size() > 0 || System.nanoTime() > deadline ? Uni.createFrom().voidItem()
                        : Uni.createFrom().voidItem().onItem().delayIt().by(POLL).chain(() -> projected(consumer, eventId, deadline)));
    }
}
