package io.vigie.patient.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.vigie.events.patient.ConsentStateV1;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Consent to telemonitoring, given or withdrawn: the history is kept, the latest record is the current state. */
@Entity
@Table(name = "consent")
public class Consent extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "patient_id")
    public UUID patientId;
    @Enumerated(EnumType.STRING)
    public ConsentStateV1.Status status;
    @Column(name = "effective_at")
    public Instant effectiveAt;
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
