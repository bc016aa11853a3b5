package io.vigie.events.device;

/** Kinds of connected devices Vigie registers. */
public enum DeviceKind {
    GLUCOMETER, BLOOD_PRESSURE_MONITOR, SCALE, HOSPITAL_BED, WATCH, SMART_TEXTILE,
    PACEMAKER, DEFIBRILLATOR, INSULIN_PUMP, NEUROSTIMULATOR, GATEWAY;

    /**
     * A continuous monitor sends samples seconds apart (a rule "sustained for 60 s" then means 60 s of samples); the
     * others take spot checks minutes or days apart (the same rule then means consecutive spot readings).
     */
    public boolean continuous() {
        return this == HOSPITAL_BED || this == WATCH || this == SMART_TEXTILE;
    }

    /** Implants and pumps: their events alert for every patient who carries one, whatever the programmes. */
    public boolean implanted() {
        return this == PACEMAKER || this == DEFIBRILLATOR || this == INSULIN_PUMP || this == NEUROSTIMULATOR;
    }
}
