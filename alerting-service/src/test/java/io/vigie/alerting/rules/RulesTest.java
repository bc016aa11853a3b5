package io.vigie.alerting.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.MonitoringProgram;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RulesTest {

    static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    static Observation obs(String code, double v, Instant at) {
        return new Observation(UUID.randomUUID(), UUID.randomUUID(), code, v, null, null, at, true);
    }

    static Observation bp(int sys, int dia, Instant at, boolean grade) {
        return new Observation(UUID.randomUUID(), UUID.randomUUID(), "85354-9", null, null, Map.of("8480-6", (double) sys, "8462-4", (double) dia),
                at, grade);
    }

    static CarePlanV1 plan(boolean fallRisk, MonitoringProgram... programs) {
        return new CarePlanV1(UUID.randomUUID(), CarePlanV1.TYPE, 1, T, "patient-service", "hopital-nord", UUID.randomUUID(), 70, false, fallRisk,
                false, java.util.Arrays.stream(programs).map(p -> new CarePlanV1.Enrollment(UUID.randomUUID(), p, LocalDate.of(2026, 1, 1), null,
                        null, null, null)).toList(), List.of());
    }

    // ------------------------------------------------------------------------------------------------ threshold

    @Test
    void shouldTriggerHypertensiveCrisisOnEitherComponent() {
        assertTrue(Evaluator.threshold(DefaultRules.HYPERTENSIVE_CRISIS, bp(180, 90, T, true), List.of()).triggered());
        assertTrue(Evaluator.threshold(DefaultRules.HYPERTENSIVE_CRISIS, bp(150, 120, T, true), List.of()).triggered());
        Verdict clear = Evaluator.threshold(DefaultRules.HYPERTENSIVE_CRISIS, bp(179, 119, T, true), List.of());
        assertEquals(Verdict.State.CLEAR, clear.state());
        assertEquals("8480-6 = 179, 8462-4 = 119", clear.value());
    }

    @Test
    void shouldUseStrictLimitsExactlyAsTheDefaults() {
        assertFalse(Evaluator.threshold(DefaultRules.HYPOTENSION, bp(90, 60, T, true), List.of()).triggered(), "SBP < 90");
        assertTrue(Evaluator.threshold(DefaultRules.HYPOTENSION, bp(89, 60, T, true), List.of()).triggered());
        assertFalse(Evaluator.threshold(DefaultRules.HYPOGLYCAEMIA_1, obs("41653-7", 70, T), List.of()).triggered());
        assertTrue(Evaluator.threshold(DefaultRules.HYPOGLYCAEMIA_1, obs("41653-7", 69.9, T), List.of()).triggered());
        assertTrue(Evaluator.threshold(DefaultRules.HYPOGLYCAEMIA_2, obs("41653-7", 53, T), List.of()).triggered());
        assertFalse(Evaluator.threshold(DefaultRules.HYPERGLYCAEMIA, obs("41653-7", 250, T), List.of()).triggered());
        assertTrue(Evaluator.threshold(DefaultRules.HYPERGLYCAEMIA, obs("41653-7", 250.5, T), List.of()).triggered());
    }

    @Test
    void shouldWaitUntilATachycardiaIsSustained60Seconds() {
        Observation now = obs("8867-4", 140, T);
        assertEquals(Verdict.State.NONE, Evaluator.threshold(DefaultRules.BRADY_TACHY, now, List.of(obs("8867-4", 135, T.minusSeconds(30)))).state());
        List<Observation> minute = List.of(obs("8867-4", 135, T.minusSeconds(30)), obs("8867-4", 133, T.minusSeconds(60)));
        Verdict v = Evaluator.threshold(DefaultRules.BRADY_TACHY, now, minute);
        assertTrue(v.triggered());
        assertEquals("8867-4 > 130 for 60 s", v.detail());
        List<Observation> interrupted = List.of(obs("8867-4", 135, T.minusSeconds(30)), obs("8867-4", 100, T.minusSeconds(45)),
                obs("8867-4", 133, T.minusSeconds(60)));
        assertEquals(Verdict.State.NONE, Evaluator.threshold(DefaultRules.BRADY_TACHY, now, interrupted).state());
        assertEquals(Verdict.State.NONE, Evaluator.threshold(DefaultRules.BRADY_TACHY, now, List.of(obs("8867-4", 133, T.minusSeconds(3600)))).state(),
                "an hour-old spot check is not continuous monitoring");
    }

    @Test
    void shouldTriggerDesaturationOnTwoConsecutiveSpotChecks() {
        Observation now = obs("2708-6", 88, T);
        assertEquals(Verdict.State.NONE, Evaluator.threshold(DefaultRules.DESATURATION, now, List.of()).state());
        Verdict v = Evaluator.threshold(DefaultRules.DESATURATION, now, List.of(obs("2708-6", 89, T.minus(Duration.ofHours(6)))));
        assertTrue(v.triggered());
        assertEquals("2708-6 < 90 on 2 consecutive readings", v.detail());
        assertEquals(Verdict.State.NONE, Evaluator.threshold(DefaultRules.DESATURATION, now, List.of(obs("2708-6", 95, T.minusSeconds(600)))).state());
    }

    // ------------------------------------------------------------------------------------------------ trend

    @Test
    void shouldTriggerWeightGainOfTwoKilogramsAgainstTheLowestOf72Hours() {
        List<Observation> earlier = List.of(obs("29463-7", 71.0, T.minus(Duration.ofHours(70))), obs("29463-7", 70.0, T.minus(Duration.ofHours(48))),
                obs("29463-7", 71.5, T.minus(Duration.ofHours(24))), obs("29463-7", 65.0, T.minus(Duration.ofHours(80))));
        Verdict v = Evaluator.trend(DefaultRules.WEIGHT_GAIN, obs("29463-7", 72.0, T), earlier);
        assertTrue(v.triggered(), "72.0 - 70.0 = +2.0 (65.0 is older than 72 h)");
        assertEquals("+2.0 kg (72.0 kg against 70.0 kg, lowest of 72 h)", v.value());
        assertEquals(Verdict.State.CLEAR, Evaluator.trend(DefaultRules.WEIGHT_GAIN, obs("29463-7", 71.9, T), earlier).state());
        assertEquals(Verdict.State.NONE, Evaluator.trend(DefaultRules.WEIGHT_GAIN, obs("29463-7", 80, T), List.of()).state(), "no reference");
    }

    // ------------------------------------------------------------------------------------------------ NEWS2

    @Test
    void shouldRaiseNews2FromTheLatestParametersOfTheLastHour() {
        List<Observation> hour = List.of(obs("9279-1", 22, T.minusSeconds(600)), obs("2708-6", 93, T.minusSeconds(500)), obs("8867-4", 95, T.minusSeconds(400)),
                obs("8310-5", 37.0, T.minusSeconds(300)), obs("9279-1", 10, T.minus(Duration.ofHours(2))));
        Verdict v = Evaluator.news2(DefaultRules.NEWS2, bp(105, 70, T, true), hour, plan(false, MonitoringProgram.HEART_FAILURE));
        assertTrue(v.triggered());
        assertEquals(Priority.HIGH, v.priority(), "2 + 2 + 1 + 1 + 0 = 6: medium band, high priority");
        assertTrue(v.value().startsWith("NEWS2 6 (partial"), v.value());
        Verdict single3 = Evaluator.news2(DefaultRules.NEWS2, obs("9279-1", 8, T), List.of(), plan(false, MonitoringProgram.HEART_FAILURE));
        assertEquals(Priority.MEDIUM, single3.priority());
        Verdict seven = Evaluator.news2(DefaultRules.NEWS2, obs("9279-1", 25, T), List.of(obs("2708-6", 91, T.minusSeconds(60)),
                obs("8867-4", 131, T.minusSeconds(60))), plan(false));
        assertTrue(seven.escalateNow(), "7 or more: escalated at once");
        assertEquals(Verdict.State.CLEAR, Evaluator.news2(DefaultRules.NEWS2, obs("9279-1", 16, T), List.of(), plan(false)).state());
    }

    // ------------------------------------------------------------------------------------------------ device events

    @Test
    void shouldAlertOnBedExitOnlyForFallRiskPatients() {
        assertTrue(Evaluator.event(DefaultRules.BED_EXIT, "bed-exit", Map.of(), true, plan(true)).triggered());
        assertFalse(Evaluator.event(DefaultRules.BED_EXIT, "bed-exit", Map.of(), true, plan(false)).triggered());
        assertTrue(Evaluator.event(DefaultRules.BATTERY_LOW, "battery-low", Map.of("batteryPercent", 12), true, plan(false)).triggered());
        assertFalse(Evaluator.event(DefaultRules.BATTERY_LOW, "battery-low", Map.of("batteryPercent", 15), true, plan(false)).triggered(), "< 15 %");
        assertTrue(Evaluator.event(DefaultRules.IMPLANT, "shock-delivered", null, true, plan(false)).triggered());
        assertFalse(Evaluator.event(DefaultRules.IMPLANT, "heartbeat", null, true, plan(false)).triggered());
    }

    // ------------------------------------------------------------------------------------------------ defaults and overrides

    @Test
    void shouldGiveEachProgramItsDefaultsAndAMissedMeasurementOf36Hours() {
        List<Rule> hf = DefaultRules.effective(plan(true, MonitoringProgram.HEART_FAILURE), LocalDate.of(2026, 11, 29), List.of());
        List<String> keys = hf.stream().map(Rule::key).toList();
        assertTrue(keys.containsAll(List.of("hf.weight-gain", "bp.hypotension", "news2", "missed.29463-7", "event.bed-exit", "event.no-heartbeat")), keys.toString());
        Rule missed = hf.stream().filter(r -> r.key().equals("missed.29463-7")).findFirst().orElseThrow();
        assertEquals(Duration.ofHours(36), missed.period().plus(missed.grace()));
        assertEquals(List.of(), DefaultRules.effective(plan(true), LocalDate.of(2026, 11, 29), List.of()), "not enrolled: no rules");
        List<String> diabetes = DefaultRules.effective(plan(false, MonitoringProgram.DIABETES), LocalDate.of(2026, 11, 29), List.of())
                .stream().map(Rule::key).toList();
        assertTrue(diabetes.containsAll(List.of("glucose.hypo-1", "glucose.hypo-2", "glucose.hyper", "event.pump")));
        assertFalse(diabetes.contains("hf.weight-gain"));
    }

    @Test
    void shouldApplyAClinicianOverrideAndRefuseUnknownParameters() {
        CarePlanV1.RuleOverride gain15 = new CarePlanV1.RuleOverride("hf.weight-gain", null, Map.of("delta", 1.5, "windowHours", 48.0));
        Rule r = DefaultRules.effective(plan(false, MonitoringProgram.HEART_FAILURE), LocalDate.of(2026, 11, 29), List.of(gain15)).stream()
                .filter(x -> x.key().equals("hf.weight-gain")).findFirst().orElseThrow();
        assertEquals(1.5, r.delta());
        assertEquals(Duration.ofHours(48), r.window());
        Rule sbp = DefaultRules.HYPERTENSIVE_CRISIS.with(new CarePlanV1.RuleOverride("bp.hypertensive-crisis", null, Map.of("limit.0", 170.0)));
        assertEquals(170, sbp.conditions().get(0).limit());
        assertEquals(120, sbp.conditions().get(1).limit());
        assertFalse(DefaultRules.NEWS2.with(new CarePlanV1.RuleOverride("news2", false, null)).enabled());
        assertThrows(IllegalArgumentException.class, () -> DefaultRules.WEIGHT_GAIN.with(new CarePlanV1.RuleOverride("hf.weight-gain", null,
                Map.of("limit", 3.0))));
        assertThrows(IllegalArgumentException.class, () -> DefaultRules.WEIGHT_GAIN.with(new CarePlanV1.RuleOverride("hf.weight-gain", null,
                Map.of("delta", -1.0))));
    }
}
