package io.vigie.core.rest;

import io.vigie.core.problem.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parsing of query parameters with a 400 problem naming the parameter when the value is malformed. */
public final class QueryParams {

    private QueryParams() {
    }

    /** An ISO-8601 instant, or null when absent. */
    public static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 instant such as 2026-11-29T10:00:00Z");
        }
    }
}
