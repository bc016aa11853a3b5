package io.vigie.alerting.rest;

import io.smallrye.mutiny.Uni;
import io.vigie.auth.Roles;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    public Uni<Page<Object>> search(@Valid @BeanParam PageRequest page) {
        return Uni.createFrom().item(Page.empty(page));
    }
}
