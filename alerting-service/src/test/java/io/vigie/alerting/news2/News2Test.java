package io.vigie.alerting.news2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every boundary of the NEWS2 chart, on both sides, both SpO2 scales, oxygen, partial scores and exclusions. */
class News2Test {

    static News2.Input all(double rr, double spo2, int scale, boolean o2, double sbp, double hr, String avpu, double temp) {
        return new News2.Input(rr, spo2, scale, o2, sbp, hr, avpu, temp, 70, false);
    }

    @ParameterizedTest(name = "RR {0} -> {1}")
    @CsvSource({"0,3", "8,3", "9,1", "11,1", "12,0", "20,0", "21,2", "24,2", "25,3", "60,3", "8.4,3", "8.5,1", "11.5,0", "20.5,2", "24.5,3"})
    void shouldScoreRespirationRateAtEveryBoundary(double rr, int expected) {
        assertEquals(expected, News2.score(all(rr, 98, 1, false, 150, 70, "A", 37)).parameters().get("respirationRate"));
    }

    @ParameterizedTest(name = "SpO2 scale 1 {0} -> {1}")
    @CsvSource({"50,3", "91,3", "92,2", "93,2", "94,1", "95,1", "96,0", "100,0", "91.5,2", "93.5,1", "95.5,0"})
    void shouldScoreSpo2Scale1AtEveryBoundary(double spo2, int expected) {
        assertEquals(expected, News2.score(all(16, spo2, 1, false, 150, 70, "A", 37)).parameters().get("spo2"));
        assertEquals(expected, News2.score(all(16, spo2, 1, true, 150, 70, "A", 37)).parameters().get("spo2"), "scale 1 ignores oxygen");
    }

    @ParameterizedTest(name = "SpO2 scale 2 {0} on oxygen={1} -> {2}")
    @CsvSource({"83,false,3", "84,false,2", "85,false,2", "86,false,1", "87,false,1", "88,false,0", "92,false,0",
            "93,false,0", "97,false,0", "100,false,0",
            "83,true,3", "88,true,0", "92,true,0", "93,true,1", "94,true,1", "95,true,2", "96,true,2", "97,true,3", "100,true,3"})
    void shouldScoreSpo2Scale2AtEveryBoundaryOnAirAndOxygen(double spo2, boolean oxygen, int expected) {
        assertEquals(expected, News2.score(all(16, spo2, 2, oxygen, 150, 70, "A", 37)).parameters().get("spo2"));
    }

    @Test
    void shouldScoreAirOrOxygen() {
        assertEquals(2, News2.score(all(16, 98, 1, true, 150, 70, "A", 37)).parameters().get("onOxygen"));
        assertEquals(0, News2.score(all(16, 98, 1, false, 150, 70, "A", 37)).parameters().get("onOxygen"));
    }

    @ParameterizedTest(name = "SBP {0} -> {1}")
    @CsvSource({"40,3", "90,3", "91,2", "100,2", "101,1", "110,1", "111,0", "219,0", "220,3", "300,3"})
    void shouldScoreSystolicAtEveryBoundary(double sbp, int expected) {
        assertEquals(expected, News2.score(all(16, 98, 1, false, sbp, 70, "A", 37)).parameters().get("systolicBp"));
    }

    @ParameterizedTest(name = "pulse {0} -> {1}")
    @CsvSource({"20,3", "40,3", "41,1", "50,1", "51,0", "90,0", "91,1", "110,1", "111,2", "130,2", "131,3", "300,3"})
    void shouldScorePulseAtEveryBoundary(double hr, int expected) {
        assertEquals(expected, News2.score(all(16, 98, 1, false, 150, hr, "A", 37)).parameters().get("pulse"));
    }

    @ParameterizedTest(name = "ACVPU {0} -> {1}")
    @CsvSource({"A,0", "C,3", "V,3", "P,3", "U,3"})
    void shouldScoreConsciousness(String acvpu, int expected) {
        assertEquals(expected, News2.score(all(16, 98, 1, false, 150, 70, acvpu, 37)).parameters().get("consciousness"));
    }

