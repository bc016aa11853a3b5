package io.vigie.patient.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vigie.patient.model.DeviceAssignment;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AssignmentRepository implements PanacheRepositoryBase<DeviceAssignment, UUID> {

    public Uni<List<DeviceAssignment>> ofDevice(UUID deviceId) {
        return list("deviceId = ?1 order by from", deviceId);
    }

    public Uni<List<DeviceAssignment>> ofPatient(UUID patientId) {
        return list("patientId = ?1 order by from", patientId);
    }

    /** Assignments of the device overlapping [from, to) (to null = open-ended), other than {@code except}. */
    public Uni<List<DeviceAssignment>> overlapping(UUID deviceId, Instant from, Instant to, UUID except) {
        return list("deviceId = ?1 and id <> ?2 and (to is null or to > ?3)" + (to == null ? "" : " and from < ?4"),
                to == null ? new Object[] {deviceId, except == null ? new UUID(0, 0) : except, from}
                        : new Object[] {deviceId, except == null ? new UUID(0, 0) : except, from, to});
    }
}
