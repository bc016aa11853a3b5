package io.vigie.alerting.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandV1;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.MonitoringProgram;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The clinical-safety behaviours of the evaluator (CLINICAL.md, "how rules meet the devices"). */
class EvaluatorSafetyTest {

    final Driver d = new Driver();

    @AfterEach
    void close() {
        d.close();
    }

    @Test
    void shouldJudgeAReadingThatCameBeforeTheCarePlanWhenThePlanArrivesFlaggedLateWhenOld() {
        UUID p = UUID.randomUUID();
        d.reading(p, "41653-7", 45, "mg/dL");
        assertTrue(d.changes().isEmpty(), "no plan yet: kept, not judged");
        d.advance(Duration.ofMinutes(20));
        d.plan(p, false, MonitoringProgram.DIABETES);
        AlertChangedV1 hypo = d.alert(p, "glucose.hypo-2");
        assertNotNull(hypo, "judged when the plan arrived, never dropped");
        assertTrue(hypo.late(), "measured 20 minutes before it could be judged: late");
        assertNull(hypo.escalationDueAt(), "a late alert does not escalate");
    }

    @Test
    void shouldHoldOnlyTheDisconnectedSensorsAbnormalReadingsAndJudgeThemWhenItSendsAValidOne() {
        UUID p = d.patient(MonitoringProgram.HEART_FAILURE);
        UUID monitor = UUID.randomUUID();
        d.event(p, monitor, DeviceKind.BLOOD_PRESSURE_MONITOR, "sensor-disconnected", Map.of("sensor", "bp"));
        assertNotNull(d.alert(p, "event.sensor-disconnected"));
        // the cuff reports a hypotension: held, counted on the disconnection alert, no hypotension alert
        d.readings.pipeInput(p.toString(), Driver.json(bpFrom(p, monitor, 80, 50)), d.now);
        assertNull(d.alert(p, "bp.hypotension"));
        assertEquals(1, d.alert(p, "event.sensor-disconnected").inhibited());
        // the same device's heart rate is another sensor: judged as usual
        d.readings.pipeInput(p.toString(), Driver.json(hrFrom(p, monitor, 20)), d.now);
        assertNotNull(d.alert(p, "news2"), "heart rate 20: NEWS2 3, judged at once");
        // the cuff sends a valid reading: the inhibition lifts, the held hypotension is judged now, the valid one resolves nothing
        d.advance(Duration.ofMinutes(1));
        d.readings.pipeInput(p.toString(), Driver.json(bpFrom(p, monitor, 125, 80)), d.now);
        assertEquals("AUTO_RESOLVED", d.alert(p, "event.sensor-disconnected").change());
        AlertChangedV1 hypotension = d.alert(p, "bp.hypotension");
        assertNotNull(hypotension, "the held reading, re-judged when the inhibition lifted");
        assertEquals("OPEN", hypotension.status(), "a reading from the inhibited sensor never auto-resolves an alert");
    }

    @Test
    void shouldReleaseAnInhibitionAfterTwentyFourHoursAndJudgeWhatItHeld() {
        UUID p = d.patient(MonitoringProgram.HEART_FAILURE);
        UUID monitor = UUID.randomUUID();
        d.event(p, monitor, DeviceKind.BLOOD_PRESSURE_MONITOR, "sensor-disconnected", Map.of());
        d.readings.pipeInput(p.toString(), Driver.json(bpFrom(p, monitor, 80, 50)), d.now);
        assertNull(d.alert(p, "bp.hypotension"));
        d.jump(Duration.ofHours(24).plusSeconds(1));
        assertNotNull(d.alert(p, "bp.hypotension"), "held 24 h at most, then judged");
        assertEquals("OPEN", d.alert(p, "event.sensor-disconnected").status(), "24 h without a valid reading do not say the sensor is back");
    }

    @Test
    void shouldDisableOnlyTheRuleWhoseOverrideFailsAndSayItToTheCareTeam() {
        UUID p = UUID.randomUUID();
        // an override that passed the catalogue once but cannot be applied now (a two-limit rule given an out-of-range limit index)
        CarePlanV1.Enrollment e = new CarePlanV1.Enrollment(UUID.randomUUID(), MonitoringProgram.DIABETES, LocalDate.ofInstant(d.now, ZoneOffset.UTC),
                null, null, List.of(new CarePlanV1.RuleOverride("glucose.hyper", null, Map.of("limit.1", 300.0))), null);
        d.plan(p, false, List.of(e));
        AlertChangedV1 technical = d.alert(p, "rule.broken.glucose.hyper");
        assertNotNull(technical, "a technical alert says the rule is off for this patient");
        assertEquals(Boolean.TRUE, technical.technical());
        d.reading(p, "41653-7", 45, "mg/dL");
        assertNotNull(d.alert(p, "glucose.hypo-2"), "the patient's other rules go on");
        UUID other = d.patient(MonitoringProgram.DIABETES);
        d.reading(other, "41653-7", 400, "mg/dL");
        assertNotNull(d.alert(other, "glucose.hyper"), "other patients are not touched");
    }

