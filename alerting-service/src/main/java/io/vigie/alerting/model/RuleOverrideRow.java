package io.vigie.alerting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A clinician's override of one rule for one patient, set through the API. */
@Entity
@Table(name = "rule_override")
public class RuleOverrideRow extends io.quarkus.hibernate.reactive.panache.PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "patient_id") UUID patientId, @Column(name = "rule_key") String ruleKey) implements Serializable {
    }

    @EmbeddedId
    public Key id;
    public Boolean enabled;
    /** JSON object of parameters. */
    public String params;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;
}
