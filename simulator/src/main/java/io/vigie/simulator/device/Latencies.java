package io.vigie.simulator.device;

import java.util.Arrays;

/** Recorded latencies (nanoseconds) with exact percentiles; thread-safe, grows as needed. */
public final class Latencies {

    private long[] values = new long[1024];
    private int size;

    public synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public synchronized int count() {
        return size;
    }

    /** The p-th percentile (0–100) in milliseconds, nearest rank; NaN when empty. */
    public synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1_000_000.0;
    }

    public synchronized void clear() {
        size = 0;
    }
}
