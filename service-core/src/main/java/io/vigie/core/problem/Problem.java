package io.vigie.core.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * RFC 9457 problem details, the body of every error answer ({@code application/problem+json}).
 * Never carries a class name, a stack trace or any patient data.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:vigie:problem:";

    /** A field that failed validation: JSON path of the field and what is wrong, without echoing the value. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
