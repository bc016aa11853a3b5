package io.vigie.ingestion.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.TimeSeriesGranularity;
import com.mongodb.client.model.TimeSeriesOptions;
import io.quarkus.logging.Log;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.smallrye.mutiny.Uni;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.ingestion.config.IngestionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Readings in MongoDB, one document per reading, {@code _id} = readingId. In a regular collection the unique
 * {@code _id} makes every write idempotent (a duplicate-key error 11000 is a resend, counted, not a failure).
 * A time-series collection (MongoDB 5+, {@code vigie.ingestion.store.time-series=auto}) cannot enforce unique
 * ids, so there the ids of a batch are looked up before inserting; the same partition always carries the same
 * reading, so no two writers race on it.
 */
@ApplicationScoped
public class ReadingStore {

    public static final String READINGS = "readings";
    public static final String QUARANTINE = "readings_quarantine";
    /** Patients whose data was erased (GDPR): {@code _id} = patientId. Readings of theirs still in flight are dropped. */
    public static final String ERASED = "erased_patients";

    /** Outcome of a batch: newly stored and already present. */
    public record Written(int inserted, int duplicates) {
        Written plus(Written o) {
            return new Written(inserted + o.inserted, duplicates + o.duplicates);
        }
    }

    private final ReactiveMongoClient mongo;
    private final String database;
    private final IngestionConfig config;
    private final AtomicReference<Uni<Boolean>> prepared = new AtomicReference<>();

    public ReadingStore(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database, IngestionConfig config) {
        this.mongo = mongo;
        this.database = database;
        this.config = config;
    }

    public ReactiveMongoCollection<Document> collection(String name) {
        return db().getCollection(name);
    }

    private ReactiveMongoDatabase db() {
        return mongo.getDatabase(database);
    }

    /** Creates collections and indexes once (memoized; retried on the next call after a failure). */
    public Uni<Boolean> prepare() {
        Uni<Boolean> p = prepared.get();
        if (p == null) {
            Uni<Boolean> created = timeSeriesSupported().chain(ts -> createIfMissing(READINGS, ts).chain(() -> createIfMissing(QUARANTINE, false))
                    .chain(() -> indexes(READINGS)).chain(() -> indexes(QUARANTINE)).replaceWith(ts))
                    .invoke(ts -> Log.infof("telemetry store ready: %s collection", ts ? "time-series" : "regular"))
                    .onFailure().invoke(e -> prepared.set(null))
                    .memoize().indefinitely();
            prepared.compareAndSet(null, created);
            p = prepared.get();
        }
        return p;
    }

    private Uni<Boolean> timeSeriesSupported() {
        if ("off".equalsIgnoreCase(config.store().timeSeries())) {
            return Uni.createFrom().item(false);
        }
        return db().runCommand(new Document("buildInfo", 1)).map(info -> {
            Object versions = info.get("versionArray");
            int major = versions instanceof List<?> l && !l.isEmpty() ? ((Number) l.get(0)).intValue() : 0;
            return major >= 5;
        }).onFailure().recoverWithItem(false);
    }

    private Uni<Void> createIfMissing(String name, boolean timeSeries) {
        return db().listCollectionNames().collect().asList().chain(names -> {
            if (names.contains(name)) {
                return Uni.createFrom().voidItem();
            }
            CreateCollectionOptions o = new CreateCollectionOptions();
            if (timeSeries) {
                o.timeSeriesOptions(new TimeSeriesOptions("ts").granularity(TimeSeriesGranularity.MINUTES));
            }
            return db().createCollection(name, o).onFailure().recoverWithNull().replaceWithVoid(); // created meanwhile by another instance
        });
    }

    private Uni<Void> indexes(String name) {
        ReactiveMongoCollection<Document> c = collection(name);
        return c.createIndex(Indexes.ascending("patientId", "code", "ts"), new IndexOptions().name("patient_code_ts"))
                .chain(() -> c.createIndex(Indexes.ascending("deviceId", "ts"), new IndexOptions().name("device_ts")))
                .chain(() -> c.createIndex(Indexes.ascending("ts"), new IndexOptions().name("ts")))
                .replaceWithVoid();
    }

