package io.vigie.simulator.ward;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The device models of the simulated hospital group, with their regulatory metadata: medical devices with a
 * notified body's certificate, a class I bed under a declaration of conformity, an IVD glucometer, a blood-pressure
 * monitor whose certificate expired (its readings are not clinical grade) and a wellness watch (no certificate).
 */
public enum Catalogue {

    SCALE("Balance Santé", "BS-200", "SCALE", List.of("29463-7"), "MEDICAL_DEVICE", "IIa", "376000000001", Cert.VALID, false,
            "Body weight for remote monitoring of heart and renal failure"),
    BP_MONITOR("TensioCare", "TC-7", "BLOOD_PRESSURE_MONITOR", List.of("85354-9", "8867-4"), "MEDICAL_DEVICE", "IIa", "376000000002",
            Cert.VALID, false, "Non-invasive blood pressure and pulse at home"),
    BP_MONITOR_OLD("TensioCare", "TC-5", "BLOOD_PRESSURE_MONITOR", List.of("85354-9", "8867-4"), "MEDICAL_DEVICE", "IIa", "376000000003",
            Cert.EXPIRED, false, "Non-invasive blood pressure and pulse at home (previous generation)"),
    GLUCOMETER("GlucoLink", "G3", "GLUCOMETER", List.of("41653-7"), "IVD", "C", "376000000004", Cert.VALID, false,
            "Capillary blood glucose self-testing for diabetes"),
    TEXTILE("CardioTextile", "CS-2", "SMART_TEXTILE", List.of("8867-4", "9279-1", "2708-6", "8310-5"), "MEDICAL_DEVICE", "IIa",
            "376000000005", Cert.VALID, true, "Continuous heart rate, respiration, SpO2 and temperature"),
    BED("LitConnect", "LC-9", "HOSPITAL_BED", List.of("8867-4", "9279-1"), "MEDICAL_DEVICE", "I", "376000000006", Cert.DECLARATION, true,
            "Connected hospital bed: occupancy, bed exit, contact-free heart and respiration rate"),
    DEFIBRILLATOR("CardioGuard", "ICD-4 (home gateway)", "DEFIBRILLATOR", List.of("8867-4"), "MEDICAL_DEVICE", "III", "376000000007",
            Cert.VALID, true, "Implantable cardioverter-defibrillator reporting through its home gateway"),
    WATCH("Pulse", "Watch 2", "WATCH", List.of("8867-4", "2708-6", "55423-8"), "WELLNESS", null, null, Cert.NONE, true,
            "Consumer wellness watch (not a medical device)");

    enum Cert { VALID, EXPIRED, DECLARATION, NONE }

    final String manufacturer;
    final String modelName;
    final String kind;
    final List<String> codes;
    final String regulatoryStatus;
    final String deviceClass;
    final String gtinBody;
    final Cert cert;
    /** Streams continuously (and sends heartbeats) rather than spot checks. */
    final boolean continuous;
    final String intendedPurpose;

    Catalogue(String manufacturer, String modelName, String kind, List<String> codes, String regulatoryStatus, String deviceClass, String gtinBody,
            Cert cert, boolean continuous, String intendedPurpose) {
        this.manufacturer = manufacturer;
        this.modelName = modelName;
        this.kind = kind;
        this.codes = codes;
        this.regulatoryStatus = regulatoryStatus;
        this.deviceClass = deviceClass;
        this.gtinBody = gtinBody;
        this.cert = cert;
        this.continuous = continuous;
        this.intendedPurpose = intendedPurpose;
    }

    /** The model as {@code POST /api/v1/device-models} takes it. */
    Map<String, Object> spec() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manufacturer", manufacturer);
        m.put("modelName", modelName);
        m.put("kind", kind);
        m.put("measurementCodes", codes);
        m.put("regulatoryStatus", regulatoryStatus);
        m.put("deviceClass", deviceClass);
        if (gtinBody != null) {
            String gtin = "0" + gtinBody + "0";
            m.put("udiDi", gtin.substring(0, 13) + gtinCheckDigit(gtin.substring(0, 13)));
            m.put("basicUdiDi", "3760000SIM" + ordinal() + "XY");
        }
        m.put("intendedPurpose", intendedPurpose);
        m.put("approvedFirmware", List.of("1.0.0"));
        return m;
    }

    /** Its certificate, or null for a wellness device. */
    Map<String, Object> certificate() {
        LocalDate today = LocalDate.now();
        return switch (cert) {
            case VALID -> Map.of("kind", "NB_CERTIFICATE", "notifiedBody", "0459", "number", "CE-0459-SIM-" + name(),
                    "issuedOn", today.minusYears(2).toString(), "expiresOn", today.plusYears(3).toString(), "status", "VALID");
            case EXPIRED -> Map.of("kind", "NB_CERTIFICATE", "notifiedBody", "0459", "number", "CE-0459-SIM-" + name(),
                    "issuedOn", today.minusYears(6).toString(), "expiresOn", today.minusMonths(2).toString(), "status", "EXPIRED");
            case DECLARATION -> Map.of("kind", "DECLARATION_OF_CONFORMITY", "number", "DoC-SIM-" + name(), "issuedOn", today.minusYears(1).toString(),
                    "status", "VALID");
            case NONE -> null;
        };
    }

    /** GS1 check digit of the first 13 digits of a GTIN-14: weights 3,1,3,… from the left. */
    static int gtinCheckDigit(String first13) {
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            sum += (first13.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
        }
        return (10 - sum % 10) % 10;
    }
}
