package io.vigie.alerting.evaluation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.alerting.rules.Priority;
import io.vigie.alerting.rules.RuleKind;
import java.time.Instant;
import java.util.UUID;

/** An alert as its patient's evaluator keeps it (open, or recently resolved for comments). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class OpenAlert {

    public enum Status {
        OPEN, ACKNOWLEDGED, RESOLVED
    }

    public UUID id;
    public String alertKey;
    public String ruleKey;
    public RuleKind kind;
    public String title;
    public Priority priority;
    public Status status;
    public boolean late;
    public boolean clinicalGrade;
    public String lastValue;
    public String detail;
    public int count;
    public UUID deviceId;
    public Instant firstMeasuredAt;
    public Instant lastMeasuredAt;
    public Instant raisedAt;
    public Instant updatedAt;
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    public String assignedTo;
    public Instant resolvedAt;
    public String resolvedBy;
    public Boolean actionable;
    public String resolutionNote;
    public int escalationLevel;
    public Instant escalationDueAt;
    public long revision;
    public boolean technical;
    public boolean conditionCleared;
    public int inhibited;
    /** Hysteresis: clear readings in a row since the condition last held, and since when. */
    public int clearCount;
    public Instant clearSince;
    /** The NEWS2 band of the last verdict (worsening to HIGH re-signals). */
    public String band;

    public boolean open() {
        return status != Status.RESOLVED;
    }
}