    @Test
    void shouldStartANewEpisodeWhenAResolvedMissedMeasurementIsStillOverdue() {
        UUID p = d.patient(MonitoringProgram.HEART_FAILURE);
        d.jump(Duration.ofHours(29));
        AlertChangedV1 first = d.alert(p, "missed.29463-7");
        assertNotNull(first);
        d.command(d.onAlert(p, AlertCommandV1.Command.RESOLVE, first.alertId(), null));
        d.jump(Duration.ofHours(25));
        AlertChangedV1 again = d.alert(p, "missed.29463-7");
        assertEquals("RAISED", again.change(), "still no weight a day later: a new episode");
        assertFalse(again.alertId().equals(first.alertId()));
    }

    @Test
    void shouldAlertOnAnImplantEventForAPatientWithoutAnyProgrammeOrPlanYet() {
        UUID p = UUID.randomUUID();
        d.event(p, UUID.randomUUID(), DeviceKind.DEFIBRILLATOR, "shock-delivered", Map.of());
        AlertChangedV1 shock = d.alert(p, "event.implant");
        assertNotNull(shock, "implant events alert whatever the programmes, even before the plan is known");
        assertEquals("HIGH", shock.priority());
        UUID diabetic = d.patient(MonitoringProgram.HEART_FAILURE);
        d.event(diabetic, UUID.randomUUID(), DeviceKind.INSULIN_PUMP, "pump-occlusion", Map.of());
        assertNotNull(d.alert(diabetic, "event.pump"), "a pump occlusion alerts outside the diabetes programme too");
    }

