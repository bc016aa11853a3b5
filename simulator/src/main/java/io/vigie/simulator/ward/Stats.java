package io.vigie.simulator.ward;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a simulator run, read by the summary. */
public final class Stats {
    public final LongAdder readingsSent = new LongAdder();
    public final LongAdder readingsAcked = new LongAdder();
    public final LongAdder eventsAcked = new LongAdder();
    public final LongAdder httpAccepted = new LongAdder();
    public final LongAdder httpFailed = new LongAdder();
    public final LongAdder connectRefused = new LongAdder();
    public final LongAdder reconnects = new LongAdder();
}
