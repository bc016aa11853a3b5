package io.vigie.events.device;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a device's readings are clinical grade on a date (CLINICAL.md gate): its model is a MEDICAL_DEVICE
 * or IVD, a certificate of the model is VALID on that date, and the device's firmware is approved. Derived,
 * never stored: registry and ingestion evaluate the same inputs with {@link Inputs#evaluate}.
 */
public record ClinicalGrade(LocalDate date, boolean clinicalGrade, List<Reason> reasons) {

    /** Why a device is not clinical grade; {@code code} is stable, {@code message} is for people. */
    public record Reason(String code, String message) {
    }

    /** A certificate as the gate needs it. {@code expiresOn} is null for a declaration of conformity. */
    public record Certificate(String certificateId, String number, CertificateKind kind, CertificateStatus status, LocalDate issuedOn,
            LocalDate expiresOn) {

        public boolean validOn(LocalDate date) {
            return status == CertificateStatus.VALID && !date.isBefore(issuedOn) && (expiresOn == null || !date.isAfter(expiresOn));
        }
    }

    /** Everything the gate depends on; published in the device-state event so ingestion never calls the registry. */
    public record Inputs(RegulatoryStatus regulatoryStatus, DeviceClass deviceClass, List<Certificate> certificates,
            List<String> approvedFirmware, String firmwareVersion) {

        public ClinicalGrade evaluate(LocalDate date) {
            List<Reason> reasons = new ArrayList<>();
            if (!regulatoryStatus.isRegulated()) {
                reasons.add(new Reason("NOT_A_MEDICAL_DEVICE", "the model is a WELLNESS device, not a medical device"));
            } else if (certificates == null || certificates.stream().noneMatch(c -> c.validOn(date))) {
                reasons.add(new Reason("NO_VALID_CERTIFICATE", "no certificate of the model is VALID on " + date + describe(date)));
            }
            if (approvedFirmware == null || !approvedFirmware.contains(firmwareVersion)) {
                reasons.add(new Reason("FIRMWARE_NOT_APPROVED", "firmware " + firmwareVersion + " is not approved for this model"));
            }
            return new ClinicalGrade(date, reasons.isEmpty(), List.copyOf(reasons));
        }

        private String describe(LocalDate date) {
            if (certificates == null || certificates.isEmpty()) {
                return " (the model has no certificate)";
            }
            List<String> parts = new ArrayList<>();
            for (Certificate c : certificates) {
                if (c.status() != CertificateStatus.VALID) {
                    parts.add(c.number() + " is " + c.status());
                } else if (date.isBefore(c.issuedOn())) {
                    parts.add(c.number() + " is valid from " + c.issuedOn());
                } else if (c.expiresOn() != null && date.isAfter(c.expiresOn())) {
                    parts.add(c.number() + " expired on " + c.expiresOn());
                }
            }
            return " (" + String.join("; ", parts) + ")";
        }
    }
}
