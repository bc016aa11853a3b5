package io.vigie.core.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure of a REST call to RFC 9457 problem details. Messages are written here, never copied from
 * exceptions (which may name classes or echo values); unexpected failures get an incident id that is logged
 * with the exception's classes and frames but not its messages.
 */
public class ProblemMappers {

    static final String BEARER_CHALLENGE = "Bearer realm=\"vigie\"";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder r = build(e.status(), e.slug(), e.title(), e.getMessage(), uri, e.errors());
        if (e.retryAfterSeconds() != null) {
            r.header("Retry-After", e.retryAfterSeconds());
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized("The access token is missing, expired, not meant for this service or not valid.", uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized("This endpoint needs a bearer access token from the Vigie Keycloak realm.", uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return build(403, "forbidden", "Forbidden", "Your role does not allow this operation.", uri, List.of()).build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        boolean ourBug = e.getConstraintViolations().stream()
                .anyMatch(v -> v.getPropertyPath().toString().contains("<return value>"));
        if (ourBug) {
            return unexpected(e, uri);
        }
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return build(400, "validation-failed", "Invalid request", "The request has invalid fields.", uri, errors).build();
    }

    @ServerExceptionMapper
    public Response unreadable(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(StreamReadException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        String detail = switch (status) {
            case 404 -> e.getCause() != null ? "A path or query parameter has an invalid value (for example an unknown enum value or a malformed id)."
                    : "Nothing at this path.";
            case 405 -> "This method is not allowed on this path.";
            case 406 -> "This resource cannot produce the media type you accept.";
            case 413 -> "The request body is too large.";
            case 415 -> "Send the body as application/json.";
            case 400 -> "The request could not be read.";
            default -> type.getReasonPhrase();
        };
        Response.ResponseBuilder r = build(status, slugOf(type.getReasonPhrase()), type.getReasonPhrase(), detail, uri, List.of());
        e.getResponse().getHeaders().forEach((k, v) -> {
            if (k.equalsIgnoreCase("Allow") || k.equalsIgnoreCase("Retry-After")) {
                v.forEach(value -> r.header(k, value));
            }
        });
        return r.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        Response race = concurrentChange(e, uri);
        if (race != null) {
            return race;
        }
        String incident = UUID.randomUUID().toString();
        Log.errorf("incident %s on %s: %s", incident, uri == null ? "-" : uri.getPath(), describe(e));
        return build(500, "internal-error", "Internal error",
                "The service failed to handle this request. Report incident " + incident + " to your administrator.",
                uri, List.of()).build();
    }

    /**
     * Races the service checks for but cannot fully prevent, recognised by class name so this library does not
     * depend on Hibernate or the PostgreSQL client: a concurrent update of the same row (412), a unique or
     * foreign-key or exclusion constraint violated by a concurrent write (409).
     */
    private static Response concurrentChange(Throwable e, UriInfo uri) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (name.endsWith("OptimisticLockException") || name.endsWith("StaleObjectStateException")) {
                return build(412, "precondition-failed", "Precondition failed",
                        "The resource was changed by someone else at the same time: read it again and retry.", uri, List.of()).build();
            }
            if (name.equals("io.vertx.pgclient.PgException") || name.equals("org.hibernate.exception.ConstraintViolationException")) {
                String state = sqlState(t);
                if ("23505".equals(state) || "23503".equals(state) || "23P01".equals(state)) { // unique, foreign key, exclusion
                    return build(409, "conflict", "Conflict", "This change conflicts with another one made at the same time.", uri, List.of())
                            .build();
                }
            }
        }
        return null;
    }

    private static String sqlState(Throwable t) {
        return io.vigie.core.messaging.Failures.sqlState(t);
    }

    /** Exception classes and top frames of a failure and its causes, without messages (which may hold data). */
    public static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 4000; t = t.getCause() == t ? null : t.getCause()) {
            out.append(out.length() == 0 ? "" : " <- caused by ").append(t.getClass().getName()).append(" at ")
                    .append(Arrays.stream(t.getStackTrace()).limit(6).map(StackTraceElement::toString).collect(Collectors.joining(" | ")));
        }
        return out.toString();
    }

    private Response json(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? pathOf(m.getPath()) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            field = pathOf(u.getPath());
            message = "unknown field";
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "must be one of " + Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString).toList();
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            message = "has the wrong type: expected " + describeType(m.getTargetType());
        } else if (e instanceof StreamReadException r && r.getLocation() != null) {
            message = "malformed JSON at line " + r.getLocation().getLineNr() + ", column " + r.getLocation().getColumnNr();
        } else {
            message = "cannot be read";
        }
        List<Problem.FieldError> errors = List.of(new Problem.FieldError(field.isEmpty() ? "$" : field, message));
        return build(400, "malformed-body", "Invalid request", "The request body is not valid JSON for this operation.", uri, errors)
                .build();
    }

    private static String describeType(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.getName().startsWith("java.time")) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String pathOf(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        List<String> names = new ArrayList<>();
        List<Path.Node> nodes = new ArrayList<>();
        v.getPropertyPath().forEach(nodes::add);
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node n = nodes.get(i);
            if (n.getKind() == ElementKind.METHOD || n.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            boolean bodyParameter = n.getKind() == ElementKind.PARAMETER && i + 1 < nodes.size();
            if (bodyParameter) {
                continue;
            }
            String name = n.getName() == null ? "" : n.getName();
            names.add(n.getIndex() != null ? name + "[" + n.getIndex() + "]" : name);
        }
        return names.isEmpty() ? "$" : String.join(".", names).replace(".[", "[");
    }

    private static Response unauthorized(String detail, UriInfo uri) {
        return build(401, "unauthorized", "Unauthorized", detail, uri, List.of())
                .header("WWW-Authenticate", BEARER_CHALLENGE).build();
    }

    private static String slugOf(String phrase) {
        return phrase == null ? "error" : phrase.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** A problem+json response builder, for answers that need their own headers. */
    public static Response.ResponseBuilder build(int status, String slug, String title, String detail, UriInfo uri,
            List<Problem.FieldError> errors) {
        Problem body = new Problem(Problem.TYPE_PREFIX + slug, title, status, detail, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
    }
}
