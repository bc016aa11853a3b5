package io.vigie.ingestion.store;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vigie.ingestion.config.IngestionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Deletes readings older than {@code vigie.ingestion.store.retention} (the stand-in has no TTL; explicit everywhere). */
@ApplicationScoped
public class RetentionJob {

    private final ReadingStore store;
    private final IngestionConfig config;

    public RetentionJob(ReadingStore store, IngestionConfig config) {
        this.store = store;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "telemetry-retention")
    Uni<Void> purge() {
        Instant before = Instant.now().minus(config.store().retention());
        return store.deleteOlderThan(before).invoke(n -> {
            if (n > 0) {
                Log.infof("retention: deleted %d readings measured before %s", n, before);
            }
        }).onFailure().invoke(e -> Log.warnf("retention job failed, will retry: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
