package io.vigie.alerting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** A member of a patient's care team (from the care plan): escalations go to them. */
@Entity
@Table(name = "care_team")
public class CareTeamMemberRow extends io.quarkus.hibernate.reactive.panache.PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "patient_id") UUID patientId, @Column(name = "user_id") String userId) implements Serializable {
    }

    @EmbeddedId
    public Key id;
    @Column(name = "patient_id", insertable = false, updatable = false)
    public UUID patientId;
    @Column(name = "user_id", insertable = false, updatable = false)
    public String userId;
    public String role;
}
