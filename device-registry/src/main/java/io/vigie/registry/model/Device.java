package io.vigie.registry.model;

import io.vigie.events.device.DeviceStatus;
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

/** A physical device of one hospital (the tenant), identified by its model and serial number (UDI-PI). */
@Entity
@Table(name = "device")
public class Device {
    @Id
    public UUID id;
    @Column(name = "hospital_id")
    public String hospitalId;
    @Column(name = "model_id")
    public UUID modelId;
    @Column(name = "serial_number")
    public String serialNumber;
    @Column(name = "lot_number")
    public String lotNumber;
    @Column(name = "manufactured_on")
    public LocalDate manufacturedOn;
    @Column(name = "expires_on")
    public LocalDate expiresOn;
    @Column(name = "firmware_version")
    public String firmwareVersion;
    @Enumerated(EnumType.STRING)
    public DeviceStatus status;
    public String location;
    /** Operational, fed by ingestion: written without touching {@link #version}. */
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
