package io.vigie.ingestion.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.events.clinical.MeasurementType;
import io.vigie.events.clinical.Ucum;
import io.vigie.events.reading.ReadingAcceptedV1.Component;
import io.vigie.events.reading.ReadingAcceptedV1.Original;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Validates and normalizes one canonical reading (CLINICAL.md): a code the device's model may send, a unit
 * convertible to the canonical unit, a plausible value, a timestamp not older than the backfill limit, and systolic >
 * diastolic for a blood-pressure panel. A timestamp beyond the allowed clock skew in the future is clamped to the
 * receipt time (the device's stamp kept): a wrong clock never costs a measurement.
 */
public final class ReadingNormalizer {

    /** A valid reading in canonical form. */
    public record Normal(String deviceReadingId, String code, Double value, String valueCode, String unit, List<Component> components,
            Instant measuredAt, Original original, Instant deviceTimestamp) {

        /** True when the device's stamp was beyond the future tolerance and {@code measuredAt} is the receipt time. */
        public boolean clockSkew() {
            return deviceTimestamp != null;
        }
    }

    /** Why a reading is refused: a stable reason code and a message for people (never the value itself). */
    public record Refusal(String deviceReadingId, int index, String code, String reason, String message) {
    }

    /** Either {@code normal} or {@code refusal}. */
    public record Outcome(Normal normal, Refusal refusal) {
    }

    private final Duration maxClockSkew;
    private final Duration backfillLimit;

    public ReadingNormalizer(Duration maxClockSkew, Duration backfillLimit) {
        this.maxClockSkew = maxClockSkew;
        this.backfillLimit = backfillLimit;
    }

    /** Whether a device's stamp is further ahead of {@code now} than the clock skew tolerated (it is then clamped to now). */
    public boolean ahead(Instant stamped, Instant now) {
        return stamped.isAfter(now.plus(maxClockSkew));
    }

    /** Whether a device's stamp is older than the backfill limit. */
    public boolean tooOld(Instant stamped, Instant now) {
        return stamped.isBefore(now.minus(backfillLimit));
    }

    public Outcome normalize(JsonNode r, int index, Collection<String> allowedCodes, Instant now) {
        if (r == null || !r.isObject()) {
            return refuse(null, index, null, "NOT_AN_OBJECT", "a reading must be a JSON object");
        }
        String id = text(r.get("id"));
        String code = text(r.get("code"));
        if (id == null || id.isBlank() || id.length() > 128) {
            return refuse(null, index, code, "MISSING_ID", "\"id\" is required (1 to 128 characters)");
        }
        if (code == null) {
            return refuse(id, index, null, "MISSING_CODE", "\"code\" (LOINC) is required");
        }
        Optional<MeasurementType> type = MeasurementType.byCode(code);
        if (type.isEmpty()) {
            return refuse(id, index, code, "UNKNOWN_CODE", "unknown LOINC code " + safe(code));
        }
        if (!allowedCodes.contains(code) && type.get().codes().stream().noneMatch(allowedCodes::contains)) {
            return refuse(id, index, code, "CODE_NOT_ALLOWED", code + " is not a measurement type of this device's model");
        }
        Instant measuredAt;
        try {
            String ts = text(r.get("ts"));
            if (ts == null) {
                return refuse(id, index, code, "MISSING_TIMESTAMP", "\"ts\" (ISO-8601 date-time with offset) is required");
            }
            measuredAt = OffsetDateTime.parse(ts).toInstant();
        } catch (DateTimeParseException e) {
            return refuse(id, index, code, "BAD_TIMESTAMP", "\"ts\" is not an ISO-8601 date-time with offset");
        }
        // a device clock ahead of ours must not cost a measurement: kept, at the time we received it, flagged
        Instant deviceTimestamp = null;
        if (ahead(measuredAt, now)) {
            deviceTimestamp = measuredAt;
            measuredAt = now;
        }
        if (tooOld(measuredAt, now)) {
            return refuse(id, index, code, "TIMESTAMP_TOO_OLD", "\"ts\" is older than the backfill limit of " + backfillLimit.toDays() + " days");
        }
        MeasurementType t = type.get();
        if (t == MeasurementType.BP_PANEL) {
            return panel(r, id, index, code, measuredAt, deviceTimestamp);
        }
        if (t == MeasurementType.CONSCIOUSNESS) {
            String v = text(r.get("value"));
            if (v == null || !MeasurementType.ACVPU.contains(v)) {
                return refuse(id, index, code, "INVALID_CODE_VALUE", "consciousness must be one of A, C, V, P, U");
            }
            return new Outcome(new Normal(id, t.code(), null, v, null, null, measuredAt, null, deviceTimestamp), null);
        }
        JsonNode valueNode = r.get("value");
        if (valueNode == null || valueNode.isNull()) {
            return refuse(id, index, code, "MISSING_VALUE", "\"value\" is required");
        }
        if (!valueNode.isNumber() || !Double.isFinite(valueNode.asDouble())) {
            return refuse(id, index, code, "NOT_A_NUMBER", "\"value\" must be a number");
        }
        String unit = text(r.get("unit"));
        if (unit == null) {
            unit = t.unitImpliedBy(code).orElse(null);
        }
        if (unit == null) {
            return refuse(id, index, code, "MISSING_UNIT", "\"unit\" is required: " + code + " accepts " + t.acceptedUnits());
        }
        OptionalDouble canonical = Ucum.toCanonical(t, valueNode.asDouble(), unit);
        if (canonical.isEmpty()) {
            return refuse(id, index, code, "UNIT_NOT_CONVERTIBLE", safe(unit) + " cannot be converted: " + code + " accepts " + t.acceptedUnits());
        }
        double value = canonical.getAsDouble();
        if (!t.isPlausible(value)) {
            return refuse(id, index, code, "OUT_OF_RANGE", "implausible value for " + t.code() + " (plausible: " + t.plausibleRange() + ")");
        }
        boolean converted = !unit.equals(t.canonicalUnit()) || !code.equals(t.code());
        Original original = converted ? new Original(code, valueNode.asDouble(), unit) : null;
        return new Outcome(new Normal(id, t.code(), round(value), null, t.canonicalUnit(), null, measuredAt, original, deviceTimestamp), null);
    }

    private Outcome panel(JsonNode r, String id, int index, String code, Instant measuredAt, Instant deviceTimestamp) {
        JsonNode comps = r.get("components");
        if (comps == null || !comps.isArray() || comps.size() != 2) {
            return refuse(id, index, code, "BAD_COMPONENTS", "a 85354-9 panel needs two components: 8480-6 and 8462-4");
        }
        Double systolic = null;
        Double diastolic = null;
        List<Component> out = new ArrayList<>();
        for (JsonNode c : comps) {
            String cc = c == null ? null : text(c.get("code"));
            JsonNode v = c == null ? null : c.get("value");
            String unit = c == null ? null : text(c.get("unit"));
            MeasurementType ct = "8480-6".equals(cc) ? MeasurementType.SYSTOLIC_BP : "8462-4".equals(cc) ? MeasurementType.DIASTOLIC_BP : null;
            if (ct == null || v == null || !v.isNumber()) {
                return refuse(id, index, code, "BAD_COMPONENTS", "components must be 8480-6 and 8462-4 with numeric values");
            }
            OptionalDouble canonical = Ucum.toCanonical(ct, v.asDouble(), unit == null ? ct.canonicalUnit() : unit);
            if (canonical.isEmpty()) {
                return refuse(id, index, code, "UNIT_NOT_CONVERTIBLE", "blood pressure is in mm[Hg]");
            }
            if (!ct.isPlausible(canonical.getAsDouble())) {
                return refuse(id, index, code, "OUT_OF_RANGE", "implausible value for " + ct.code() + " (plausible: " + ct.plausibleRange() + ")");
            }
            if (ct == MeasurementType.SYSTOLIC_BP) {
                systolic = canonical.getAsDouble();
            } else {
                diastolic = canonical.getAsDouble();
            }
            out.add(new Component(ct.code(), round(canonical.getAsDouble()), ct.canonicalUnit()));
        }
        if (systolic == null || diastolic == null) {
            return refuse(id, index, code, "BAD_COMPONENTS", "a 85354-9 panel needs one systolic (8480-6) and one diastolic (8462-4)");
        }
        if (systolic <= diastolic) {
            return refuse(id, index, code, "SYSTOLIC_NOT_ABOVE_DIASTOLIC", "systolic must be greater than diastolic");
        }
        out.sort((a, b) -> a.code().equals(MeasurementType.SYSTOLIC_BP.code()) ? -1 : b.code().equals(MeasurementType.SYSTOLIC_BP.code()) ? 1 : 0);
        return new Outcome(new Normal(id, MeasurementType.BP_PANEL.code(), null, null, null, List.copyOf(out), measuredAt, null, deviceTimestamp), null);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    /** A code or unit as sent, cut short and reduced to printable characters, for messages. */
    private static String safe(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 24 ? printable.substring(0, 24) + "…" : printable;
    }

    private static Outcome refuse(String id, int index, String code, String reason, String message) {
        return new Outcome(null, new Refusal(id, index, code == null ? null : safe(code), reason, message));
    }
}
