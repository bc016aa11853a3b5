package io.vigie.core.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * Spans are made and the trace context travels (HTTP, Kafka headers, outbox) whatever the configuration, but nothing
 * is exported unless {@code vigie.otel.export=true} (with {@code quarkus.otel.exporter.otlp.traces.endpoint}): while
 * this exporter bean is active, Quarkus does not start its OTLP exporter, so a service without a collector neither
 * connects anywhere nor logs export failures.
 */
@Singleton
@Unremovable
@LookupUnlessProperty(name = "vigie.otel.export", stringValue = "true")
public class NoExportUnlessConfigured implements SpanExporter {

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
