package io.vigie.core.problem;

import java.util.List;

/**
 * A refusal the service answers on purpose, mapped to RFC 9457 problem details. {@code slug} becomes the
 * problem type {@code urn:vigie:problem:<slug>}; {@code detail} must not contain patient data.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Integer retryAfterSeconds;

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors,
            Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException badRequest(String slug, String detail, List<Problem.FieldError> errors) {
        return new ProblemException(400, slug, "Invalid request", detail, errors, null);
    }

    public static ProblemException invalidField(String field, String message) {
        return badRequest("validation-failed", "The request has invalid fields.", List.of(new Problem.FieldError(field, message)));
    }

    /** 404: also the answer for a resource of another hospital, which must stay invisible. */
    public static ProblemException notFound(String resource, String id) {
        return new ProblemException(404, "not-found", "Not found", resource + " " + id + " does not exist.", null, null);
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail, null, null);
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "precondition-failed", "Precondition failed", detail, null, null);
    }

    public static ProblemException preconditionRequired(String detail) {
        return new ProblemException(428, "precondition-required", "Precondition required", detail, null, null);
    }

    public static ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(422, slug, "Refused by a rule", detail, null, null);
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "dependency-unavailable", "Service unavailable", detail, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
