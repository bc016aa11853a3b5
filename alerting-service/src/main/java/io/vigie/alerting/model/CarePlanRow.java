package io.vigie.alerting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The latest care plan of a patient, as patient-service published it. */
@Entity
@Table(name = "care_plan")
public class CarePlanRow {
    @Id
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "tenant_id")
    public String tenantId;
    /** CarePlanV1 as JSON. */
    public String plan;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
