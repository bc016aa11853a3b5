package io.vigie.ingestion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.ingestion.store.ReadingStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RetentionTest {

    @Inject
    ReadingStore store;

    static ReadingAcceptedV1 reading(UUID patient, Instant measuredAt) {
        UUID id = UUID.randomUUID();
        return new ReadingAcceptedV1(id, ReadingAcceptedV1.TYPE, 1, Instant.now(), "test", "hopital-nord", id, "d-" + id, UUID.randomUUID(),
                DeviceKind.SCALE, patient, "29463-7", 70.0, null, "kg", null, measuredAt, Instant.now(), true, List.of(), null, null, "HTTP",
                false, null);
    }

    long count(UUID patient) {
        return store.collection(ReadingStore.READINGS).countDocuments(new Document("patientId", patient.toString())).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void shouldDeleteOnlyReadingsOlderThanTheRetentionPeriodAndWriteIdempotently() {
        UUID patient = UUID.randomUUID();
        ReadingAcceptedV1 old = reading(patient, Instant.now().minus(Duration.ofDays(800)));
        ReadingAcceptedV1 recent = reading(patient, Instant.now().minus(Duration.ofDays(1)));
        ReadingStore.Written first = store.write(List.of(old, recent, recent)).await().atMost(Duration.ofSeconds(10));
        assertEquals(2, first.inserted());
        assertEquals(1, first.duplicates(), "the same reading twice in a batch");
        assertEquals(1, store.write(List.of(old)).await().atMost(Duration.ofSeconds(10)).duplicates(), "a resend is a duplicate");
        store.deleteOlderThan(Instant.now().minus(Duration.ofDays(730))).await().atMost(Duration.ofSeconds(10));
        assertEquals(1, count(patient));
        store.deletePatient(patient).await().atMost(Duration.ofSeconds(10));
        assertEquals(0, count(patient));
    }
}
