package io.vigie.alerting.evaluation;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which measurement codes a device's sensor produces, from the name a sensor-disconnected event gives it. */
final class Sensors {

    private static final Set<String> BP = Set.of("85354-9", "8480-6", "8462-4");

    private static final Map<String, Set<String>> BY_NAME = Map.ofEntries(
            Map.entry("bp", BP), Map.entry("blood-pressure", BP), Map.entry("cuff", BP),
            Map.entry("spo2", Set.of("2708-6")), Map.entry("oximeter", Set.of("2708-6")), Map.entry("pulse-oximeter", Set.of("2708-6")),
            Map.entry("hr", Set.of("8867-4")), Map.entry("heart-rate", Set.of("8867-4")), Map.entry("pulse", Set.of("8867-4")),
            Map.entry("ecg", Set.of("8867-4")),
            Map.entry("rr", Set.of("9279-1")), Map.entry("respiration", Set.of("9279-1")), Map.entry("respiratory-rate", Set.of("9279-1")),
            Map.entry("temperature", Set.of("8310-5")), Map.entry("temp", Set.of("8310-5")),
            Map.entry("glucose", Set.of("41653-7")), Map.entry("weight", Set.of("29463-7")), Map.entry("scale", Set.of("29463-7")));

    private Sensors() {
    }

    /** The codes of {@code sensor} (a name, or a LOINC code itself); null: unknown or not named, the whole device. */
    static Set<String> codes(Object sensor) {
        if (!(sensor instanceof String s) || s.isBlank()) {
            return null;
        }
        String name = s.strip().toLowerCase(Locale.ROOT);
        if (name.matches("[0-9]{1,7}-[0-9]")) {
            return name.equals("85354-9") ? BP : Set.of(name);
        }
        return BY_NAME.get(name);
    }

    /** The key of an inhibition: the device and the sensor's name ({@code *}: the whole device). */
    static String key(String deviceId, Object sensor) {
        Set<String> codes = codes(sensor);
        return deviceId + "|" + (codes == null ? "*" : String.join(",", new java.util.TreeSet<>(codes)));
    }

    /** Whether an inhibition key holds readings of {@code code} from {@code deviceId}. */
    static boolean holds(String key, String deviceId, Set<String> carried) {
        int bar = key.indexOf('|');
        if (!key.substring(0, bar).equals(deviceId)) {
            return false;
        }
        String codes = key.substring(bar + 1);
        if (codes.equals("*")) {
            return true;
        }
        for (String c : codes.split(",")) {
            if (carried.contains(c)) {
                return true;
            }
        }
        return false;
    }
}
