package io.vigie.ingestion.mqtt;

import io.vigie.ingestion.config.IngestionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Global connection limit derived from memory, as Eclipse Hono's memory-based strategy: (max heap - heap kept
 * free) / memory per connection, optionally capped. A connection beyond it is refused (server busy).
 */
@ApplicationScoped
public class AdmissionControl {

    private final int limit;
    private final AtomicInteger connections = new AtomicInteger();

    @Inject
    public AdmissionControl(IngestionConfig config) {
        this(Runtime.getRuntime().maxMemory(), config.mqtt().minFreeMemory().asLongValue(),
                config.mqtt().memoryPerConnection().asLongValue(), config.mqtt().maxConnections().orElse(Integer.MAX_VALUE));
    }

    AdmissionControl(long maxHeap, long minFree, long perConnection, int cap) {
        long byMemory = Math.max(0, (maxHeap - minFree) / Math.max(1, perConnection));
        this.limit = (int) Math.min(cap, Math.min(Integer.MAX_VALUE, byMemory));
    }

    /** Takes a slot; false when the limit is reached. Every true must be followed by one {@link #release()}. */
    public boolean tryAdmit() {
        while (true) {
            int n = connections.get();
            if (n >= limit) {
                return false;
            }
            if (connections.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        connections.decrementAndGet();
    }

    public int connections() {
        return connections.get();
    }

    public int limit() {
        return limit;
    }
}
