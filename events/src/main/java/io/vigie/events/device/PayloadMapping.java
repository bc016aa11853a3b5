package io.vigie.events.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.events.clinical.MeasurementType;
import io.vigie.events.clinical.Ucum;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How to read a vendor payload (format {@code json-pointer/v1}): RFC 6901 JSON pointers to the fields of each
 * reading. {@code items} points at an array whose elements are one reading occasion each (absent: the whole
 * payload is one); {@code id}, {@code timestamp} and the readings' {@code value} are relative to an item,
 * {@code seq} to the payload. Units are fixed per field (the vendor's unit) and converted by ingestion.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PayloadMapping(String format, String items, String id, String timestamp, TimestampFormat timestampFormat,
        String seq, List<Field> readings) {

    public static final String FORMAT = "json-pointer/v1";

    public enum TimestampFormat {
        ISO8601, EPOCH_SECONDS, EPOCH_MILLIS
    }

    /** One measurement: a code and a pointer to its value, or a panel code with components (blood pressure). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(String code, String value, String unit, List<Field> components) {
    }

    /**
     * What is wrong with this mapping for a model allowed to send {@code allowedCodes}: field path and message,
     * empty when valid. Codes and units are checked here, when the mapping is saved, not at each reading.
     */
    public List<String[]> problems(Set<String> allowedCodes) {
        List<String[]> out = new ArrayList<>();
        if (!FORMAT.equals(format)) {
            out.add(new String[] {"format", "must be " + FORMAT});
        }
        pointer(out, "items", items, false);
        pointer(out, "id", id, true);
        pointer(out, "timestamp", timestamp, true);
        pointer(out, "seq", seq, false);
        if (timestampFormat == null) {
            out.add(new String[] {"timestampFormat", "required: ISO8601, EPOCH_SECONDS or EPOCH_MILLIS"});
        }
        if (readings == null || readings.isEmpty()) {
            out.add(new String[] {"readings", "at least one reading field is required"});
        } else {
            for (int i = 0; i < readings.size(); i++) {
                field(out, "readings[" + i + "]", readings.get(i), allowedCodes, true);
            }
        }
        return out;
    }

    private static void field(List<String[]> out, String path, Field f, Set<String> allowedCodes, boolean topLevel) {
        if (f == null || f.code() == null) {
            out.add(new String[] {path + ".code", "required"});
            return;
        }
        Optional<MeasurementType> type = MeasurementType.byCode(f.code());
        if (type.isEmpty()) {
            out.add(new String[] {path + ".code", "unknown LOINC code " + f.code()});
            return;
        }
        if (topLevel && !allowedCodes.contains(f.code())) {
            out.add(new String[] {path + ".code", f.code() + " is not a measurement type of this model"});
        }
        if (type.get() == MeasurementType.BP_PANEL) {
            if (f.components() == null || f.components().size() != 2
                    || f.components().stream().noneMatch(c -> c != null && "8480-6".equals(c.code()))
                    || f.components().stream().noneMatch(c -> c != null && "8462-4".equals(c.code()))) {
                out.add(new String[] {path + ".components", "a 85354-9 panel needs components 8480-6 and 8462-4"});
                return;
            }
            for (int i = 0; i < f.components().size(); i++) {
                field(out, path + ".components[" + i + "]", f.components().get(i), allowedCodes, false);
            }
            return;
        }
        pointer(out, path + ".value", f.value(), true);
        if (type.get().isNumeric()) {
            String unit = f.unit() != null ? f.unit() : type.get().unitImpliedBy(f.code()).orElse(null);
            if (unit == null || !Ucum.isConvertible(type.get(), unit)) {
                out.add(new String[] {path + ".unit", (unit == null ? "required" : unit + " cannot be converted")
                        + ": " + f.code() + " accepts " + type.get().acceptedUnits()});
            }
        }
    }

    private static void pointer(List<String[]> out, String field, String p, boolean required) {
        if (p == null) {
            if (required) {
                out.add(new String[] {field, "required (a JSON pointer such as /value)"});
            }
        } else if (!p.isEmpty() && !p.startsWith("/")) {
            out.add(new String[] {field, "must be a JSON pointer: empty or starting with /"});
        }
    }
}
