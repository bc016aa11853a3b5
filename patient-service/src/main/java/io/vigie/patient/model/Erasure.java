package io.vigie.patient.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A GDPR erasure and which services confirmed it. */
@Entity
@Table(name = "erasure")
public class Erasure extends PanacheEntityBase {
    @Id
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
    /** JSON {"service": "completion time or null"}. */
    public String services;
    @Column(name = "completed_at")
    public Instant completedAt;
}
