package io.vigie.events.device;

/** Kinds of connected devices Vigie registers. */
public enum DeviceKind {
    GLUCOMETER, BLOOD_PRESSURE_MONITOR, SCALE, HOSPITAL_BED, WATCH, SMART_TEXTILE,
    PACEMAKER, DEFIBRILLATOR, INSULIN_PUMP, NEUROSTIMULATOR, GATEWAY
}
