package io.vigie.alerting.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.patient.MonitoringProgram;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every rule kind through the evaluator's topology (TopologyTestDriver: exactly-once, mocked wall clock). */
class EvaluatorRulesTest {

    final Driver d = new Driver();

    @AfterEach
    void close() {
        d.close();
    }

    @Test
    void shouldRaiseAThresholdAlertAtOnceAndCountItsRepeatsWhenAReadingIsBeyondThePlainLimit() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 50, "mg/dL");
        AlertChangedV1 hypo2 = d.alert(p, "glucose.hypo-2");
        assertEquals("RAISED", hypo2.change());
        assertEquals("HIGH", hypo2.priority());
        assertEquals("41653-7 = 50", hypo2.lastValue());
        assertEquals(1L, hypo2.revision());
        assertEquals("MEDIUM", d.alert(p, "glucose.hypo-1").priority(), "level 1 too");
        d.reading(p, "41653-7", 48, "mg/dL");
        assertEquals(List.of("RAISED", "REPEATED"), d.changeTypes(p, "glucose.hypo-2"));
        assertEquals(2, d.alert(p, "glucose.hypo-2").count());
        assertEquals(2L, d.alert(p, "glucose.hypo-2").revision());
    }

    @Test
    void shouldNotRaiseAHighPriorityAlertFromAReadingThatIsNotClinicalGrade() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 50, "mg/dL", d.now, false, DeviceKind.GLUCOMETER);
        assertEquals("MEDIUM", d.alert(p, "glucose.hypo-2").priority(), "level 2 is high, not on a reading that is not clinical grade alone");
        assertEquals(false, d.alert(p, "glucose.hypo-2").clinicalGrade());
    }

    @Test
    void shouldRequireSixtySecondsOfSamplesFromAContinuousMonitorButTwoConsecutiveSpotChecks() {
        UUID textile = d.patient(MonitoringProgram.RESPIRATORY_FAILURE);
        // two samples a second apart: not sustained
        d.reading(textile, "2708-6", 85, "%", d.now, true, DeviceKind.SMART_TEXTILE);
        d.advance(Duration.ofSeconds(1));
        d.reading(textile, "2708-6", 85, "%", d.now, true, DeviceKind.SMART_TEXTILE);
        assertNull(d.alert(textile, "spo2.desaturation"), "two samples a second apart are not 60 s of desaturation");
        for (int i = 0; i < 60; i++) {
            d.advance(Duration.ofSeconds(1));
            d.reading(textile, "2708-6", 85, "%", d.now, true, DeviceKind.SMART_TEXTILE);
        }
        assertEquals("2708-6 < 90 for 61 s", d.alert(textile, "spo2.desaturation").detail());

        UUID spot = d.patient(MonitoringProgram.IMPLANTED_CARDIAC_DEVICE);
        d.reading(spot, "8867-4", 35, "/min", d.now, true, DeviceKind.BLOOD_PRESSURE_MONITOR);
        assertNull(d.alert(spot, "hr.brady-tachycardia"), "one spot check is not enough");
        d.advance(Duration.ofMinutes(20));
        d.reading(spot, "8867-4", 36, "/min", d.now, true, DeviceKind.BLOOD_PRESSURE_MONITOR);
        AlertChangedV1 brady = d.alert(spot, "hr.brady-tachycardia");
        assertNotNull(brady, "a bradycardia seen on spot checks must alert");
        assertEquals("8867-4 < 40 on 2 consecutive readings", brady.detail());
    }

    @Test
    void shouldRaiseAWeightGainOfTwoKilogramsAgainstTheLowestWeightOfSeventyTwoHours() {
        UUID p = d.patient(MonitoringProgram.HEART_FAILURE);
        for (double kg : new double[] {70.4, 70.0, 70.6, 71.2, 71.9}) {
            d.reading(p, "29463-7", kg, "kg", d.now, true, DeviceKind.SCALE);
            d.jump(Duration.ofHours(12));
        }
        assertNull(d.alert(p, "hf.weight-gain"), "+1.9 kg");
        d.reading(p, "29463-7", 72.1, "kg", d.now, true, DeviceKind.SCALE);
        AlertChangedV1 gain = d.alert(p, "hf.weight-gain");
        assertEquals("+2.1 kg (72.1 kg against 70.0 kg, lowest of 72 h)", gain.lastValue());
        assertEquals("HIGH", gain.priority());
    }

    @Test
    void shouldScoreNews2FromTheLatestValueOfEachParameterAndCapItWhenAReadingIsNotClinicalGrade() {
        UUID p = d.patient(MonitoringProgram.RESPIRATORY_FAILURE);
        d.reading(p, "9279-1", 26, "/min", d.now, true, DeviceKind.SMART_TEXTILE); // 3
        AlertChangedV1 single3 = d.alert(p, "news2");
        assertEquals("MEDIUM", single3.priority(), "a single 3: urgent review");
        d.reading(p, "8867-4", 135, "/min", d.now, true, DeviceKind.SMART_TEXTILE); // +3 → 6
        assertEquals("HIGH", d.alert(p, "news2").priority());
        UUID capped = d.patient(MonitoringProgram.RESPIRATORY_FAILURE);
        d.reading(capped, "9279-1", 26, "/min", d.now, true, DeviceKind.SMART_TEXTILE);
        d.reading(capped, "8867-4", 135, "/min", d.now, false, DeviceKind.WATCH); // a wellness watch contributes
        assertEquals("MEDIUM", d.alert(capped, "news2").priority(), "a score with a non-clinical-grade reading in it is capped at MEDIUM");
    }

    @Test
    void shouldAlertOnBedExitOnlyForAFallRiskPatientAndOnBatteryBelowItsThreshold() {
        UUID fallRisk = d.patient(true, MonitoringProgram.HEART_FAILURE);
        UUID steady = d.patient(false, MonitoringProgram.HEART_FAILURE);
        d.event(fallRisk, "bed-exit", Map.of());
        d.event(steady, "bed-exit", Map.of());
        assertEquals("HIGH", d.alert(fallRisk, "event.bed-exit").priority());
        assertNull(d.alert(steady, "event.bed-exit"));
        d.event(steady, "battery-low", Map.of("batteryPercent", 40));
        assertNull(d.alert(steady, "event.battery-low"));
        d.event(steady, "battery-low", Map.of("batteryPercent", 9));
        assertEquals("battery-low (9 %)", d.alert(steady, "event.battery-low").lastValue());
    }

    @Test
    void shouldRaiseALowTechnicalAlertPerDeviceWhenIngestionReportsItsDataRejected() {
        UUID p = d.patient(false, MonitoringProgram.DIABETES);
        d.event(p, "data-rejected", Map.of("since", "2026-12-07T09:00:00Z", "reasons", "UNIT_NOT_CONVERTIBLE"));
        AlertChangedV1 a = d.alert(p, "event.data-rejected");
        assertEquals("LOW", a.priority());
        assertEquals("data-rejected (UNIT_NOT_CONVERTIBLE)", a.lastValue());
    }

    @Test
    void shouldReportAMissedDailyMeasurementOnceItsDeadlinePassesAndResolveItWhenTheReadingComes() {
        UUID p = d.patient(MonitoringProgram.HEART_FAILURE); // enrolled today (08:00): a daily weight, 12 h of grace, due at 36 h after midnight
        d.jump(Duration.ofHours(27));
        assertNull(d.alert(p, "missed.29463-7"));
        d.jump(Duration.ofHours(2));
        AlertChangedV1 missed = d.alert(p, "missed.29463-7");
        assertEquals("RAISED", missed.change());
        assertEquals("LOW", missed.priority());
        d.jump(Duration.ofHours(1));
        assertEquals(List.of("RAISED"), d.changeTypes(p, "missed.29463-7"), "raised once per overdue deadline, not repeated by every check");
        d.reading(p, "29463-7", 70, "kg", d.now, true, DeviceKind.SCALE);
        assertEquals("AUTO_RESOLVED", d.alert(p, "missed.29463-7").change());
    }

    @Test
    void shouldReportASilentContinuousDeviceAfterItsHeartbeatTimeout() {
        UUID p = d.patient(MonitoringProgram.HEART_FAILURE);
        d.event(p, "heartbeat", Map.of());
        d.advance(Duration.ofMinutes(9));
        assertNull(d.alert(p, "event.no-heartbeat"));
        d.advance(Duration.ofMinutes(2));
        assertEquals("RAISED", d.alert(p, "event.no-heartbeat").change());
        d.event(p, "heartbeat", Map.of());
        assertEquals("AUTO_RESOLVED", d.alert(p, "event.no-heartbeat").change());
    }

    @Test
    void shouldReportADeviceHeardBeforeThePlanThatFallsSilentAfterIt() {
        UUID p = UUID.randomUUID();
        d.event(p, "heartbeat", Map.of()); // the device beats before the patient's plan is known, then never again
        d.advance(Duration.ofMinutes(1));
        d.plan(p, false, MonitoringProgram.HEART_FAILURE);
        d.advance(Duration.ofMinutes(10));
        assertEquals("RAISED", d.alert(p, "event.no-heartbeat").change());
    }

    @Test
    void shouldJudgeAResendOfAReadingOnlyOnce() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        var r = d.reading(p, "41653-7", 50, "mg/dL");
        d.send(r);
        d.send(r);
        assertEquals(1, d.alert(p, "glucose.hypo-2").count(), "the same reading id at the same time is a device's resend");
        assertTrue(d.changes(p, "glucose.hypo-2").size() == 1);
    }
}
