package io.vigie.patient.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What the registry says of a device (from its state topic): assignments are checked against it. */
@Entity
@Table(name = "known_device")
public class KnownDevice extends PanacheEntityBase {
    @Id
    @Column(name = "device_id")
    public UUID deviceId;
    @Column(name = "tenant_id")
    public String tenantId;
    public String status;
    public String kind;
    public long sequence;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