    /** Writes accepted and quarantined readings; idempotent by readingId. */
    public Uni<Written> write(List<ReadingAcceptedV1> readings) {
        List<Document> main = new ArrayList<>();
        List<Document> quarantine = new ArrayList<>();
        for (ReadingAcceptedV1 r : readings) {
            (r.quarantine() == null ? main : quarantine).add(toDocument(r));
        }
        return prepare().chain(timeSeries -> insert(READINGS, main, timeSeries)
                .chain(w -> insert(QUARANTINE, quarantine, false).map(w::plus)))
                .call(() -> dropErased(readings));
    }

    /**
     * Removes, after the insert, readings of this batch whose patient was erased meanwhile. Erasure writes its marker
     * before deleting: a batch checked before the marker was inserted before the deletion, which removes it.
     */
    private Uni<Void> dropErased(List<ReadingAcceptedV1> readings) {
        List<String> patients = readings.stream().flatMap(r -> java.util.stream.Stream.of(r.patientId(), r.candidatePatientId()))
                .filter(java.util.Objects::nonNull).map(UUID::toString).distinct().toList();
        if (patients.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return collection(ERASED).find(new Document("_id", new Document("$in", patients))).map(d -> d.getString("_id")).collect().asList()
                .chain(erased -> {
                    if (erased.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Bson theirs = new Document("patientId", new Document("$in", erased));
                    Bson theirsOrCandidate = new Document("$or", List.of(theirs, new Document("candidatePatientId", new Document("$in", erased))));
                    return collection(READINGS).deleteMany(theirs).chain(() -> collection(QUARANTINE).deleteMany(theirsOrCandidate)).replaceWithVoid();
                });
    }

    private Uni<Written> insert(String name, List<Document> docs, boolean timeSeries) {
        if (docs.isEmpty()) {
            return Uni.createFrom().item(new Written(0, 0));
        }
        Map<Object, Document> unique = new LinkedHashMap<>();
        docs.forEach(d -> unique.putIfAbsent(d.get("_id"), d)); // the same reading twice in one batch
        int inBatch = docs.size() - unique.size();
        ReactiveMongoCollection<Document> c = collection(name);
        Uni<List<Document>> toInsert = !timeSeries ? Uni.createFrom().item(new ArrayList<>(unique.values()))
                : c.find(new Document("_id", new Document("$in", new ArrayList<>(unique.keySet()))),
                        new io.quarkus.mongodb.FindOptions().projection(new Document("_id", 1))).map(d -> d.get("_id")).collect().asSet()
                        .map(existing -> unique.values().stream().filter(d -> !existing.contains(d.get("_id"))).toList());
        return toInsert.chain(list -> {
            int skipped = unique.size() - list.size();
            if (list.isEmpty()) {
                return Uni.createFrom().item(new Written(0, skipped + inBatch));
            }
            return c.insertMany(list, new InsertManyOptions().ordered(false))
                    .map(r -> new Written(list.size(), skipped + inBatch))
                    .onFailure(MongoBulkWriteException.class).recoverWithUni(e -> {
                        MongoBulkWriteException bulk = (MongoBulkWriteException) e;
                        long dup = bulk.getWriteErrors().stream().filter(w -> w.getCode() == 11000).count();
                        if (dup < bulk.getWriteErrors().size()) {
                            return Uni.createFrom().failure(e); // not only duplicates: retry the batch
                        }
                        return Uni.createFrom().item(new Written(list.size() - (int) dup, skipped + inBatch + (int) dup));
                    });
        });
    }

    static Document toDocument(ReadingAcceptedV1 r) {
        Document d = new Document("_id", r.readingId().toString())
                .append("tenantId", r.tenantId())
                .append("patientId", r.patientId() == null ? null : r.patientId().toString())
                .append("deviceId", r.deviceId().toString())
                .append("deviceKind", r.deviceKind() == null ? null : r.deviceKind().name())
                .append("deviceReadingId", r.deviceReadingId())
                .append("code", r.code())
                .append("ts", Date.from(r.measuredAt()))
                .append("receivedAt", Date.from(r.receivedAt()))
                .append("clinicalGrade", r.clinicalGrade())
                .append("late", r.late())
                .append("via", r.via());
        if (r.value() != null) {
            d.append("value", r.value()).append("unit", r.unit());
        }
        if (r.valueCode() != null) {
            d.append("valueCode", r.valueCode());
        }
        if (r.components() != null) {
            Document cv = new Document();
            List<Document> comps = new ArrayList<>();
            for (ReadingAcceptedV1.Component c : r.components()) {
                cv.append(c.code(), c.value());
                comps.add(new Document("code", c.code()).append("value", c.value()).append("unit", c.unit()));
            }
            d.append("components", comps).append("cv", cv);
        }
        if (r.clinicalGradeReasons() != null && !r.clinicalGradeReasons().isEmpty()) {
            d.append("clinicalGradeReasons", r.clinicalGradeReasons());
        }
        if (r.original() != null) {
            d.append("original", new Document("code", r.original().code()).append("value", r.original().value()).append("unit", r.original().unit()));
        }
        if (r.seq() != null) {
            d.append("seq", r.seq());
        }
        if (r.skewed()) {
            d.append("clockSkew", true).append("deviceTs", Date.from(r.deviceTimestamp()));
        }
        if (r.quarantine() != null) {
            d.append("quarantine", r.quarantine());
        }
        if (r.candidatePatientId() != null) {
            d.append("candidatePatientId", r.candidatePatientId().toString());
        }
        return d;
    }

    /** The reading a stored document holds, as it was accepted (the inverse of {@link #toDocument}; envelope fresh). */
    @SuppressWarnings("unchecked")
    public static ReadingAcceptedV1 fromDocument(Document d, String source, Instant now) {
        UUID readingId = UUID.fromString(d.getString("_id"));
        List<ReadingAcceptedV1.Component> components = d.get("components") == null ? null : ((List<Document>) d.get("components")).stream()
                .map(c -> new ReadingAcceptedV1.Component(c.getString("code"), ((Number) c.get("value")).doubleValue(), c.getString("unit"))).toList();
        Document o = (Document) d.get("original");
        ReadingAcceptedV1.Original original = o == null ? null
                : new ReadingAcceptedV1.Original(o.getString("code"), o.get("value") == null ? null : ((Number) o.get("value")).doubleValue(), o.getString("unit"));
        return new ReadingAcceptedV1(readingId, ReadingAcceptedV1.TYPE, ReadingAcceptedV1.VERSION, now, source, d.getString("tenantId"), readingId,
                d.getString("deviceReadingId"), UUID.fromString(d.getString("deviceId")),
                d.getString("deviceKind") == null ? null : io.vigie.events.device.DeviceKind.valueOf(d.getString("deviceKind")),
                uuid(d.getString("patientId")), d.getString("code"), d.get("value") == null ? null : ((Number) d.get("value")).doubleValue(),
                d.getString("valueCode"), d.get("value") == null ? null : d.getString("unit"), components, ((Date) d.get("ts")).toInstant(),
                ((Date) d.get("receivedAt")).toInstant(), Boolean.TRUE.equals(d.getBoolean("clinicalGrade")),
                d.get("clinicalGradeReasons") == null ? List.of() : (List<String>) d.get("clinicalGradeReasons"), original,
                d.get("seq") == null ? null : ((Number) d.get("seq")).longValue(), d.getString("via"), Boolean.TRUE.equals(d.getBoolean("late")),
                d.getString("quarantine"), Boolean.TRUE.equals(d.getBoolean("clockSkew")) ? Boolean.TRUE : null,
                d.get("deviceTs") == null ? null : ((Date) d.get("deviceTs")).toInstant(), uuid(d.getString("candidatePatientId")));
    }

    private static UUID uuid(String s) {
        return s == null ? null : UUID.fromString(s);
    }

    /** Deletes readings measured before {@code before} (the retention job; the stand-in has no TTL). */
    public Uni<Long> deleteOlderThan(Instant before) {
        Bson old = new Document("ts", new Document("$lt", Date.from(before)));
        return prepare().chain(() -> collection(READINGS).deleteMany(old))
                .chain(a -> collection(QUARANTINE).deleteMany(old).map(b -> a.getDeletedCount() + b.getDeletedCount()));
    }

    /** GDPR erasure: remembers the patient as erased, then deletes their readings; idempotent. */
    public Uni<Long> erasePatient(UUID patientId) {
        Document marker = new Document("_id", patientId.toString()).append("erasedAt", new Date());
        return prepare().chain(() -> collection(ERASED).insertOne(marker).replaceWithVoid()
                .onFailure(e -> e instanceof com.mongodb.MongoWriteException w && w.getCode() == 11000).recoverWithNull())
                .chain(() -> deletePatient(patientId));
    }

    /** Deletes every reading of a patient, and the quarantined readings that were measured while the device was theirs. */
    public Uni<Long> deletePatient(UUID patientId) {
        Bson mine = new Document("patientId", patientId.toString());
        Bson mineOrCandidate = new Document("$or", List.of(mine, new Document("candidatePatientId", patientId.toString())));
        return prepare().chain(() -> collection(READINGS).deleteMany(mine))
                .chain(a -> collection(QUARANTINE).deleteMany(mineOrCandidate).map(b -> a.getDeletedCount() + b.getDeletedCount()));
    }

    /** One quarantined reading, or null. */
    public Uni<Document> quarantined(String readingId) {
        return prepare().chain(() -> collection(QUARANTINE).find(new Document("_id", readingId)).collect().first());
    }

    /** Quarantined readings for {@code reason} in {@code tenants} (all hospitals when null), newest received first. */
    public Uni<List<Document>> quarantined(String reason, java.util.Collection<String> tenants, int page, int size) {
        Document filter = new Document("quarantine", reason);
        if (tenants != null) {
            filter.append("tenantId", new Document("$in", new ArrayList<>(tenants)));
        }
        return prepare().chain(() -> collection(QUARANTINE).find(filter, new io.quarkus.mongodb.FindOptions().sort(new Document("receivedAt", -1))
                .skip(page * size).limit(size)).collect().asList());
    }

    /**
     * Takes a reading waiting for attribution for one decision: null when it is not waiting (anymore), or another person's
     * decision holds it (a claim older than a minute is stale: its decision failed half-way and may be taken again).
     */
    public Uni<Document> claim(String readingId, String reason, Instant now) {
        Document filter = new Document("_id", readingId).append("quarantine", reason).append("$or", List.of(
                new Document("claimedAt", new Document("$exists", false)), new Document("claimedAt", new Document("$lt", Date.from(now.minusSeconds(60))))));
        return prepare().chain(() -> collection(QUARANTINE).findOneAndUpdate(filter, new Document("$set", new Document("claimedAt", Date.from(now))),
                new com.mongodb.client.model.FindOneAndUpdateOptions().returnDocument(com.mongodb.client.model.ReturnDocument.AFTER)));
    }

    /** Gives a claim back (the decision could not be carried out). */
    public Uni<Void> unclaim(String readingId) {
        return collection(QUARANTINE).updateOne(new Document("_id", readingId), new Document("$unset", new Document("claimedAt", ""))).replaceWithVoid();
    }

    /** Keeps a claimed reading quarantined under another reason, now as {@code patientId}'s (consent withdrawn). */
    public Uni<Void> requarantine(String readingId, UUID patientId, String reason) {
        return collection(QUARANTINE).updateOne(new Document("_id", readingId), new Document("$set", new Document("patientId", patientId.toString())
                .append("quarantine", reason)).append("$unset", new Document("candidatePatientId", "").append("claimedAt", ""))).replaceWithVoid();
    }

    /** Removes a quarantined reading once it was attributed or discarded. */
    public Uni<Void> release(String readingId) {
        return prepare().chain(() -> collection(QUARANTINE).deleteOne(new Document("_id", readingId))).replaceWithVoid();
    }
}
