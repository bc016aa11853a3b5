package io.vigie.alerting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** While active, a rule raises no alert for the patient. Always with a reason and an expiry. */
@Entity
@Table(name = "silence")
public class Silence extends io.quarkus.hibernate.reactive.panache.PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "rule_key")
    public String ruleKey;
    public String reason;
    public Instant until;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}
