package io.vigie.ingestion.store;

import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Uni;
import io.vigie.events.clinical.MeasurementType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.bson.Document;

/**
 * Read side of the telemetry store, with only what both real MongoDB and the stand-in support: range queries,
 * {@code $group} with {@code $min/$max/$avg/$sum}, and buckets computed by date arithmetic (no {@code $dateTrunc}).
 * The two blood-pressure components are queried inside their panel ({@code cv.<code>}).
 */
@ApplicationScoped
public class TelemetryQueries {

    /**
     * One stored reading as the API shows it. {@code clockSkew}: the device's clock was ahead beyond the tolerance, so
     * {@code ts} is the time Vigie received it ({@code deviceTs} what the device stamped).
     */
    public record Reading(String id, String code, Double value, String valueCode, String unit, List<Map<String, Object>> components,
            Instant ts, Instant receivedAt, boolean clinicalGrade, List<String> clinicalGradeReasons, boolean late, String deviceId,
            boolean clockSkew, Instant deviceTs) {
    }

    /** One downsampling bucket: [start, start + bucket). */
    public record Bucket(Instant start, double min, double max, double avg, long count) {
    }

    private final ReadingStore store;

    public TelemetryQueries(ReadingStore store) {
        this.store = store;
    }

    /** Hospital of a patient as recorded on their readings, when the patient directory does not know them. */
    public Uni<Optional<String>> tenantOfPatient(UUID patientId) {
        return store.prepare().chain(() -> store.collection(ReadingStore.READINGS)
                .find(new Document("patientId", patientId.toString()), new FindOptions().limit(1).projection(new Document("tenantId", 1)))
                .collect().first().map(d -> Optional.ofNullable(d == null ? null : d.getString("tenantId"))));
    }

    public Uni<List<Reading>> range(UUID patientId, String code, Instant from, Instant to, int offset, int limit) {
        return store.prepare().chain(() -> store.collection(ReadingStore.READINGS)
                .find(filter(patientId, code, from, to), new FindOptions().sort(new Document("ts", -1).append("_id", 1)).skip(offset).limit(limit))
                .map(TelemetryQueries::reading).collect().asList());
    }

    public Uni<Long> count(UUID patientId, String code, Instant from, Instant to) {
        return store.prepare().chain(() -> store.collection(ReadingStore.READINGS).countDocuments(filter(patientId, code, from, to)));
    }

    public Uni<Long> quarantined(UUID patientId) {
        return store.prepare().chain(() -> store.collection(ReadingStore.QUARANTINE).countDocuments(new Document("patientId", patientId.toString())));
    }

    /** min/max/avg/count per bucket of {@code bucket} length, aligned on the epoch. */
    public Uni<List<Bucket>> series(UUID patientId, String code, Instant from, Instant to, Duration bucket) {
        long ms = bucket.toMillis();
        String field = valueField(code);
        Document start = new Document("$subtract", List.of("$ts", new Document("$mod", List.of(new Document("$subtract", List.of("$ts", new Date(0))), ms))));
        List<Document> pipeline = List.of(
                new Document("$match", filter(patientId, code, from, to)),
                new Document("$group", new Document("_id", start).append("min", new Document("$min", "$" + field))
                        .append("max", new Document("$max", "$" + field)).append("avg", new Document("$avg", "$" + field))
                        .append("count", new Document("$sum", 1))),
                new Document("$sort", new Document("_id", 1)));
        return store.prepare().chain(() -> store.collection(ReadingStore.READINGS).aggregate(pipeline)
                .map(d -> new Bucket(((Date) d.get("_id")).toInstant(), number(d.get("min")), number(d.get("max")), number(d.get("avg")),
                        ((Number) d.get("count")).longValue()))
                .collect().asList());
    }

    /** The most recent reading of each code for a patient ("last vitals"). */
    public Uni<List<Reading>> latest(UUID patientId) {
        List<Document> pipeline = List.of(
                new Document("$match", new Document("patientId", patientId.toString())),
                new Document("$sort", new Document("ts", -1)),
                new Document("$group", new Document("_id", "$code").append("id", new Document("$first", "$_id"))));
        return store.prepare().chain(() -> store.collection(ReadingStore.READINGS).aggregate(pipeline)
                .map(d -> d.get("id")).collect().asList()
                .chain(ids -> store.collection(ReadingStore.READINGS).find(new Document("_id", new Document("$in", ids)))
                        .map(TelemetryQueries::reading).collect().asList())
                .map(list -> {
                    Map<String, Reading> byCode = new TreeMap<>();
                    list.forEach(r -> byCode.put(r.code(), r));
                    return new ArrayList<>(byCode.values());
                }));
    }

    private static Document filter(UUID patientId, String code, Instant from, Instant to) {
        Document f = new Document("patientId", patientId.toString());
        if (code != null) {
            if (isComponent(code)) {
                f.append("code", MeasurementType.BP_PANEL.code()).append("cv." + code, new Document("$exists", true));
            } else {
                f.append("code", code);
            }
        }
        Document ts = new Document();
        if (from != null) {
            ts.append("$gte", Date.from(from));
        }
        if (to != null) {
            ts.append("$lt", Date.from(to));
        }
        if (!ts.isEmpty()) {
            f.append("ts", ts);
        }
        return f;
    }

    private static boolean isComponent(String code) {
        return MeasurementType.SYSTOLIC_BP.code().equals(code) || MeasurementType.DIASTOLIC_BP.code().equals(code);
    }

    private static String valueField(String code) {
        return isComponent(code) ? "cv." + code : "value";
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    static Reading reading(Document d) {
        List<Map<String, Object>> comps = d.get("components") == null ? null
                : ((List<Document>) d.get("components")).stream().map(c -> (Map<String, Object>) new java.util.LinkedHashMap<String, Object>(c)).toList();
        return new Reading(d.getString("_id"), d.getString("code"), d.get("value") == null ? null : ((Number) d.get("value")).doubleValue(),
                d.getString("valueCode"), d.getString("unit"), comps, ((Date) d.get("ts")).toInstant(),
                d.get("receivedAt") == null ? null : ((Date) d.get("receivedAt")).toInstant(), Boolean.TRUE.equals(d.getBoolean("clinicalGrade")),
                (List<String>) d.get("clinicalGradeReasons"), Boolean.TRUE.equals(d.getBoolean("late")), d.getString("deviceId"),
                Boolean.TRUE.equals(d.getBoolean("clockSkew")), d.get("deviceTs") == null ? null : ((Date) d.get("deviceTs")).toInstant());
    }
}
