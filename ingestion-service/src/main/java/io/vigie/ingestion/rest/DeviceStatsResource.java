package io.vigie.ingestion.rest;

import io.vigie.auth.Roles;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.security.Caller;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.ingestion.directory.DeviceDirectory;
import io.vigie.ingestion.directory.PatientDirectory;
import io.vigie.ingestion.mqtt.MqttFrontDoor;
import io.vigie.ingestion.pipeline.DeviceStats;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What this ingestion instance sees of a device: connections, last seq, gaps. For device administrators. */
@Path("/api/v1/ingestion/devices/{deviceId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.DEVICE_ADMIN, Roles.PLATFORM_ADMIN})
@Tag(name = "Device ingestion stats")
public class DeviceStatsResource {

    /**
     * {@code assignedNow}: this instance attributes the device's readings to a patient right now (no patient id here).
     * {@code clockSkewSeconds}: how far ahead the device's clock was the last time it was beyond the tolerance (those
     * readings were kept at their receipt time); {@code rejected}: rejected readings and events per reason, with the
     * last ones; {@code rejectingSince}: every reading rejected since then (a data-rejected alert follows after 10 min).
     */
    public record Answer(UUID deviceId, String status, boolean assignedNow, int mqttSessions, Long lastSeq, long seqGaps, long messages,
            Instant lastMessageAt, Long clockSkewSeconds, Instant clockSkewAt, long clockSkewed, Map<String, Long> rejected,
            List<DeviceStats.Rejection> lastRejections, Instant rejectingSince) {
    }

    private final DeviceDirectory directory;
    private final PatientDirectory patients;
    private final DeviceStats stats;
    private final MqttFrontDoor mqtt;
    private final Caller caller;

    public DeviceStatsResource(DeviceDirectory directory, PatientDirectory patients, DeviceStats stats, MqttFrontDoor mqtt, Caller caller) {
        this.directory = directory;
        this.patients = patients;
        this.stats = stats;
        this.mqtt = mqtt;
        this.caller = caller;
    }

    @GET
    @Path("/stats")
    @Operation(summary = "Ingestion counters of a device on this instance (sequence gaps, last message, MQTT sessions, clock skew, rejections)")
    public Answer stats(@PathParam("deviceId") UUID deviceId) {
        DeviceStateV1 device = directory.find(deviceId).orElseThrow(() -> ProblemException.notFound("Device", deviceId.toString()));
        caller.requireHospital(device.tenantId(), "Device", deviceId);
        DeviceStats.Stats s = stats.orNone(deviceId);
        return new Answer(deviceId, device.status().name(), patients.patientOf(deviceId, Instant.now()).isPresent(), mqtt.sessionsOf(deviceId),
                s.lastSeq(), s.gaps(), s.messages(), s.lastMessageAt(), s.clockSkew() == null ? null : s.clockSkew().toSeconds(), s.clockSkewAt(),
                s.clockSkewedReadings(), s.rejectedByReason(), s.lastRejections(), s.rejectingSince());
    }
}
