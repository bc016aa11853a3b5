package io.vigie.registry.model;

import io.vigie.events.device.DeviceClass;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.PayloadMapping;
import io.vigie.events.device.RegulatoryStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A device model of the hospital group's catalogue, with its regulatory metadata. */
@Entity
@Table(name = "device_model")
public class DeviceModel {
    @Id
    public UUID id;
    public String manufacturer;
    @Column(name = "model_name")
    public String modelName;
    @Enumerated(EnumType.STRING)
    public DeviceKind kind;
    @Column(name = "measurement_codes")
    @Convert(converter = JsonColumns.StringList.class)
    public List<String> measurementCodes;
    @Enumerated(EnumType.STRING)
    @Column(name = "regulatory_status")
    public RegulatoryStatus regulatoryStatus;
    @Enumerated(EnumType.STRING)
    @Column(name = "device_class")
    public DeviceClass deviceClass;
    @Column(name = "basic_udi_di")
    public String basicUdiDi;
    @Column(name = "udi_di")
    public String udiDi;
    @Column(name = "intended_purpose")
    public String intendedPurpose;
    @Column(name = "approved_firmware")
    @Convert(converter = JsonColumns.StringList.class)
    public List<String> approvedFirmware;
    @Column(name = "payload_mapping")
    @Convert(converter = JsonColumns.Mapping.class)
    public PayloadMapping payloadMapping;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
