package io.vigie.inbox.admin;

import io.vigie.auth.Roles;
import io.vigie.core.problem.Problem;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Dead-letter operations of this service's event consumers (platform-admin). Never a record's content. */
@Path("/api/v1/admin/dlq")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters", description = "Events this service's consumers could not process, and putting them back (platform-admin)")
public class DlqResource {

    private final DlqAdmin admin;
    private final Caller caller;

    public DlqResource(DlqAdmin admin, Caller caller) {
        this.admin = admin;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Consumers and dead letters", description = "Each consumer's state (ok, retrying, stuck and why) and, per DLQ topic, "
            + "the count and each dead letter's ids, reason and times, oldest first (the 500 newest listed).")
    public DlqViews.Overview list() {
        return admin.overview();
    }

    @POST
    @Path("/{topic}/replay")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Put dead letters back on their topic", description = "Selected by offsets (\"partition:offset\") or by the time they "
            + "were dead-lettered (from inclusive, to exclusive). Idempotent: one already replayed is skipped unless force is true, and "
            + "consumers skip an event they already processed. Audited.")
    public DlqViews.ReplayResult replay(@PathParam("topic") String topic, DlqViews.ReplayRequest request) {
        validate(request);
        return admin.replay(topic, request, caller);
    }

    private static void validate(DlqViews.ReplayRequest r) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r == null) {
            throw ProblemException.badRequest("validation-failed", "A body is required: {\"offsets\": [\"0:12\"]} or {\"from\": ..., \"to\": ...}.",
                    List.of());
        }
        boolean byOffsets = r.offsets() != null;
        boolean byTime = r.from() != null || r.to() != null;
        if (byOffsets == byTime) {
            errors.add(new Problem.FieldError("offsets", "give either offsets or a time range (from, to), not both and not neither"));
        } else if (byOffsets) {
            if (r.offsets().isEmpty() || r.offsets().size() > 10_000) {
                errors.add(new Problem.FieldError("offsets", "between 1 and 10000 offsets"));
            }
            for (String o : r.offsets()) {
                if (o == null || !o.matches("\\d{1,5}:\\d{1,18}")) {
                    errors.add(new Problem.FieldError("offsets", "each offset is partition:offset, e.g. 0:12"));
                    break;
                }
            }
        } else if (r.from() == null || r.to() == null || !r.from().isBefore(r.to())) {
            errors.add(new Problem.FieldError(r.from() == null ? "from" : "to", "from and to are both required, from before to"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation-failed", "The replay selection is invalid.", errors);
        }
    }
}