    @ParameterizedTest(name = "temperature {0} -> {1}")
    @CsvSource({"25,3", "35.0,3", "35.04,3", "35.05,1", "35.1,1", "36.0,1", "36.1,0", "38.0,0", "38.1,1", "39.0,1", "39.1,2", "42,2",
            "36.04,1", "36.05,0", "38.04,0", "38.05,1", "39.05,2"})
    void shouldScoreTemperatureAfterRoundingToOneDecimal(double t, int expected) {
        assertEquals(expected, News2.score(all(16, 98, 1, false, 150, 70, "A", t)).parameters().get("temperature"));
    }

    @Test
    void shouldMatchTheContractExample() {
        News2.Score s = News2.score(new News2.Input(18.0, 95.0, 1, false, 120.0, 80.0, "A", 37.0, 70, false));
        assertEquals(1, s.total());
        assertTrue(s.complete());
        assertEquals(List.of(), s.missing());
        assertEquals(News2.Band.LOW, s.band());
        assertEquals(Map.of("respirationRate", 0, "spo2", 1, "onOxygen", 0, "systolicBp", 0, "pulse", 0, "consciousness", 0, "temperature", 0),
                s.parameters());
        assertEquals(News2.PARAMETERS, List.copyOf(s.parameters().keySet()), "answer order");
    }

    @ParameterizedTest(name = "total {0}")
    @CsvSource({
            // rr, spo2, o2, sbp, hr, avpu, temp -> band
            "16, 98, false, 150, 70, A, 37.0, 0, LOW",
            "16, 95, false, 150, 95, A, 37.0, 2, LOW",
            "16, 98, false, 150, 70, V, 37.0, 3, LOW_MEDIUM",
            "22, 94, false, 105, 70, A, 37.0, 4, LOW",
            "22, 94, false, 105, 95, A, 37.0, 5, MEDIUM",
            "22, 93, false, 105, 95, A, 37.0, 6, MEDIUM",
            "22, 93, true, 105, 95, A, 37.0, 8, HIGH",
            "22, 95, true, 105, 95, A, 37.0, 7, HIGH",
    })
    void shouldBandTheTotal(double rr, double spo2, boolean o2, double sbp, double hr, String avpu, double temp, int total, News2.Band band) {
        News2.Score s = News2.score(all(rr, spo2, 1, o2, sbp, hr, avpu, temp));
        assertEquals(total, s.total());
        assertEquals(band, s.band());
    }

    @Test
    void shouldNeverScoreAMissingParameterAsZero() {
        News2.Score s = News2.score(new News2.Input(null, 92.0, 1, false, 135.0, 72.0, null, 37.2, 80, false));
        assertFalse(s.complete());
        assertEquals(List.of("respirationRate", "consciousness"), s.missing());
        assertNull(s.parameters().get("respirationRate"));
        assertEquals(2, s.total());
        News2.Score single3 = News2.score(new News2.Input(null, 90.0, 1, null, null, null, null, null, 80, null));
        assertEquals(News2.Band.LOW_MEDIUM, single3.band(), "a partial score can still show a single 3");
        assertEquals(6, single3.missing().size());
        assertEquals(List.of("spo2"), List.copyOf(News2.score(new News2.Input(null, 95.0, 2, null, null, null, null, null, 70, false))
                .missing().stream().filter("spo2"::equals).toList()), "scale 2 above 92 % needs to know about oxygen");
    }

    @Test
    void shouldRefuseUnder16AndPregnancy() {
        assertThrows(News2.NotApplicable.class, () -> News2.score(new News2.Input(16.0, 98.0, 1, false, 120.0, 80.0, "A", 37.0, 15, false)));
        assertThrows(News2.NotApplicable.class, () -> News2.score(new News2.Input(16.0, 98.0, 1, false, 120.0, 80.0, "A", 37.0, 30, true)));
        assertEquals(0, News2.score(new News2.Input(16.0, 98.0, 1, false, 120.0, 80.0, "A", 37.0, 16, false)).total());
    }
}
