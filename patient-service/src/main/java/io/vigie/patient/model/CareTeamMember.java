package io.vigie.patient.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A clinician or nurse (Keycloak user id) responsible for a patient; escalations go to the care team. */
@Entity
@Table(name = "care_team_member")
public class CareTeamMember extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "patient_id") UUID patientId, @Column(name = "user_id") String userId) implements Serializable {
    }

    @EmbeddedId
    public Key id;
    public String role;
    public Instant since;
}
