package io.vigie.events.device;

public enum CertificateStatus {
    VALID, SUSPENDED, WITHDRAWN, EXPIRED
}
