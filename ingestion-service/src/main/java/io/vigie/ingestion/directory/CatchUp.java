package io.vigie.ingestion.directory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a consumer of a compacted state topic has read, since startup, everything that was in the topic when
 * the service started (end offsets taken once at startup). Until then the view may be incomplete.
 */
public final class CatchUp {

    private final String topic;
    private final Map<Integer, Long> consumed = new ConcurrentHashMap<>();
    private volatile Map<Integer, Long> endOffsets;
    private volatile boolean caughtUp;

    public CatchUp(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** End offsets (next offset to be written) of each partition, as they were at startup. */
    public void endOffsetsAtStart(Map<Integer, Long> ends) {
        this.endOffsets = Map.copyOf(ends);
        evaluate();
    }

    public void consumed(int partition, long offset) {
        consumed.merge(partition, offset, Math::max);
        if (!caughtUp) {
            evaluate();
        }
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records still to read before the view is complete, or -1 while end offsets are unknown. */
    public long lag() {
        Map<Integer, Long> ends = endOffsets;
        if (ends == null) {
            return -1;
        }
        long lag = 0;
        for (Map.Entry<Integer, Long> e : ends.entrySet()) {
            long next = consumed.getOrDefault(e.getKey(), -1L) + 1;
            lag += Math.max(0, e.getValue() - next);
        }
        return lag;
    }

    private void evaluate() {
        if (endOffsets != null && lag() == 0) {
            caughtUp = true;
        }
    }
}
