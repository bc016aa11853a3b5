package io.vigie.ingestion.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.events.device.PayloadMapping;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadCanonicalReadingsAndSeq() throws Unparseable {
        Payloads.Readings r = Payloads.readings(b("{\"seq\":1042,\"readings\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"extra\":true}"), null, 500);
        assertEquals(1042L, r.seq());
        assertEquals(2, r.items().size());
    }

    @Test
    void shouldRefuseAsAWholeWhatIsNotAReadingsObject() {
        for (String bad : List.of("", "null", "[]", "42", "{\"readings\":{}}", "{\"readings\":[]}", "{\"seq\":-1,\"readings\":[{}]}",
                "{\"seq\":1.5,\"readings\":[{}]}", "{\"readings\":[", "\u0000\u0001", "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}")) {
            assertThrows(Unparseable.class, () -> Payloads.readings(b(bad), null, 500), bad);
        }
        assertThrows(Unparseable.class, () -> Payloads.readings(b("{\"readings\":[{},{},{}]}"), null, 2));
    }

    @Test
    void shouldRewriteAVendorPayloadThroughTheModelMapping() throws Unparseable {
        PayloadMapping m = new PayloadMapping(PayloadMapping.FORMAT, "/measures", "/mid", "/t", PayloadMapping.TimestampFormat.EPOCH_SECONDS,
                "/counter", List.of(new PayloadMapping.Field("29463-7", "/w", "[lb_av]", null),
                        new PayloadMapping.Field("85354-9", null, null, List.of(new PayloadMapping.Field("8480-6", "/bp/s", "mm[Hg]", null),
                                new PayloadMapping.Field("8462-4", "/bp/d", "mm[Hg]", null)))));
        String vendor = "{\"counter\":7,\"measures\":[{\"mid\":\"m1\",\"t\":1795996800,\"w\":154.3,\"bp\":{\"s\":130,\"d\":85}}]}";
        Payloads.Readings r = Payloads.readings(b(vendor), m, 500);
        assertEquals(7L, r.seq());
        assertEquals(2, r.items().size());
        assertEquals("m1/29463-7", r.items().get(0).get("id").asText());
        assertEquals("[lb_av]", r.items().get(0).get("unit").asText());
        assertEquals("2026-11-30T00:00:00Z", r.items().get(0).get("ts").asText());
        assertEquals(130, r.items().get(1).get("components").get(0).get("value").asInt());
        assertTrue(r.items().get(1).get("components").get(1).get("code").asText().equals("8462-4"));
    }
}
