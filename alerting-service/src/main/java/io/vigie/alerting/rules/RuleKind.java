package io.vigie.alerting.rules;

public enum RuleKind {
    /** A value beyond limits, optionally sustained for N seconds or over N consecutive readings. */
    THRESHOLD,
    /** A change against the patient's own reference in a window (e.g. +2 kg against the lowest weight of 72 h). */
    TREND,
    NEWS2,
    /** A scheduled measurement not received within its period + grace. */
    MISSED,
    /** Device events: bed exit, battery, sensor disconnected, implant and pump events. */
    DEVICE_EVENT,
    /** No heartbeat from a continuous device for a while. */
    HEARTBEAT
}
