package io.vigie.registry.model;

import io.vigie.events.device.CredentialKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A device credential: a secret's salted hash, or an X.509 certificate fingerprint. Never the secret. */
@Entity
@Table(name = "device_credential")
public class DeviceCredential {
    @Id
    public UUID id;
    @Column(name = "device_id")
    public UUID deviceId;
    @Enumerated(EnumType.STRING)
    public CredentialKind kind;
    @Column(name = "secret_hash")
    public String secretHash;
    @Column(name = "fingerprint_sha256")
    public String fingerprintSha256;
    @Column(name = "created_at")
    public Instant createdAt;
    /** End of the grace period of a rotated secret; null while it is the current one. */
    @Column(name = "valid_until")
    public Instant validUntil;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean usableAt(Instant now) {
        return revokedAt == null && (validUntil == null || now.isBefore(validUntil));
    }
}
