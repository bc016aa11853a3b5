package io.vigie.core.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Vigie's own spans and the W3C trace context carried through Kafka record headers and the outbox. Span names are
 * fixed words and attributes ids only ({@link #DEVICE}, {@link #READING}, {@link #PATIENT}, {@link #ALERT},
 * {@link #EVENT}): never a name, an INS, a value or a payload.
 */
@ApplicationScoped
public class Tracing {

    public static final AttributeKey<String> DEVICE = AttributeKey.stringKey("vigie.device.id");
    public static final AttributeKey<String> READING = AttributeKey.stringKey("vigie.reading.id");
    public static final AttributeKey<String> PATIENT = AttributeKey.stringKey("vigie.patient.id");
    public static final AttributeKey<String> ALERT = AttributeKey.stringKey("vigie.alert.id");
    public static final AttributeKey<String> EVENT = AttributeKey.stringKey("vigie.event.id");
    public static final AttributeKey<String> CONSUMER = AttributeKey.stringKey("vigie.consumer");
    public static final AttributeKey<String> WEBHOOK = AttributeKey.stringKey("vigie.webhook.id");

    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private final Tracer tracer;

    public Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A span of {@code kind} under {@code parent} (the root context: a new trace), started now. */
    public Span start(String name, SpanKind kind, Context parent) {
        SpanBuilder b = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent == null ? Context.root() : parent);
        return b.startSpan();
    }

    /** The W3C {@code traceparent} of {@code context}, or null when it holds no valid span. */
    public static String traceparent(Context context) {
        if (context == null || !Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a {@code traceparent} names (the root context when null or malformed). */
    public static Context fromTraceparent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
    }

    /** The context a Kafka record's {@code traceparent} header names (the root context without one). */
    public static Context fromHeaders(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(TRACEPARENT);
        return fromTraceparent(h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
}
