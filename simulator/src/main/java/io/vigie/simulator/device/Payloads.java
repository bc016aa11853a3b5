package io.vigie.simulator.device;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Vigie's canonical device JSON (events/src/main/resources/schemas), written by hand: no mapper on the hot path. */
public final class Payloads {

    private Payloads() {
    }

    /** One reading: a value with its UCUM unit, or a blood-pressure panel ({@code systolic/diastolic} in mm[Hg]). */
    public record Reading(String id, String code, double value, String unit, Instant ts, double[] bp) {

        public static Reading value(String id, String code, double value, String unit, Instant ts) {
            return new Reading(id, code, value, unit, ts, null);
        }

        public static Reading bloodPressure(String id, double systolic, double diastolic, Instant ts) {
            return new Reading(id, "85354-9", Double.NaN, null, ts, new double[] {systolic, diastolic});
        }

        String json() {
            if (bp != null) {
                return "{\"id\":\"" + id + "\",\"code\":\"85354-9\",\"ts\":\"" + ts + "\",\"components\":[{\"code\":\"8480-6\",\"value\":"
                        + number(bp[0]) + ",\"unit\":\"mm[Hg]\"},{\"code\":\"8462-4\",\"value\":" + number(bp[1]) + ",\"unit\":\"mm[Hg]\"}]}";
            }
            return "{\"id\":\"" + id + "\",\"code\":\"" + code + "\",\"value\":" + number(value) + ",\"unit\":\"" + unit + "\",\"ts\":\"" + ts + "\"}";
        }
    }

    /** A batch of readings with the device's message sequence number. */
    public static String readings(long seq, List<Reading> readings) {
        StringBuilder b = new StringBuilder(64 + readings.size() * 96).append("{\"seq\":").append(seq).append(",\"readings\":[");
        for (int i = 0; i < readings.size(); i++) {
            b.append(i == 0 ? "" : ",").append(readings.get(i).json());
        }
        return b.append("]}").toString();
    }

    /** A device event (bed-exit, heartbeat, arrhythmia…), with an optional detail object written as JSON. */
    public static String event(String id, String event, Instant ts, String detailJson) {
        return "{\"id\":\"" + id + "\",\"event\":\"" + event + "\",\"ts\":\"" + ts + "\"" + (detailJson == null ? "" : ",\"detail\":" + detailJson) + "}";
    }

    public static String readingsTopic(Object deviceId) {
        return "vigie/v1/devices/" + deviceId + "/readings";
    }

    public static String eventsTopic(Object deviceId) {
        return "vigie/v1/devices/" + deviceId + "/events";
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
