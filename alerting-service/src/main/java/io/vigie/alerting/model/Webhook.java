package io.vigie.alerting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A hospital's webhook: alert changes are POSTed to it, signed with HMAC-SHA256. */
@Entity
@Table(name = "webhook")
public class Webhook extends io.quarkus.hibernate.reactive.panache.PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    public String url;
    public String secret;
    public boolean enabled;
    @Column(name = "consecutive_failures")
    public int consecutiveFailures;
    @Column(name = "disabled_reason")
    public String disabledReason;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Version
    public long version;
}
