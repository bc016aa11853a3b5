package io.vigie.registry.model;

import io.vigie.events.device.CertificateKind;
import io.vigie.events.device.CertificateStatus;
import io.vigie.events.device.ClinicalGrade;
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

/** A CE certificate of a notified body, or a declaration of conformity, attached to a device model. */
@Entity
@Table(name = "certificate")
public class Certificate {
    @Id
    public UUID id;
    @Column(name = "model_id")
    public UUID modelId;
    @Enumerated(EnumType.STRING)
    public CertificateKind kind;
    @Column(name = "notified_body")
    public String notifiedBody;
    public String number;
    @Column(name = "issued_on")
    public LocalDate issuedOn;
    @Column(name = "expires_on")
    public LocalDate expiresOn;
    @Enumerated(EnumType.STRING)
    public CertificateStatus status;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public ClinicalGrade.Certificate gateView() {
        return new ClinicalGrade.Certificate(id.toString(), number, kind, status, issuedOn, expiresOn);
    }
}
