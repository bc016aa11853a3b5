package io.vigie.alerting.evaluation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's patients: their three parts in three RocksDB stores (changelogged, restored on another instance), with the
 * ones in use kept deserialized in memory. The task is the only writer of its patients, so what is in memory is what
 * is stored; a part is written back (and changelogged) only when it changed.
 */
final class PatientStore {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final KeyValueStore<String, byte[]> records;
    private final KeyValueStore<String, byte[]> evidence;
    private final KeyValueStore<String, byte[]> alerts;
    private final Map<String, Patient> cache;

    PatientStore(KeyValueStore<String, byte[]> records, KeyValueStore<String, byte[]> evidence, KeyValueStore<String, byte[]> alerts, int cached) {
        this.records = records;
        this.evidence = evidence;
        this.alerts = alerts;
        this.cache = new LinkedHashMap<>(cached * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Patient> eldest) {
                return size() > cached;
            }
        };
    }

    Patient load(UUID id) {
        String key = id.toString();
        Patient p = cache.get(key);
        if (p == null) {
            p = new Patient(id, read(records.get(key), PatientRecord.class), read(evidence.get(key), Evidence.class),
                    read(alerts.get(key), PatientAlerts.class));
            cache.put(key, p);
        }
        return p;
    }

    /** Writes back what changed; an erased patient's evidence and alerts are deleted (tombstones in their changelogs). */
    void save(Patient p) {
        String key = p.id.toString();
        if (p.record.erased()) { // only the record's erasure marker stays, so that late inputs are ignored
            if (p.recordChanged || p.evidenceChanged || p.alertsChanged) {
                records.put(key, write(p.record));
                evidence.delete(key);
                alerts.delete(key);
            }
            p.saved();
            return;
        }
        if (p.recordChanged) {
            records.put(key, write(p.record));
        }
        if (p.evidenceChanged) {
            evidence.put(key, write(p.evidence));
        }
        if (p.alertsChanged) {
            alerts.put(key, write(p.alerts));
        }
        p.saved();
    }

    /** Forgets what is in memory (the task is closing, or a write failed and the state must be read again). */
    void clear() {
        cache.clear();
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored " + type.getSimpleName() + " unreadable", e);
        }
    }

    static byte[] write(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
