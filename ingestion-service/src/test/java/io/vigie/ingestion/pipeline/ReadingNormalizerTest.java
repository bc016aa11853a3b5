package io.vigie.ingestion.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadingNormalizerTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:15:00Z");
    static final List<String> ALL = List.of("8867-4", "2708-6", "85354-9", "29463-7", "8310-5", "9279-1", "41653-7", "14743-9", "55423-8",
            "67775-7", "3151-8");
    final ReadingNormalizer normalizer = new ReadingNormalizer(Duration.ofMinutes(5), Duration.ofDays(30));
    final ObjectMapper json = new ObjectMapper();

    ReadingNormalizer.Outcome run(String reading) throws Exception {
        return normalizer.normalize(json.readTree(reading), 0, ALL, NOW);
    }

    static String r(String code, String value, String unit) {
        return "{\"id\":\"r1\",\"code\":\"" + code + "\",\"value\":" + value + (unit == null ? "" : ",\"unit\":\"" + unit + "\"")
                + ",\"ts\":\"2026-11-29T10:00:00Z\"}";
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4} {3}")
    @CsvSource({
            "29463-7, 154.3, [lb_av], 69.989, kg",
            "29463-7, 70500, g, 70.5, kg",
            "29463-7, 70.5, kg, 70.5, kg",
            "8310-5, 98.6, [degF], 37.0, Cel",
            "8310-5, 38.2, Cel, 38.2, Cel",
            "14743-9, 5.5, mmol/L, 99.088, mg/dL",
            "41653-7, 99, mg/dL, 99.0, mg/dL",
            "41653-7, 1.12, g/L, 112.0, mg/dL",
            "2708-6, 96, %, 96.0, %",
    })
    void shouldConvertToTheCanonicalUnitWhenUnitIsConvertible(String code, String value, String unit, double expected, String canonical)
            throws Exception {
        ReadingNormalizer.Normal n = run(r(code, value, unit)).normal();
        assertNotNull(n);
        assertEquals(expected, n.value(), 0.001);
        assertEquals(canonical, n.unit());
    }

    @Test
    void shouldKeepWhatTheDeviceSentAndCanonicalCodeWhenGlucoseArrivesInMmol() throws Exception {
        ReadingNormalizer.Normal n = run(r("14743-9", "3.0", "mmol/L")).normal();
        assertEquals("41653-7", n.code());
        assertEquals(54.048, n.value(), 0.001);
        assertEquals("14743-9", n.original().code());
        assertEquals(3.0, n.original().value());
        assertEquals("mmol/L", n.original().unit());
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "8867-4, 72, kg, UNIT_NOT_CONVERTIBLE",
            "8867-4, 19, /min, OUT_OF_RANGE",
            "8867-4, 301, /min, OUT_OF_RANGE",
            "2708-6, 49, %, OUT_OF_RANGE",
            "29463-7, 0.4, kg, OUT_OF_RANGE",
            "8310-5, 120, [degF], OUT_OF_RANGE",
            "41653-7, 9, mg/dL, OUT_OF_RANGE",
            "9279-1, 81, /min, OUT_OF_RANGE",
            "55423-8, -1, {steps}, OUT_OF_RANGE",
            "8867-4, '\"fast\"', /min, NOT_A_NUMBER",
            "8867-4, null, /min, MISSING_VALUE",
            "1234-5, 1, /min, UNKNOWN_CODE",
            "67775-7, '\"X\"', , INVALID_CODE_VALUE",
    })
    void shouldRejectWithAReasonWhenReadingIsInvalid(String code, String value, String unit, String reason) throws Exception {
        ReadingNormalizer.Refusal refusal = run(r(code, value, unit == null || unit.isEmpty() ? null : unit)).refusal();
        assertNotNull(refusal);
        assertEquals(reason, refusal.reason());
    }

    @Test
    void shouldAcceptPlausibleBoundsInclusive() throws Exception {
        assertNotNull(run(r("8867-4", "20", "/min")).normal());
        assertNotNull(run(r("8867-4", "300", "/min")).normal());
        assertNotNull(run(r("9279-1", "0", "/min")).normal());
        assertNotNull(run(r("67775-7", "\"V\"", null)).normal());
    }

    @Test
    void shouldRefuseCodesTheModelMayNotSend() {
        JsonNode node = json.createObjectNode().put("id", "x").put("code", "8867-4").put("value", 70).put("unit", "/min")
                .put("ts", "2026-11-29T10:00:00Z");
        assertEquals("CODE_NOT_ALLOWED", normalizer.normalize(node, 0, List.of("29463-7"), NOW).refusal().reason());
    }

    @Test
    void shouldCheckTheTimestampWindow() throws Exception {
        String future = "{\"id\":\"a\",\"code\":\"8867-4\",\"value\":70,\"unit\":\"/min\",\"ts\":\"2026-11-29T10:20:01Z\"}";
        String skewOk = "{\"id\":\"a\",\"code\":\"8867-4\",\"value\":70,\"unit\":\"/min\",\"ts\":\"2026-11-29T12:19:59+02:00\"}";
        String old = "{\"id\":\"a\",\"code\":\"8867-4\",\"value\":70,\"unit\":\"/min\",\"ts\":\"2026-10-29T10:14:00Z\"}";
        String noZone = "{\"id\":\"a\",\"code\":\"8867-4\",\"value\":70,\"unit\":\"/min\",\"ts\":\"2026-11-29T10:00:00\"}";
        ReadingNormalizer.Normal clamped = run(future).normal();
        assertNotNull(clamped, "a device clock ahead does not cost the reading");
        assertEquals(NOW, clamped.measuredAt(), "clamped to the receipt time");
        assertEquals(java.time.Instant.parse("2026-11-29T10:20:01Z"), clamped.deviceTimestamp());
        assertTrue(clamped.clockSkew());
        assertFalse(run(skewOk).normal().clockSkew(), "within the tolerance: as stamped");
        assertEquals(java.time.Instant.parse("2026-11-29T10:19:59Z"), run(skewOk).normal().measuredAt());
        assertEquals("TIMESTAMP_TOO_OLD", run(old).refusal().reason());
        assertEquals("BAD_TIMESTAMP", run(noZone).refusal().reason());
    }

    @Test
    void shouldRequireSystolicAboveDiastolicInAPanel() throws Exception {
        String ok = "{\"id\":\"bp\",\"code\":\"85354-9\",\"ts\":\"2026-11-29T10:00:00Z\",\"components\":[{\"code\":\"8480-6\",\"value\":128,"
                + "\"unit\":\"mm[Hg]\"},{\"code\":\"8462-4\",\"value\":82,\"unit\":\"mm[Hg]\"}]}";
        ReadingNormalizer.Normal n = run(ok).normal();
        assertEquals(2, n.components().size());
        assertNull(n.value());
        String inverted = ok.replace("128", "80");
        assertEquals("SYSTOLIC_NOT_ABOVE_DIASTOLIC", run(inverted).refusal().reason());
        String one = "{\"id\":\"bp\",\"code\":\"85354-9\",\"ts\":\"2026-11-29T10:00:00Z\",\"components\":[{\"code\":\"8480-6\",\"value\":128}]}";
        assertEquals("BAD_COMPONENTS", run(one).refusal().reason());
    }

    @Test
    void shouldNeverEchoTheValueInTheReason() throws Exception {
        ReadingNormalizer.Refusal r = run(r("8867-4", "299999", "/min")).refusal();
        assertEquals(-1, r.message().indexOf("299999"));
    }
}
