package io.vigie.alerting.evaluation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.alerting.rules.Rule;
import io.vigie.events.patient.CarePlanV1;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What changes seldom about a patient: their care plan, clinicians' rule overrides, silences, rules found broken,
 * inputs waiting for the plan, and the deadlines set for them (escalations, missed measurements, silent devices...).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class PatientRecord {

    /** A clinician's override of one rule. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Override {
        public Boolean enabled;
        public Map<String, Double> params;
        public String by;
        public Instant at;
    }

    /** A silence of one rule, until a time. */
    public static final class SilenceEntry {
        public UUID id;
        public String ruleKey;
        public String reason;
        public Instant until;
        public String by;
        public Instant at;
    }

    /** An input received before the care plan: its topic and record, judged when the plan arrives. */
    public static final class Pending {
        public String topic;
        public String value;
        public long receivedAt;
        public long measuredAt;
    }

    public String tenantId;
    public CarePlanV1 plan;
    public Instant erasedAt;
    public Map<String, Override> overrides = new LinkedHashMap<>();
    public Map<UUID, SilenceEntry> silences = new LinkedHashMap<>();
    public List<Pending> pending = new ArrayList<>();
    /** Rules whose override cannot be applied: disabled for this patient alone (a technical alert says so). */
    public TreeSet<String> broken = new TreeSet<>();
    /** Deadline id → due time (epoch ms); each also indexed in the deadlines store. */
    public Map<String, Long> deadlines = new TreeMap<>();

    /** Effective rules, computed when the plan or an override changes or the day changes; not stored. */
    @JsonIgnore
    transient List<Rule> rules;
    @JsonIgnore
    transient LocalDate rulesDay;
    /** The codes each of {@link #rules} reads, in the same order (computed with them). */
    @JsonIgnore
    transient List<java.util.Set<String>> ruleCodes;

    boolean erased() {
        return erasedAt != null;
    }

    void forgetRules() {
        rules = null;
        rulesDay = null;
        ruleCodes = null;
    }
}
