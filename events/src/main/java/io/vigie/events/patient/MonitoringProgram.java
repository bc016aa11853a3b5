package io.vigie.events.patient;

/** French télésurveillance programs (LFSS 2022) a patient can be enrolled in. */
public enum MonitoringProgram {
    HEART_FAILURE, RENAL_FAILURE, RESPIRATORY_FAILURE, DIABETES, IMPLANTED_CARDIAC_DEVICE
}
