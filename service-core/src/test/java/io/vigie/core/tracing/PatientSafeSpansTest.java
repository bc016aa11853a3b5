package io.vigie.core.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

/** What reaches an exporter of the automatic HTTP spans, and the trace context Vigie carries through Kafka and the outbox. */
class PatientSafeSpansTest {

    final InMemorySpanExporter exported = InMemorySpanExporter.create();
    final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new PatientSafeSpans())
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();

    @Test
    void shouldRedactQueryStringsBeforeAnyExporterSeesThemWhenAPatientIsSearchedByName() {
        // given the attributes an HTTP server span and a client span start with
        provider.get("test").spanBuilder("GET /api/v1/patients").setSpanKind(SpanKind.SERVER)
                .setAttribute("url.path", "/api/v1/patients").setAttribute("url.query", "name=Durand&birthDate=1950-03-14").startSpan().end();
        provider.get("test").spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
                .setAttribute("url.full", "http://ingestion/api/v1/patients/7/readings?from=2026-01-01").startSpan().end();
        provider.get("test").spanBuilder("GET /q/health").setSpanKind(SpanKind.SERVER).setAttribute("url.path", "/q/health").startSpan().end();
        // then
        SpanData search = exported.getFinishedSpanItems().get(0);
        assertEquals("[redacted]", search.getAttributes().get(AttributeKey.stringKey("url.query")));
        assertEquals("/api/v1/patients", search.getAttributes().get(AttributeKey.stringKey("url.path")));
        assertEquals("http://ingestion/api/v1/patients/7/readings?[redacted]",
                exported.getFinishedSpanItems().get(1).getAttributes().get(AttributeKey.stringKey("url.full")));
        assertNull(exported.getFinishedSpanItems().get(2).getAttributes().get(AttributeKey.stringKey("url.query")));
    }

    @Test
    void shouldCarryTheTraceThroughATraceparentAndRefuseAMalformedOne() {
        Span span = provider.get("test").spanBuilder("ingest readings").startSpan();
        String traceparent = Tracing.traceparent(Context.root().with(span));
        span.end();
        assertEquals("00-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId() + "-01", traceparent);
        assertEquals(span.getSpanContext().getTraceId(), Span.fromContext(Tracing.fromTraceparent(traceparent)).getSpanContext().getTraceId());
        assertEquals(false, Span.fromContext(Tracing.fromTraceparent("00-not-a-trace")).getSpanContext().isValid());
        assertNull(Tracing.traceparent(Context.root()), "no span, no traceparent");
    }
}
