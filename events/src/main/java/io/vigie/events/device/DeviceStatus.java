package io.vigie.events.device;

/** Lifecycle: PROVISIONED → ACTIVE ⇄ SUSPENDED → RETIRED (final). Only ACTIVE devices may send data. */
public enum DeviceStatus {
    PROVISIONED, ACTIVE, SUSPENDED, RETIRED
}