    @Test
    void shouldResolveOnlyAfterTheConditionIsClearForAWhileAndNeverMakeAnUnacknowledgedHighAlertDisappear() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 300, "mg/dL"); // hyperglycaemia, MEDIUM
        d.advance(Duration.ofMinutes(1));
        d.reading(p, "41653-7", 140, "mg/dL");
        assertEquals("RAISED", d.alert(p, "glucose.hyper").change(), "one clear reading is not enough");
        d.advance(Duration.ofMinutes(1));
        d.reading(p, "41653-7", 130, "mg/dL");
        d.advance(Duration.ofMinutes(1));
        d.reading(p, "41653-7", 120, "mg/dL");
        assertEquals("AUTO_RESOLVED", d.alert(p, "glucose.hyper").change(), "clear on 3 readings in a row");

        UUID q = d.patient(MonitoringProgram.DIABETES);
        d.reading(q, "41653-7", 45, "mg/dL"); // level 2, HIGH, nobody acknowledges it
        for (int i = 0; i < 4; i++) {
            d.advance(Duration.ofMinutes(1));
            d.reading(q, "41653-7", 110, "mg/dL");
        }
        AlertChangedV1 high = d.alert(q, "glucose.hypo-2");
        assertEquals("OPEN", high.status(), "an unacknowledged high alert stays for a person");
        assertEquals(Boolean.TRUE, high.conditionCleared());
        assertEquals("MEDIUM", d.alert(q, "glucose.hypo-1").priority());
    }

    @Test
    void shouldNeverResolveBecauseEvidenceAgedOut() {
        UUID p = d.patient(MonitoringProgram.RESPIRATORY_FAILURE);
        d.reading(p, "9279-1", 26, "/min", d.now, true, DeviceKind.SMART_TEXTILE);
        d.jump(Duration.ofHours(3)); // the respiration rate leaves NEWS2's window: the partial score falls low for lack of it
        for (int i = 0; i < 4; i++) { // more readings and more time than the hysteresis (3 readings or 5 min) asks
            d.reading(p, "2708-6", 97, "%", d.now, true, DeviceKind.SMART_TEXTILE);
            d.advance(Duration.ofMinutes(2));
        }
        assertEquals("RAISED", d.alert(p, "news2").change(), "no auto-resolve on absence of evidence");
        assertEquals("OPEN", d.alert(p, "news2").status());
    }

    @Test
    void shouldResignalAtOnceWhenNews2ReachesSevenOnAnAcknowledgedAlert() {
        UUID p = d.patient(MonitoringProgram.RESPIRATORY_FAILURE);
        d.reading(p, "9279-1", 26, "/min", d.now, true, DeviceKind.SMART_TEXTILE); // 3: MEDIUM
        AlertChangedV1 a = d.alert(p, "news2");
        d.command(d.onAlert(p, AlertCommandV1.Command.ACKNOWLEDGE, a.alertId(), null));
        d.reading(p, "8867-4", 135, "/min", d.now, true, DeviceKind.SMART_TEXTILE); // 6
        d.reading(p, "2708-6", 91, "%", d.now, true, DeviceKind.SMART_TEXTILE); // +3: 9, band HIGH
        AlertChangedV1 worse = d.alert(p, "news2");
        assertEquals("WORSENED", worse.change());
        assertEquals("OPEN", worse.status(), "re-notified: back on the worklist");
        assertEquals(List.of(Driver.CLINICIAN, Driver.NURSE), worse.recipients());
        d.advance(Duration.ofSeconds(2));
        assertEquals("ESCALATED", d.alert(p, "news2").change(), "and escalated at once");
    }

    @Test
    void shouldResignalAtOnceWhenAnAcknowledgedHighConditionComesBackAfterBeginningToClear() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 45, "mg/dL");
        AlertChangedV1 a = d.alert(p, "glucose.hypo-2");
        d.command(d.onAlert(p, AlertCommandV1.Command.ACKNOWLEDGE, a.alertId(), null));
        d.advance(Duration.ofMinutes(1));
        d.reading(p, "41653-7", 48, "mg/dL");
        assertEquals("REPEATED", d.alert(p, "glucose.hypo-2").change(), "still low, acknowledged: someone is on it");
        d.advance(Duration.ofMinutes(1));
        d.reading(p, "41653-7", 95, "mg/dL"); // resugared: the condition begins to clear
        d.advance(Duration.ofMinutes(1));
        d.reading(p, "41653-7", 44, "mg/dL"); // and it is back
        AlertChangedV1 back = d.alert(p, "glucose.hypo-2");
        assertEquals("WORSENED", back.change());
        assertEquals("OPEN", back.status(), "re-notified: back on the worklist");
        assertEquals(List.of(Driver.CLINICIAN, Driver.NURSE), back.recipients());
    }

    @Test
    void shouldEscalateALateAlertOnceLiveReadingsConfirmIt() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 45, "mg/dL", d.now.minus(Duration.ofHours(3)), true, DeviceKind.GLUCOMETER);
        assertNull(d.alert(p, "glucose.hypo-2").escalationDueAt());
        d.reading(p, "41653-7", 44, "mg/dL");
        AlertChangedV1 confirmed = d.alert(p, "glucose.hypo-2");
        assertEquals("CONFIRMED_LIVE", confirmed.change());
        assertFalse(confirmed.late());
        assertNotNull(confirmed.escalationDueAt());
    }

    @Test
    void shouldEraseThePatientsStateAndIgnoreTheirLaterInputs() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 45, "mg/dL");
        int before = d.changes().size();
        assertNotNull(d.stored(EvaluatorTopology.ALERTS, p));
        d.erase(p);
        assertNull(d.stored(EvaluatorTopology.EVIDENCE, p), "the patient's evidence is deleted, not emptied");
        assertNull(d.stored(EvaluatorTopology.ALERTS, p), "the patient's alerts are deleted, not emptied");
        d.plan(p, false, MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 40, "mg/dL");
        d.jump(Duration.ofDays(2));
        assertEquals(before, d.changes().size(), "nothing more about an erased patient");
    }

    static io.vigie.events.reading.ReadingAcceptedV1 bpFrom(UUID patient, UUID device, double sys, double dia) {
        UUID id = UUID.randomUUID();
        return new io.vigie.events.reading.ReadingAcceptedV1(id, "ReadingAccepted", 1, java.time.Instant.now(), "ingestion-service", "hopital-nord", id,
                "bp-" + id, device, DeviceKind.BLOOD_PRESSURE_MONITOR, patient, "85354-9", null, null, null,
                List.of(new io.vigie.events.reading.ReadingAcceptedV1.Component("8480-6", sys, "mm[Hg]"),
                        new io.vigie.events.reading.ReadingAcceptedV1.Component("8462-4", dia, "mm[Hg]")),
                Driver.START, Driver.START, true, List.of(), null, null, "MQTT", false, null);
    }

    static io.vigie.events.reading.ReadingAcceptedV1 hrFrom(UUID patient, UUID device, double hr) {
        UUID id = UUID.randomUUID();
        return new io.vigie.events.reading.ReadingAcceptedV1(id, "ReadingAccepted", 1, java.time.Instant.now(), "ingestion-service", "hopital-nord", id,
                "hr-" + id, device, DeviceKind.BLOOD_PRESSURE_MONITOR, patient, "8867-4", hr, null, "/min", null, Driver.START, Driver.START, true,
                List.of(), null, null, "MQTT", false, null);
    }
}
