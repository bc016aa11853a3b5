package io.vigie.patient.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A device (registry id) lent to a patient over [from, to); to is null while ongoing. */
@Entity
@Table(name = "device_assignment")
public class DeviceAssignment {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "device_id")
    public UUID deviceId;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "from_at")
    public Instant from;
    @Column(name = "to_at")
    public Instant to;
    @Column(name = "created_by")
    public String createdBy;
    @Version
    public long version;
}
