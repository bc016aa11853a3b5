package io.vigie.patient.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of the platform audit trail; {@code hash} covers its fields and {@code prevHash}. Append-only. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(name = "event_id")
    public UUID eventId;
    public Instant at;
    public String source;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "actor_id")
    public String actorId;
    @Column(name = "actor_roles")
    public String actorRoles;
    public String action;
    public String resource;
    @Column(name = "resource_id")
    public String resourceId;
    public String purpose;
    public String outcome;
    /** JSON object of ids and states, never patient data. */
    public String details;
    @Column(name = "prev_hash")
    public String prevHash;
    public String hash;
}
