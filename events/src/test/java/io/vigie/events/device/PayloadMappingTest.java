package io.vigie.events.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadMappingTest {

    static PayloadMapping mapping(PayloadMapping.Field... fields) {
        return new PayloadMapping(PayloadMapping.FORMAT, "/measures", "/id", "/t", PayloadMapping.TimestampFormat.EPOCH_SECONDS, "/counter",
                List.of(fields));
    }

    @Test
    void shouldAcceptConvertibleUnitsAndABloodPressurePanel() {
        PayloadMapping m = mapping(new PayloadMapping.Field("29463-7", "/weight", "[lb_av]", null),
                new PayloadMapping.Field("85354-9", null, null, List.of(new PayloadMapping.Field("8480-6", "/sys", "mm[Hg]", null),
                        new PayloadMapping.Field("8462-4", "/dia", "mm[Hg]", null))),
                new PayloadMapping.Field("14743-9", "/glucose", null, null));
        assertEquals(List.of(), m.problems(Set.of("29463-7", "85354-9", "14743-9")).stream().map(p -> p[0] + ": " + p[1]).toList());
    }

    @Test
    void shouldRefuseUnknownCodeCodeNotOfTheModelAndUnconvertibleUnit() {
        PayloadMapping m = mapping(new PayloadMapping.Field("1234-5", "/x", "kg", null),
                new PayloadMapping.Field("8867-4", "/hr", "/min", null),
                new PayloadMapping.Field("29463-7", "/w", "stone", null));
        List<String> problems = m.problems(Set.of("29463-7")).stream().map(p -> p[0] + ": " + p[1]).toList();
        assertTrue(problems.contains("readings[0].code: unknown LOINC code 1234-5"), problems.toString());
        assertTrue(problems.contains("readings[1].code: 8867-4 is not a measurement type of this model"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("readings[2].unit: stone cannot be converted")), problems.toString());
    }

    @Test
    void shouldRefuseBadPointersAndIncompletePanel() {
        PayloadMapping m = new PayloadMapping("xml", "measures", null, "/t", null, null,
                List.of(new PayloadMapping.Field("85354-9", null, null, List.of(new PayloadMapping.Field("8480-6", "/sys", "mm[Hg]", null)))));
        List<String> fields = m.problems(Set.of("85354-9")).stream().map(p -> p[0]).toList();
        assertEquals(List.of("format", "items", "id", "timestampFormat", "readings[0].components"), fields);
    }
}
