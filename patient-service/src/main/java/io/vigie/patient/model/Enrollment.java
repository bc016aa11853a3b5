package io.vigie.patient.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.vigie.events.patient.MonitoringProgram;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Enrollment in a monitoring program, with its schedule and the clinician's changes to the default rules. */
@Entity
@Table(name = "enrollment")
public class Enrollment extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "patient_id")
    public UUID patientId;
    @Enumerated(EnumType.STRING)
    public MonitoringProgram program;
    @Column(name = "start_date")
    public LocalDate startDate;
    @Column(name = "end_date")
    public LocalDate endDate;
    /** JSON array of CarePlanV1.Schedule. */
    public String schedule;
    /** JSON array of CarePlanV1.RuleOverride. */
    @Column(name = "rule_overrides")
    public String ruleOverrides;
    @Column(name = "escalation_minutes")
    public Integer escalationMinutes;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
