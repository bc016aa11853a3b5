package io.vigie.events.device;

/** MEDICAL_DEVICE (EU MDR 2017/745), IVD (IVDR 2017/746) or WELLNESS (not a medical device). */
public enum RegulatoryStatus {
    MEDICAL_DEVICE, IVD, WELLNESS;

    public boolean isRegulated() {
        return this != WELLNESS;
    }
}
