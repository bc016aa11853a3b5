package io.vigie.alerting.evaluation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A patient's open alerts by slot (one per rule, or per rule and device), and the recently resolved ones. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class PatientAlerts {

    static final int RESOLVED_KEPT = 20;

    public Map<String, OpenAlert> open = new LinkedHashMap<>();
    public List<OpenAlert> resolved = new ArrayList<>();

    OpenAlert byId(UUID id) {
        for (OpenAlert a : open.values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        for (OpenAlert a : resolved) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        return null;
    }

    String slotOf(OpenAlert a) {
        for (Map.Entry<String, OpenAlert> e : open.entrySet()) {
            if (e.getValue() == a) {
                return e.getKey();
            }
        }
        return null;
    }

    void closed(String slot, OpenAlert a) {
        open.remove(slot);
        resolved.add(0, a);
        while (resolved.size() > RESOLVED_KEPT) {
            resolved.remove(resolved.size() - 1);
        }
    }
}
