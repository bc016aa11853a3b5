package io.vigie.alerting.rest;

import io.vigie.alerting.news2.News2;
import io.vigie.auth.Roles;
import io.vigie.core.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** NEWS2 calculator for clinicians (contract fixed by the alerting issue). */
@Path("/api/v1/scores/news2")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
@Tag(name = "Scores")
public class News2Resource {

    @Schema(name = "News2Request", example = """
            {"respirationRate": 18, "spo2": 95, "spo2Scale": 1, "onOxygen": false, "systolicBp": 120, "pulse": 80,
             "consciousness": "A", "temperature": 37.0, "ageYears": 70, "pregnant": false}""")
    public record Request(
            @DecimalMin(value = "0", message = "must be between 0 and 80") @DecimalMax(value = "80", message = "must be between 0 and 80") Double respirationRate,
            @DecimalMin(value = "50", message = "must be between 50 and 100") @DecimalMax(value = "100", message = "must be between 50 and 100") Double spo2,
            @Min(value = 1, message = "must be 1 or 2") @Max(value = 2, message = "must be 1 or 2") Integer spo2Scale,
            Boolean onOxygen,
            @DecimalMin(value = "40", message = "must be between 40 and 300") @DecimalMax(value = "300", message = "must be between 40 and 300") Double systolicBp,
            @DecimalMin(value = "20", message = "must be between 20 and 300") @DecimalMax(value = "300", message = "must be between 20 and 300") Double pulse,
            @Pattern(regexp = "[ACVPU]", message = "must be one of A, C, V, P, U") String consciousness,
            @DecimalMin(value = "25", message = "must be between 25 and 45") @DecimalMax(value = "45", message = "must be between 25 and 45") Double temperature,
            @Min(value = 0, message = "must be between 0 and 130") @Max(value = 130, message = "must be between 0 and 130") Integer ageYears,
            Boolean pregnant) {
    }

    public record Answer(int total, boolean complete, List<String> missing, News2.Band band, Map<String, Integer> parameters) {
    }

    @POST
    @Operation(summary = "Compute NEWS2", description = "Any vital may be absent: it is listed in missing, never scored 0, and the score is "
            + "partial (complete=false). 422 under 16 or in pregnancy.")
    public Answer score(@Valid @NotNull Request r) {
        try {
            News2.Score s = News2.score(new News2.Input(r.respirationRate(), r.spo2(), r.spo2Scale(), r.onOxygen(), r.systolicBp(), r.pulse(),
                    r.consciousness(), r.temperature(), r.ageYears(), r.pregnant()));
            return new Answer(s.total(), s.complete(), s.missing(), s.band(), s.parameters());
        } catch (News2.NotApplicable e) {
            throw ProblemException.unprocessable("news2-not-applicable", e.getMessage());
        }
    }
}
