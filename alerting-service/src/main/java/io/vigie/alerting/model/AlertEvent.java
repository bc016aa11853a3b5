package io.vigie.alerting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step of an alert's history (who did what, when); comments are events too. */
@Entity
@Table(name = "alert_event")
public class AlertEvent extends io.quarkus.hibernate.reactive.panache.PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "alert_id")
    public UUID alertId;
    public Instant at;
    public String type;
    public String actor;
    public String detail;
}
