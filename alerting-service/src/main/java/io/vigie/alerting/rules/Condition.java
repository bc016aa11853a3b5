package io.vigie.alerting.rules;

/** One limit on one code: {@code code op limit}, e.g. 8480-6 GE 180. */
public record Condition(String code, Operator op, double limit) {

    public enum Operator {
        LT("<"), LE("≤"), GT(">"), GE("≥");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    public boolean violatedBy(double value) {
        return switch (op) {
            case LT -> value < limit;
            case LE -> value <= limit;
            case GT -> value > limit;
            case GE -> value >= limit;
        };
    }

    public String describe() {
        return code + " " + op.symbol + " " + (limit == Math.rint(limit) ? String.valueOf((long) limit) : String.valueOf(limit));
    }

    public Condition withLimit(double newLimit) {
        return new Condition(code, op, newLimit);
    }
}
