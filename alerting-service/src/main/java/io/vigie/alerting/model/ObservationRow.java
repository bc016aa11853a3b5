package io.vigie.alerting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A reading kept for the rules' windows (7 days by default). */
@Entity
@Table(name = "observation")
public class ObservationRow {
    @Id
    @Column(name = "reading_id")
    public UUID readingId;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "device_id")
    public UUID deviceId;
    public String code;
    public Double value;
    @Column(name = "value_code")
    public String valueCode;
    /** JSON object of panel components. */
    public String components;
    @Column(name = "measured_at")
    public Instant measuredAt;
    @Column(name = "clinical_grade")
    public boolean clinicalGrade;
    @Column(name = "received_at")
    public Instant receivedAt;
}
