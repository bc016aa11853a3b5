package io.vigie.alerting.notify;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vigie.core.messaging.EventReader;
import io.vigie.events.alert.AlertChangedV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Live alert changes for server-sent events. Every instance reads {@code alerting.alert.changed.v1} whole (its own
 * consumer group, from the latest offset), so a client connected to any instance sees every change of its scope.
 */
@ApplicationScoped
public class AlertStream {

    private final BroadcastProcessor<AlertChangedV1> changes = BroadcastProcessor.create();
    private final EventReader reader;

    public AlertStream(EventReader reader) {
        this.reader = reader;
    }

    @Incoming("alert-fanout")
    public void onChange(String payload) {
        try {
            changes.onNext(reader.read(payload, AlertChangedV1.class));
        } catch (EventReader.UnreadableEvent e) {
            // not ours to repair: the durable consumers send it to the DLQ
        }
    }

    /**
     * Changes of the given hospitals (null: all, for group-wide callers). Each client gets its own buffer: the broadcast
     * never waits for a slow client, and a client more than {@value #CLIENT_BUFFER} changes behind is disconnected (it
     * reconnects and reloads the worklist) rather than holding memory.
     */
    public Multi<AlertChangedV1> of(Set<String> hospitals) {
        return changes.onOverflow().buffer(CLIENT_BUFFER).filter(c -> hospitals == null || hospitals.contains(c.tenantId()));
    }

    static final int CLIENT_BUFFER = 1024;
}
