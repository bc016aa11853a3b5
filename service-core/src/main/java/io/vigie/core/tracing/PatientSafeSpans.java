package io.vigie.core.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/**
 * Keeps patient data out of the automatic spans: an HTTP server span records the query string ({@code url.query}) and
 * a client span the whole URL ({@code url.full}), and a query can be a patient's name ({@code ?name=…}). Both are
 * replaced when the span starts, before any exporter sees it. (Database spans carry sanitized statements, without
 * values; MongoDB command tracing, which would carry documents, stays off.)
 */
@Singleton
@Unremovable
public class PatientSafeSpans implements SpanProcessor {

    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");
    static final AttributeKey<String> HTTP_TARGET = AttributeKey.stringKey("http.target");
    public static final String REDACTED = "[redacted]";

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        if (span.getAttribute(URL_QUERY) != null) {
            span.setAttribute(URL_QUERY, REDACTED);
        }
        for (AttributeKey<String> url : java.util.List.of(URL_FULL, HTTP_URL, HTTP_TARGET)) {
            String value = span.getAttribute(url);
            if (value != null && value.indexOf('?') >= 0) {
                span.setAttribute(url, value.substring(0, value.indexOf('?')) + "?" + REDACTED);
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
