package io.vigie.events.clinical;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/** The UCUM unit conversions Vigie needs to reach canonical units (CLINICAL.md). */
public final class Ucum {

    /** 1 mmol/L of glucose = 18.016 mg/dL. */
    public static final double GLUCOSE_MG_DL_PER_MMOL_L = 18.016;
    public static final double KG_PER_LB = 0.45359237;
    /** French meters display glucose in g/L: 1 g/L = 100 mg/dL. */
    public static final double GLUCOSE_MG_DL_PER_G_L = 100.0;

    private static final Map<String, DoubleUnaryOperator> TO_CANONICAL = Map.of(
            "g->kg", v -> v / 1000.0,
            "[lb_av]->kg", v -> v * KG_PER_LB,
            "[degF]->Cel", v -> (v - 32.0) * 5.0 / 9.0,
            "mmol/L->mg/dL", v -> v * GLUCOSE_MG_DL_PER_MMOL_L,
            "g/L->mg/dL", v -> v * GLUCOSE_MG_DL_PER_G_L);

    private Ucum() {
    }

    /** {@code value} in {@code unit} expressed in the canonical unit of {@code type}; empty if not convertible. */
    public static OptionalDouble toCanonical(MeasurementType type, double value, String unit) {
        if (!type.isNumeric() || unit == null) {
            return OptionalDouble.empty();
        }
        if (unit.equals(type.canonicalUnit())) {
            return OptionalDouble.of(value);
        }
        DoubleUnaryOperator f = TO_CANONICAL.get(unit + "->" + type.canonicalUnit());
        return f == null ? OptionalDouble.empty() : OptionalDouble.of(f.applyAsDouble(value));
    }

    public static boolean isConvertible(MeasurementType type, String unit) {
        return toCanonical(type, 1.0, unit).isPresent();
    }
}
