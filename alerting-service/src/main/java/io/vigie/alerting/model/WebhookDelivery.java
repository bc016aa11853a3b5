package io.vigie.alerting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One alert change to deliver to one webhook, with its attempts (the delivery log). */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery extends io.quarkus.hibernate.reactive.panache.PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "webhook_id")
    public UUID webhookId;
    @Column(name = "event_id")
    public UUID eventId;
    public String payload;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_status")
    public Integer lastStatus;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    /** W3C trace context of the alert change (ids only): the POST joins its trace. */
    public String traceparent;
}
