package io.vigie.ingestion.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckSequencerTest {

    @Test
    void shouldAcknowledgeInArrivalOrderWhenCompletionsComeOutOfOrder() {
        AckSequencer<String> s = new AckSequencer<>(10);
        List<Integer> sent = new ArrayList<>();
        s.begin(1);
        s.begin(2);
        s.begin(3);
        s.complete(3, "ok", a -> sent.add(a.messageId()));
        s.complete(2, "ok", a -> sent.add(a.messageId()));
        assertEquals(List.of(), sent, "nothing before message 1 is done");
        s.complete(1, "ok", a -> sent.add(a.messageId()));
        assertEquals(List.of(1, 2, 3), sent);
        assertEquals(0, s.inFlight());
    }

    @Test
    void shouldBoundInFlightMessages() {
        AckSequencer<String> s = new AckSequencer<>(2);
        assertTrue(s.begin(1));
        assertTrue(s.begin(2));
        assertFalse(s.begin(3));
        s.complete(1, "ok", a -> {
        });
        assertTrue(s.begin(3));
    }

    @Test
    void shouldDeriveTheConnectionLimitFromMemory() {
        // 512 MiB heap, 96 MiB kept free, 64 KiB per connection
        assertEquals(6656, new AdmissionControl(512L << 20, 96L << 20, 64L << 10, Integer.MAX_VALUE).limit());
        assertEquals(100, new AdmissionControl(512L << 20, 96L << 20, 64L << 10, 100).limit());
        assertEquals(0, new AdmissionControl(64L << 20, 96L << 20, 64L << 10, 100).limit());
        AdmissionControl one = new AdmissionControl(1L << 20, 0, 1L << 20, 10);
        assertTrue(one.tryAdmit());
        assertFalse(one.tryAdmit());
        one.release();
        assertTrue(one.tryAdmit());
    }
}
