package io.vigie.core.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.vigie.auth.Roles;
import io.vigie.core.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified access token: user id, roles and hospitals (tenants). Every resource checks
 * the tenant of what it touches through {@link #requireHospital}, so another hospital's data answers 404.
 */
@RequestScoped
public class Caller {

    private static final Set<String> GROUP_WIDE_ROLES = Set.of(Roles.PLATFORM_ADMIN, Roles.AUDITOR,
            Roles.SERVICE_DEVICE_REGISTRY, Roles.SERVICE_INGESTION, Roles.SERVICE_ALERTING, Roles.SERVICE_PATIENT);

    /** Header in which callers say why they access data (HDS traceability), e.g. {@code X-Purpose: care}. */
    public static final String PURPOSE_HEADER = "X-Purpose";

    private final SecurityIdentity identity;
    private final JsonWebToken token;
    private final HttpServerRequest request;

    public Caller(SecurityIdentity identity, JsonWebToken token, HttpServerRequest request) {
        this.identity = identity;
        this.token = token;
        this.request = request;
    }

    /** The caller as the audit trail records it: user id and sorted roles. */
    public Actor actor() {
        return new Actor(identity.isAnonymous() ? "anonymous" : userId(), identity.getRoles().stream().sorted().toList());
    }

    /** Declared purpose of the access ({@value #PURPOSE_HEADER}), or null. */
    public String purpose() {
        String p = request == null ? null : request.getHeader(PURPOSE_HEADER);
        return p == null || p.isBlank() ? null : p.strip().toLowerCase();
    }

    /** Keycloak user id ({@code sub}), or the service account's id. */
    public String userId() {
        return token.getSubject();
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    public boolean isService() {
        return identity.getRoles().stream().anyMatch(r -> r.startsWith("service-"));
    }

    /** Platform admins, auditors and services act for the whole hospital group; staff only for their hospitals. */
    public boolean isGroupWide() {
        return identity.getRoles().stream().anyMatch(GROUP_WIDE_ROLES::contains);
    }

    /** Hospitals (tenant ids) of the {@code hospital} claim; empty for group-wide callers. */
    public Set<String> hospitals() {
        Object claim = token.getClaim(Roles.HOSPITAL_CLAIM);
        Set<String> out = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            array.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : v.toString()));
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> out.add(String.valueOf(v)));
        } else if (claim instanceof JsonString s) {
            out.add(s.getString());
        } else if (claim instanceof String s) {
            out.add(s);
        }
        return out;
    }

    public boolean mayAccess(String hospitalId) {
        return isGroupWide() || (hospitalId != null && hospitals().contains(hospitalId));
    }

    /** Throws 404 (never 403) when the caller may not see a resource of {@code hospitalId}. */
    public void requireHospital(String hospitalId, String resource, Object id) {
        if (!mayAccess(hospitalId)) {
            throw ProblemException.notFound(resource, String.valueOf(id));
        }
    }

    /**
     * The hospital a write applies to: the requested one if the caller belongs to it, or the caller's only
     * hospital when none is given. 400 when ambiguous, 403 when the caller is not staff of that hospital.
     */
    public String hospitalForWrite(String requested) {
        Set<String> mine = hospitals();
        if (requested == null || requested.isBlank()) {
            if (mine.size() == 1) {
                return mine.iterator().next();
            }
            throw ProblemException.invalidField("hospitalId", "required: you belong to " + mine.size() + " hospitals");
        }
        if (!mayAccess(requested)) {
            throw new ProblemException(403, "wrong-hospital", "Forbidden", "You do not work for this hospital.", null, null);
        }
        return requested;
    }

    /** Who acted, for audit records. */
    public record Actor(String id, List<String> roles) {
        public static Actor system(String service) {
            return new Actor("service:" + service, List.of());
        }
    }
}
