package io.vigie.auth;

/**
 * Realm roles of the Keycloak realm {@code vigie} (auth/realm/vigie-realm.json). People carry one of the
 * staff roles and a multi-valued {@code hospital} claim (their tenants); services carry one service role.
 */
public final class Roles {
    /** Hospital-group administrator: device models, certificates, webhooks, erasure. Group-wide. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Manages the device inventory of their hospital(s). */
    public static final String DEVICE_ADMIN = "device-admin";
    public static final String CLINICIAN = "clinician";
    public static final String NURSE = "nurse";
    /** Reads the audit trail. Group-wide, read-only. */
    public static final String AUDITOR = "auditor";
    /** Marker composite of clinician, device-admin and platform-admin: Keycloak requires OTP for it. */
    public static final String MFA_REQUIRED = "mfa-required";

    public static final String SERVICE_DEVICE_REGISTRY = "service-device-registry";
    public static final String SERVICE_INGESTION = "service-ingestion";
    public static final String SERVICE_ALERTING = "service-alerting";
    public static final String SERVICE_PATIENT = "service-patient";

    /** Token claim carrying the hospital ids (tenants) of a person. */
    public static final String HOSPITAL_CLAIM = "hospital";

    private Roles() {
    }
}
