package io.vigie.events.device;

/** MDR classes I, IIa, IIb, III (medical devices) and IVDR classes A–D (in-vitro diagnostics). */
public enum DeviceClass {
    I, IIa, IIb, III, A, B, C, D;

    public boolean fits(RegulatoryStatus status) {
        return switch (status) {
            case MEDICAL_DEVICE -> this == I || this == IIa || this == IIb || this == III;
            case IVD -> this == A || this == B || this == C || this == D;
            case WELLNESS -> false;
        };
    }

    /** Lowest classes, which a manufacturer's declaration of conformity may cover instead of an NB certificate. */
    public boolean allowsSelfDeclaration() {
        return this == I || this == A;
    }
}
