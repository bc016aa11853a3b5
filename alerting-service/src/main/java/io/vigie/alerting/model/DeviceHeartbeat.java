package io.vigie.alerting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Last heartbeat of a continuous device (only devices that send heartbeats are watched). */
@Entity
@Table(name = "device_heartbeat")
public class DeviceHeartbeat extends io.quarkus.hibernate.reactive.panache.PanacheEntityBase {
    @Id
    @Column(name = "device_id")
    public UUID deviceId;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "last_at")
    public Instant lastAt;
}
