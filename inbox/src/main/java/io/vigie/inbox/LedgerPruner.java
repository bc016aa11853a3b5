package io.vigie.inbox;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vigie.core.problem.ProblemMappers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/** Forgets processed event ids older than {@code vigie.inbox.retention}, hourly, in bounded deletes. */
@ApplicationScoped
public class LedgerPruner {

    private final Inbox inbox;
    private final InboxConfig config;

    public LedgerPruner(Inbox inbox, InboxConfig config) {
        this.inbox = inbox;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "inbox-ledger-prune")
    Uni<Void> prune() {
        Set<Ledger> ledgers = inbox.consumers().values().stream().map(InboxConsumer::ledger).collect(Collectors.toSet());
        Instant before = Instant.now().minus(config.retention());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Ledger l : ledgers) {
            chain = chain.chain(() -> pruneAll(l, before, 0));
        }
        return chain.onFailure().recoverWithUni(e -> {
            Log.warnf("inbox: ledger pruning failed, will retry in an hour: %s", ProblemMappers.describe(e));
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> pruneAll(Ledger ledger, Instant before, long total) {
        return ledger.prune(before).chain(n -> {
            if (n >= 10_000) {
                return pruneAll(ledger, before, total + n);
            }
            if (total + n > 0) {
                Log.infof("inbox: forgot %d processed event ids older than %s", total + n, config.retention());
            }
            return Uni.createFrom().voidItem();
        });
    }
}
