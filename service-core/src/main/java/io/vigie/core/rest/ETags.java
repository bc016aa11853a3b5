package io.vigie.core.rest;

import io.vigie.core.problem.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import org.jboss.resteasy.reactive.RestResponse;

/** Optimistic concurrency over HTTP: ETag {@code "<version>"} on reads, If-Match required on updates. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Checks an update's If-Match against the current version: 428 when absent, 412 when stale or malformed.
     * {@code *} matches any version.
     */
    public static void require(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.preconditionRequired("Send If-Match with the ETag you read, so concurrent edits are not lost.");
        }
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(of(currentVersion)) || t.equals("W/" + of(currentVersion))) {
                return;
            }
        }
        throw ProblemException.preconditionFailed("The resource changed since you read it (current ETag " + of(currentVersion)
                + "): read it again and retry.");
    }

    /** 200 with the body and its ETag. */
    public static <T> RestResponse<T> ok(T body, long version) {
        return RestResponse.ResponseBuilder.ok(body).header(HttpHeaders.ETAG, of(version)).build();
    }

    /** 201 with Location, the body and its ETag. */
    public static <T> RestResponse<T> created(String location, T body, long version) {
        return RestResponse.ResponseBuilder.<T>created(URI.create(location)).entity(body).header(HttpHeaders.ETAG, of(version)).build();
    }
}
