package io.vigie.inbox;

import io.opentelemetry.context.Context;
import io.vigie.events.VigieEvent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Where the events of one unit of work came from, and what to do once it is committed. */
public final class InboxContext {

    /** A record's coordinates (physical topic). */
    public record RecordRef(String topic, int partition, long offset, String key) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    private final String consumer;
    private final Map<VigieEvent, RecordRef> refs;
    private final Map<VigieEvent, Context> traces;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final Map<VigieEvent, String> rejected = new IdentityHashMap<>();
    private int fresh;

    InboxContext(String consumer, Map<VigieEvent, RecordRef> refs, Map<VigieEvent, Context> traces) {
        this.consumer = consumer;
        this.refs = refs;
        this.traces = traces;
    }

    public String consumer() {
        return consumer;
    }

    /** Where {@code event} was read. */
    public RecordRef record(VigieEvent event) {
        return refs.get(event);
    }

    /**
     * The trace of {@code event}'s processing (its record's producer trace, this consumer's span): a batch handler runs
     * in its first event's trace, and passes this one on where an event's own work leaves the service (webhooks).
     */
    public Context trace(VigieEvent event) {
        return traces.getOrDefault(event, Context.current());
    }

    /** Runs after the unit's transaction committed (e.g. nudge the outbox so an emitted event leaves at once). */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Batch handlers: this event is refused for good ({@code reason} with ids only); the others commit. */
    public void reject(VigieEvent event, String reason) {
        rejected.put(event, reason);
    }

    Map<VigieEvent, String> rejected() {
        return rejected;
    }

    /** How many of the unit's events were new to the ledger (the others were redeliveries). */
    int fresh() {
        return fresh;
    }

    void fresh(int n) {
        fresh = n;
    }

    List<Runnable> afterCommitActions() {
        return afterCommit;
    }
}
