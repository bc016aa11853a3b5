package io.vigie.patient.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** alerting-service, called with patient-service's own token (client credentials, role service-patient). */
@RegisterRestClient(configKey = "alerting")
@OidcClientFilter
@Path("/api/v1/alerts")
public interface AlertingClient {

    @GET
    Uni<Map<String, Object>> alerts(@QueryParam("patientId") UUID patientId, @QueryParam("page") int page, @QueryParam("size") int size);
}
