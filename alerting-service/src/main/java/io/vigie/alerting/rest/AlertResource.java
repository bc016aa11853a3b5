package io.vigie.alerting.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.model.Alert;
import io.vigie.alerting.notify.AlertStream;
import io.vigie.alerting.rest.AlertViews.AlertDetail;
import io.vigie.alerting.rest.AlertViews.AlertView;
import io.vigie.alerting.rest.AlertViews.HistoryEntry;
import io.vigie.alerting.rest.AlertViews.PatientAlerts;
import io.vigie.alerting.rules.Priority;
import io.vigie.alerting.service.AlertService;
import io.vigie.auth.Roles;
import io.vigie.core.rest.ETags;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandV1;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
@Tag(name = "Alerts", description = "Worklist and actions for clinicians and nurses of the patient's hospital")
public class AlertResource {

    private final AlertService service;
    private final AlertStream stream;
    private final Caller caller;

    public AlertResource(AlertService service, AlertStream stream, Caller caller) {
        this.service = service;
        this.stream = stream;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.SERVICE_PATIENT}) // patient-service: GDPR export
    @Operation(summary = "Alerts of your hospitals", description = "Filters: status (repeatable), priority, patientId, ruleKey, mine=true (your care teams). "
            + "Most urgent first.")
    public Uni<Page<AlertView>> search(@QueryParam("status") List<Alert.Status> status, @QueryParam("priority") Priority priority,
            @QueryParam("patientId") UUID patientId, @QueryParam("ruleKey") String ruleKey, @QueryParam("mine") @DefaultValue("false") boolean mine,
            @Valid @BeanParam PageRequest page) {
        return service.search(caller, status == null || status.isEmpty() ? null : status, priority, patientId, ruleKey, mine, page)
                .map(p -> p.map(AlertView::of));
    }

    @GET
    @Path("/worklist")
    @Operation(summary = "Open alerts grouped per patient, most urgent patient first")
    public Uni<List<PatientAlerts>> worklist(@QueryParam("mine") @DefaultValue("false") boolean mine) {
        return service.search(caller, List.of(Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED), null, null, null, mine, new PageRequest(0, PageRequest.MAX_SIZE))
                .map(page -> {
                    Map<UUID, List<AlertView>> byPatient = new LinkedHashMap<>();
                    page.items().forEach(a -> byPatient.computeIfAbsent(a.patientId, k -> new ArrayList<>()).add(AlertView.of(a)));
                    return byPatient.values().stream().map(list -> new PatientAlerts(list.get(0).patientId(), list.get(0).hospitalId(),
                            list.stream().map(AlertView::priority).min(Comparator.naturalOrder()).orElseThrow(), list))
                            .sorted(Comparator.comparing(PatientAlerts::highestPriority)).toList();
                });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An alert and its history")
    public Uni<RestResponse<AlertDetail>> get(@PathParam("id") UUID id) {
        return service.detail(caller, id).map(d -> ETags.ok(new AlertDetail(AlertView.of(d.alert()),
                d.history().stream().map(HistoryEntry::of).toList()), d.alert().version));
    }

    @POST
    @Path("/{id}/acknowledge")
    @Operation(summary = "Acknowledge: stops the escalation")
    public Uni<RestResponse<AlertView>> acknowledge(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return service.act(caller, id, ifMatch, AlertCommandV1.Command.ACKNOWLEDGE, null, null, null).map(AlertResource::ok);
    }

    @POST
    @Path("/{id}/assign")
    @Operation(summary = "Assign to a user (Keycloak user id; null to unassign)")
    public Uni<RestResponse<AlertView>> assign(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull AlertViews.Assign body) {
        return service.act(caller, id, ifMatch, AlertCommandV1.Command.ASSIGN, body.userId(), null, null).map(AlertResource::ok);
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Resolve, saying whether it was actionable (alarm-fatigue metric per rule)")
    public Uni<RestResponse<AlertView>> resolve(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull AlertViews.Resolve body) {
        return service.act(caller, id, ifMatch, AlertCommandV1.Command.RESOLVE, null, body.actionable(), body.note()).map(AlertResource::ok);
    }

    @POST
    @Path("/{id}/comments")
    @Operation(summary = "Comment")
    public Uni<RestResponse<AlertView>> comment(@PathParam("id") UUID id, @Valid @NotNull AlertViews.Comment body) {
        return service.act(caller, id, null, AlertCommandV1.Command.COMMENT, null, null, body.text()).map(AlertResource::ok);
    }

    private static RestResponse<AlertView> ok(AlertChangedV1 alert) {
        return ETags.ok(AlertView.of(alert), alert.revision());
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events: every alert change of your hospitals, live")
    public Multi<AlertChangedV1> live() {
        Set<String> hospitals = caller.isGroupWide() ? null : Set.copyOf(caller.hospitals());
        return stream.of(hospitals);
    }
}
