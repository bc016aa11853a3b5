package io.vigie.patient.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A patient of one hospital (the tenant). Personal fields are nulled by a GDPR erasure; the id remains. */
@Entity
@Table(name = "patient")
public class Patient {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    public String ins;
    /** JSON array of local identifiers. */
    @Column(name = "local_ids")
    public String localIds;
    @Column(name = "family_name")
    public String familyName;
    @Column(name = "given_names")
    public String givenNames;
    @Column(name = "birth_date")
    public LocalDate birthDate;
    public String sex;
    /** JSON object {phone, email, address}. */
    public String contact;
    @Column(name = "fall_risk")
    public boolean fallRisk;
    public boolean pregnant;
    @Column(name = "hypercapnic_rf")
    public boolean hypercapnicRespiratoryFailure;
    @Column(name = "erased_at")
    public Instant erasedAt;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
