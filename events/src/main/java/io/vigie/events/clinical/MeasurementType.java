package io.vigie.events.clinical;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Measurement types Vigie accepts, exactly as in the clinical reference (CLINICAL.md): LOINC code of the
 * canonical form, canonical UCUM unit, accepted units (converted by {@link Ucum}) and the plausible range
 * outside which a reading is rejected as invalid.
 */
public enum MeasurementType {
    HEART_RATE("8867-4", "/min", List.of("/min"), 20, 300),
    SPO2("2708-6", "%", List.of("%"), 50, 100, "59408-5"),
    SYSTOLIC_BP("8480-6", "mm[Hg]", List.of("mm[Hg]"), 40, 300),
    DIASTOLIC_BP("8462-4", "mm[Hg]", List.of("mm[Hg]"), 20, 200),
    /** Panel of systolic and diastolic components; valid only when systolic > diastolic. */
    BP_PANEL("85354-9", null, List.of(), Double.NaN, Double.NaN),
    BODY_WEIGHT("29463-7", "kg", List.of("kg", "g", "[lb_av]"), 0.5, 500),
    BODY_TEMPERATURE("8310-5", "Cel", List.of("Cel", "[degF]"), 25, 45),
    RESPIRATORY_RATE("9279-1", "/min", List.of("/min"), 0, 80),
    /** Capillary glucose, canonical in mg/dL (41653-7); mmol/L (14743-9) and g/L (French meters) readings are converted. */
    GLUCOSE("41653-7", "mg/dL", List.of("mg/dL", "mmol/L", "g/L"), 10, 1000, "14743-9"),
    STEPS("55423-8", "{steps}", List.of("{steps}"), 0, Double.POSITIVE_INFINITY),
    /** ACVPU: the value is one of the codes A, C, V, P, U. */
    CONSCIOUSNESS("67775-7", null, List.of(), Double.NaN, Double.NaN),
    /** Inspired oxygen flow; a flow above 0 means the patient is on oxygen. */
    INSPIRED_OXYGEN("3151-8", "L/min", List.of("L/min"), 0, Double.POSITIVE_INFINITY);

    /** ACVPU codes of {@link #CONSCIOUSNESS}. */
    public static final Set<String> ACVPU = Set.of("A", "C", "V", "P", "U");

    private final String code;
    private final String canonicalUnit;
    private final List<String> acceptedUnits;
    private final double min;
    private final double max;
    private final List<String> aliases;

    MeasurementType(String code, String canonicalUnit, List<String> acceptedUnits, double min, double max, String... aliases) {
        this.code = code;
        this.canonicalUnit = canonicalUnit;
        this.acceptedUnits = acceptedUnits;
        this.min = min;
        this.max = max;
        this.aliases = List.of(aliases);
    }

    public String code() {
        return code;
    }

    public String canonicalUnit() {
        return canonicalUnit;
    }

    public List<String> acceptedUnits() {
        return acceptedUnits;
    }

    /** Every LOINC code that denotes this measurement (canonical first). */
    public List<String> codes() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(code), aliases.stream()).toList();
    }

    public boolean isNumeric() {
        return canonicalUnit != null;
    }

    /** Inclusive plausible range in the canonical unit. */
    public boolean isPlausible(double canonicalValue) {
        return canonicalValue >= min && canonicalValue <= max;
    }

    public String plausibleRange() {
        return (max == Double.POSITIVE_INFINITY ? "≥ " + fmt(min) : fmt(min) + "–" + fmt(max)) + " " + canonicalUnit;
    }

    /** Unit implied by a code alias (14743-9 is glucose in mmol/L), when the code fixes it. */
    public Optional<String> unitImpliedBy(String loinc) {
        return this == GLUCOSE && "14743-9".equals(loinc) ? Optional.of("mmol/L") : Optional.empty();
    }

    public static Optional<MeasurementType> byCode(String loinc) {
        return Arrays.stream(values()).filter(t -> t.codes().contains(loinc)).findFirst();
    }

    /** Every LOINC code Vigie knows, aliases included. */
    public static Set<String> knownCodes() {
        return Arrays.stream(values()).flatMap(t -> t.codes().stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
