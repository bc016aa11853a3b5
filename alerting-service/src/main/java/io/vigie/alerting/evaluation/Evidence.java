package io.vigie.alerting.evaluation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rules of one patient need to know of the past, compact and bounded whatever the history: the latest value
 * of each code (NEWS2 parameters, missed measurements), the current violation streak of each threshold rule and device,
 * the hourly minima of trend codes over their window, heartbeats and sensor inhibitions. Updated at every reading;
 * a reading's cost never depends on how long the patient has been monitored. Times are epoch milliseconds.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Evidence {

    /** A value of a code: when it was measured, the value (or the code value, ACVPU), and whether it is clinical grade. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public static final class Point {
        public long t;
        public double v;
        public String c;
        public boolean g;

        public Point() {
        }

        Point(long t, double v, String c, boolean g) {
            this.t = t;
            this.v = v;
            this.c = c;
            this.g = g;
        }
    }

    /** Consecutive violations of a threshold rule by one device: first and last sample, how many, any clinical grade. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public static final class Streak {
        public long first;
        public long last;
        public int n;
        public boolean g;
    }

    /** The lowest value of a code in one hour (trend references). */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public static final class Bucket {
        public long hour;
        public double min;
        public long t;
        public boolean g;
    }

    /** A sensor reported disconnected: its threshold alerts are held until it sends a valid reading, or 24 h. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static final class Inhibition {
        public long since;
        public long until;
        public int held;
        /** The readings it held (their raw records, the newest 50), re-judged when it lifts. */
        public List<String> readings = new ArrayList<>();
    }

    public Map<String, Point> latest = new HashMap<>();
    public Map<String, Streak> streaks = new HashMap<>();
    public Map<String, List<Bucket>> trends = new HashMap<>();
    public Map<String, Long> heartbeats = new HashMap<>();
    public Map<String, Inhibition> inhibitions = new HashMap<>();
}
