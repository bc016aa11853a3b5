package io.vigie.simulator.bench;

/** Placeholder until the benchmarks land. */
public final class Bench {
    private Bench() {
    }

    public static int run(String[] args) {
        System.err.println("benchmarks: not yet");
        return 2;
    }
}
