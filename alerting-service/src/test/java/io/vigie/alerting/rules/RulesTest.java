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

    /** The verdict on the last of {@code readings} (oldest first) once the streak went through all of them. */
    static Verdict judge(Rule rule, boolean continuous, Observation... readings) {
        io.vigie.alerting.evaluation.Evidence.Streak streak = new io.vigie.alerting.evaluation.Evidence.Streak();
        Verdict v = null;
        for (Observation o : readings) {
            Evaluator.extend(rule, o, streak, continuous);
            v = Evaluator.threshold(rule, o, streak, continuous);
        }
        return v;
    }

    static Verdict trend(Rule rule, Observation current, Observation... earlier) {
        List<io.vigie.alerting.evaluation.Evidence.Bucket> minima = new java.util.ArrayList<>();
        java.util.Arrays.stream(earlier).sorted(java.util.Comparator.comparing(Observation::measuredAt))
                .forEach(o -> Evaluator.remember(o, rule.code(), minima, rule.window()));
        return Evaluator.trend(rule, current, minima);
    }

    static Verdict news2(Observation current, CarePlanV1 plan, Observation... earlier) {
        Map<String, io.vigie.alerting.evaluation.Evidence.Point> latest = new java.util.HashMap<>();
        java.util.List<Observation> all = new java.util.ArrayList<>(List.of(earlier));
        all.add(current);
        all.sort(java.util.Comparator.comparing(Observation::measuredAt));
        for (Observation o : all) {
            if (o.components() != null) {
                o.components().forEach((c, v) -> latest.put(c, point(o, v)));
            }
            if (o.value() != null || o.valueCode() != null) {
                latest.put(o.code(), point(o, o.value() == null ? 0 : o.value()));
            }
        }
        return Evaluator.news2(DefaultRules.NEWS2, current, latest, plan);
    }

    static io.vigie.alerting.evaluation.Evidence.Point point(Observation o, double v) {
        io.vigie.alerting.evaluation.Evidence.Point p = new io.vigie.alerting.evaluation.Evidence.Point();
        p.t = o.measuredAt().toEpochMilli();
        p.v = v;
        p.g = o.clinicalGrade();
        p.c = o.valueCode();
        return p;
    }

    // ------------------------------------------------------------------------------------------------ threshold

    @Test
    void shouldTriggerHypertensiveCrisisOnEitherComponent() {
        assertTrue(judge(DefaultRules.HYPERTENSIVE_CRISIS, false, bp(180, 90, T, true)).triggered());
        assertTrue(judge(DefaultRules.HYPERTENSIVE_CRISIS, false, bp(150, 120, T, true)).triggered());
        Verdict clear = judge(DefaultRules.HYPERTENSIVE_CRISIS, false, bp(179, 119, T, true));
        assertEquals(Verdict.State.CLEAR, clear.state());
        assertEquals("8480-6 = 179, 8462-4 = 119", clear.value());
    }

    @Test
    void shouldUseStrictLimitsExactlyAsTheDefaults() {
        assertFalse(judge(DefaultRules.HYPOTENSION, false, bp(90, 60, T, true)).triggered(), "SBP < 90");
        assertTrue(judge(DefaultRules.HYPOTENSION, false, bp(89, 60, T, true)).triggered());
        assertFalse(judge(DefaultRules.HYPOGLYCAEMIA_1, false, obs("41653-7", 70, T)).triggered());
        assertTrue(judge(DefaultRules.HYPOGLYCAEMIA_1, false, obs("41653-7", 69.9, T)).triggered());
        assertTrue(judge(DefaultRules.HYPOGLYCAEMIA_2, false, obs("41653-7", 53, T)).triggered());
        assertFalse(judge(DefaultRules.HYPERGLYCAEMIA, false, obs("41653-7", 250, T)).triggered());
        assertTrue(judge(DefaultRules.HYPERGLYCAEMIA, false, obs("41653-7", 250.5, T)).triggered());
    }

    @Test
    void shouldWaitUntilATachycardiaIsSustained60SecondsOnAContinuousMonitor() {
        assertEquals(Verdict.State.NONE, judge(DefaultRules.BRADY_TACHY, true, obs("8867-4", 135, T.minusSeconds(30)), obs("8867-4", 140, T)).state());
        Verdict v = judge(DefaultRules.BRADY_TACHY, true, obs("8867-4", 133, T.minusSeconds(60)), obs("8867-4", 135, T.minusSeconds(30)),
                obs("8867-4", 140, T));
        assertTrue(v.triggered());
        assertEquals("8867-4 > 130 for 60 s", v.detail());
        assertEquals(Verdict.State.NONE, judge(DefaultRules.BRADY_TACHY, true, obs("8867-4", 133, T.minusSeconds(60)), obs("8867-4", 100, T.minusSeconds(45)),
                obs("8867-4", 135, T.minusSeconds(30)), obs("8867-4", 140, T)).state(), "a normal sample in between restarts the streak");
        assertEquals(Verdict.State.NONE, judge(DefaultRules.BRADY_TACHY, true, obs("8867-4", 133, T.minusSeconds(3600)), obs("8867-4", 140, T)).state(),
                "a hole longer than the duration is not continuous monitoring");
    }

    @Test
    void shouldTriggerOnTwoConsecutiveSpotChecksWhateverTheirDistance() {
        assertEquals(Verdict.State.NONE, judge(DefaultRules.DESATURATION, false, obs("2708-6", 88, T)).state());
        Verdict v = judge(DefaultRules.DESATURATION, false, obs("2708-6", 89, T.minus(Duration.ofHours(6))), obs("2708-6", 88, T));
        assertTrue(v.triggered());
        assertEquals("2708-6 < 90 on 2 consecutive readings", v.detail());
        assertEquals(Verdict.State.NONE, judge(DefaultRules.DESATURATION, false, obs("2708-6", 95, T.minusSeconds(600)), obs("2708-6", 88, T)).state());
        assertTrue(judge(DefaultRules.BRADY_TACHY, false, obs("8867-4", 35, T.minus(Duration.ofHours(4))), obs("8867-4", 36, T)).triggered(),
                "a bradycardia seen on spot checks alerts on consecutive readings, not on 60 s");
    }

    // ------------------------------------------------------------------------------------------------ trend

    @Test
    void shouldTriggerWeightGainOfTwoKilogramsAgainstTheLowestOf72Hours() {
        Observation[] earlier = {obs("29463-7", 71.0, T.minus(Duration.ofHours(70))), obs("29463-7", 70.0, T.minus(Duration.ofHours(48))),
                obs("29463-7", 71.5, T.minus(Duration.ofHours(24))), obs("29463-7", 65.0, T.minus(Duration.ofHours(80)))};
        Verdict v = trend(DefaultRules.WEIGHT_GAIN, obs("29463-7", 72.0, T), earlier);
        assertTrue(v.triggered(), "72.0 - 70.0 = +2.0 (65.0 is older than 72 h)");
        assertEquals("+2.0 kg (72.0 kg against 70.0 kg, lowest of 72 h)", v.value());
        assertEquals(Verdict.State.CLEAR, trend(DefaultRules.WEIGHT_GAIN, obs("29463-7", 71.9, T), earlier).state());
        assertEquals(Verdict.State.NONE, trend(DefaultRules.WEIGHT_GAIN, obs("29463-7", 80, T)).state(), "no reference");
    }

    // ------------------------------------------------------------------------------------------------ NEWS2

    @Test
    void shouldRaiseNews2FromTheLatestParametersOfTheLastHour() {
        Verdict v = news2(bp(105, 70, T, true), plan(false, MonitoringProgram.HEART_FAILURE), obs("9279-1", 10, T.minus(Duration.ofHours(2))),
                obs("9279-1", 22, T.minusSeconds(600)), obs("2708-6", 93, T.minusSeconds(500)), obs("8867-4", 95, T.minusSeconds(400)),
                obs("8310-5", 37.0, T.minusSeconds(300)));
        assertTrue(v.triggered());
        assertEquals(Priority.HIGH, v.priority(), "2 + 2 + 1 + 1 + 0 = 6: medium band, high priority");
        assertTrue(v.value().startsWith("NEWS2 6 (partial"), v.value());
        assertEquals(Priority.MEDIUM, news2(obs("9279-1", 8, T), plan(false, MonitoringProgram.HEART_FAILURE)).priority());
        Verdict seven = news2(obs("9279-1", 25, T), plan(false), obs("2708-6", 91, T.minusSeconds(60)), obs("8867-4", 131, T.minusSeconds(60)));
        assertTrue(seven.escalateNow(), "7 or more: escalated at once");
        Observation alert = new Observation(UUID.randomUUID(), UUID.randomUUID(), "67775-7", null, "A", null, T.minusSeconds(60), true);
        assertEquals(Verdict.State.CLEAR, news2(obs("9279-1", 16, T), plan(false), obs("2708-6", 97, T.minusSeconds(60)),
                obs("3151-8", 0, T.minusSeconds(60)), bp(120, 80, T.minusSeconds(60), true), obs("8867-4", 80, T.minusSeconds(60)), alert,
                obs("8310-5", 37.0, T.minusSeconds(60))).state(), "a complete low score clears");
        assertEquals(Verdict.State.NONE, news2(obs("9279-1", 16, T), plan(false)).state(), "a partial low score clears nothing");
        Verdict aged = news2(obs("2708-6", 97, T), plan(false), obs("9279-1", 26, T.minus(Duration.ofHours(2))));
        assertEquals(Verdict.State.NONE, aged.state(), "a value older than the window does not count: the score is low for lack of it, which clears nothing");
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
        List<Rule> hf = DefaultRules.effective(plan(true, MonitoringProgram.HEART_FAILURE), LocalDate.of(2026, 11, 29), List.of()).rules();
        List<String> keys = hf.stream().map(Rule::key).toList();
        assertTrue(keys.containsAll(List.of("hf.weight-gain", "bp.hypotension", "news2", "missed.29463-7", "event.bed-exit", "event.no-heartbeat")), keys.toString());
        Rule missed = hf.stream().filter(r -> r.key().equals("missed.29463-7")).findFirst().orElseThrow();
        assertEquals(Duration.ofHours(36), missed.period().plus(missed.grace()));
        assertEquals(List.of("event.implant", "event.pump"), DefaultRules.effective(plan(true), LocalDate.of(2026, 11, 29), List.of()).rules().stream()
                .map(Rule::key).toList(), "not enrolled: only implant and pump events, which alert whatever the programmes");
        List<String> diabetes = DefaultRules.effective(plan(false, MonitoringProgram.DIABETES), LocalDate.of(2026, 11, 29), List.of()).rules()
                .stream().map(Rule::key).toList();
        assertTrue(diabetes.containsAll(List.of("glucose.hypo-1", "glucose.hypo-2", "glucose.hyper", "event.pump")));
        assertFalse(diabetes.contains("hf.weight-gain"));
    }

    @Test
    void shouldApplyAClinicianOverrideAndRefuseUnknownParameters() {
        CarePlanV1.RuleOverride gain15 = new CarePlanV1.RuleOverride("hf.weight-gain", null, Map.of("delta", 1.5, "windowHours", 48.0));
        Rule r = DefaultRules.effective(plan(false, MonitoringProgram.HEART_FAILURE), LocalDate.of(2026, 11, 29), List.of(gain15)).rules().stream()
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

    @Test
    void shouldKeepTheOverrideCatalogueAndTheDefaultRulesTogether() {
        for (Rule r : DefaultRules.effective(plan(true, MonitoringProgram.values()), LocalDate.of(2026, 11, 29), List.of()).rules()) {
            io.vigie.events.alert.RuleCatalogue.Rule entry = io.vigie.events.alert.RuleCatalogue.byKey(r.key());
            assertTrue(entry != null, "the catalogue lacks " + r.key());
            assertEquals(r.kind().name(), entry.kind().name(), r.key());
            if (r.kind() == RuleKind.THRESHOLD) {
                assertEquals(r.conditions().size(), entry.limits(), r.key());
            }
            assertEquals(Rule.PARAMETERS.get(r.kind()), new java.util.HashSet<>(io.vigie.events.alert.RuleCatalogue.PARAMETERS
                    .get(io.vigie.events.alert.RuleCatalogue.Kind.valueOf(r.kind().name())).stream().map(io.vigie.events.alert.RuleCatalogue.Parameter::name)
                    .toList()), r.key());
        }
        assertEquals("params.limit", io.vigie.events.alert.RuleCatalogue.violations("bp.hypertensive-crisis", Map.of("limit", 170.0)).get(0).field(),
                "one limit for a two-limit rule is ambiguous: refused");
        assertEquals("params.delat", io.vigie.events.alert.RuleCatalogue.violations("hf.weight-gain", Map.of("delat", 1.5)).get(0).field());
        assertTrue(io.vigie.events.alert.RuleCatalogue.violations("hf.weight-gain", Map.of("delta", 1.5)).isEmpty());
    }
}
