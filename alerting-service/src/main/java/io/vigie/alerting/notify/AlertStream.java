package io.vigie.alerting.notify;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Multi;
import io.vigie.core.tracing.Tracing;
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
    private final Tracing tracing;

    public AlertStream(EventReader reader, Tracing tracing) {
        this.reader = reader;
        this.tracing = tracing;
    }

    @Incoming("alert-fanout")
    public void onChange(String payload) {
        AlertChangedV1 change;
        try {
            change = reader.read(payload, AlertChangedV1.class);
        } catch (EventReader.UnreadableEvent e) {
            return; // not ours to repair: the webhook feed (inbox) sends it to the DLQ
        }
        // the record's consumer span is current here: the broadcast joins the alert change's trace
        Span span = tracing.start("sse alert change", SpanKind.PRODUCER, Context.current());
        span.setAttribute(Tracing.ALERT, String.valueOf(change.alertId()));
        span.setAttribute(Tracing.PATIENT, String.valueOf(change.patientId()));
        try {
            changes.onNext(change);
        } finally {
            span.end();
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
