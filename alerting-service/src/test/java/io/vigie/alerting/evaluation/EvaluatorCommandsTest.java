package io.vigie.alerting.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.events.alert.AlertCommandOutcomeV1.Result;
import io.vigie.events.alert.AlertCommandV1;
import io.vigie.events.alert.AlertCommandV1.Command;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.patient.MonitoringProgram;
import io.vigie.inbox.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What people do with alerts and rules, applied by the patient's evaluator (the single writer of their alerts). */
class EvaluatorCommandsTest {

    final Driver d = new Driver();

    @AfterEach
    void close() {
        d.close();
    }

    @Test
    void shouldEscalateAnUnacknowledgedHighAlertAndStopOnceSomeoneAcknowledgesIt() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 45, "mg/dL");
        AlertChangedV1 raised = d.alert(p, "glucose.hypo-2");
        assertNotNull(raised.escalationDueAt(), "a high alert nobody acknowledges escalates");
        d.advance(Duration.ofMinutes(16));
        assertEquals("ESCALATED", d.alert(p, "glucose.hypo-2").change());

        UUID q = d.patient(MonitoringProgram.DIABETES);
        d.reading(q, "41653-7", 45, "mg/dL");
        AlertChangedV1 a = d.alert(q, "glucose.hypo-2");
        AlertCommandOutcomeV1 ack = d.command(d.onAlert(q, Command.ACKNOWLEDGE, a.alertId(), a.revision()));
        assertEquals(Result.ACCEPTED, ack.result());
        assertEquals("ACKNOWLEDGED", ack.alert().status());
        assertEquals(Driver.NURSE, ack.alert().acknowledgedBy());
        assertNull(ack.alert().escalationDueAt());
        d.advance(Duration.ofMinutes(16));
        assertEquals(List.of("RAISED", "ACKNOWLEDGED"), d.changeTypes(q, "glucose.hypo-2"), "acknowledged: no escalation");

        // a second acknowledgement (another nurse, a double click) is answered with the alert as it is and changes nothing
        AlertCommandOutcomeV1 again = d.command(d.onAlert(q, Command.ACKNOWLEDGE, a.alertId(), null));
        assertEquals(Result.ACCEPTED, again.result());
        assertEquals(ack.alert().revision(), again.alert().revision());
        assertEquals(List.of("RAISED", "ACKNOWLEDGED"), d.changeTypes(q, "glucose.hypo-2"));
    }

    @Test
    void shouldRefuseACommandOnARevisionThatChangedOnAResolvedAlertOrOnAnotherHospitalsPatient() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 45, "mg/dL");
        AlertChangedV1 a = d.alert(p, "glucose.hypo-2");
        d.reading(p, "41653-7", 44, "mg/dL"); // a repeat moves the revision on
        AlertCommandOutcomeV1 stale = d.command(d.onAlert(p, Command.ACKNOWLEDGE, a.alertId(), a.revision()));
        assertEquals(Result.PRECONDITION_FAILED, stale.result(), "the nurse acknowledged what she saw, not what it became");
        assertTrue(stale.reason().contains("read it again"));

        AlertCommandOutcomeV1 resolved = d.command(d.onAlert(p, Command.RESOLVE, a.alertId(), null));
        assertEquals(Result.ACCEPTED, resolved.result());
        assertEquals("RESOLVED", resolved.alert().status());
        assertEquals(Result.CONFLICT, d.command(d.onAlert(p, Command.RESOLVE, a.alertId(), null)).result());
        AlertCommandOutcomeV1 comment = d.command(d.onAlert(p, Command.COMMENT, a.alertId(), null));
        assertEquals(Result.ACCEPTED, comment.result(), "a resolved alert's history still takes a comment");

        assertEquals(Result.NOT_FOUND, d.command(d.onAlert(p, Command.ACKNOWLEDGE, UUID.randomUUID(), null)).result());
        AlertCommandV1 foreign = d.onAlert(p, Command.ACKNOWLEDGE, a.alertId(), null);
        AlertCommandV1 otherHospital = new AlertCommandV1(foreign.eventId(), foreign.eventType(), 1, foreign.occurredAt(), foreign.source(),
                "hopital-sud", p, Command.ACKNOWLEDGE, a.alertId(), null, "nurse-sud", List.of("nurse"), "care", null, null, null, null, null, null,
                null, null);
        assertEquals(Result.NOT_FOUND, d.command(otherHospital).result(), "another hospital's patient does not exist for its staff");
    }

    @Test
    void shouldAuditEveryAcceptedCommandWithWhoDidIt() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.reading(p, "41653-7", 45, "mg/dL");
        AlertChangedV1 a = d.alert(p, "glucose.hypo-2");
        d.audits.readValuesToList(); // what came before
        d.command(d.onAlert(p, Command.ASSIGN, a.alertId(), null));
        List<AuditRecordedV1> audit = d.audits.readValuesToList().stream().map(v -> Driver.read(v, AuditRecordedV1.class)).toList();
        assertEquals(1, audit.size());
        assertEquals(Driver.NURSE, audit.get(0).actorId());
        assertEquals(a.alertId().toString(), audit.get(0).resourceId());
    }

    @Test
    void shouldSilenceOnlyTheSilencedRuleUntilTheSilenceEndsOrIsLifted() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        UUID silence = UUID.randomUUID();
        AlertCommandOutcomeV1 ok = d.command(d.onRule(p, Command.SILENCE, "glucose.hyper", null, null, silence, d.now.plus(Duration.ofHours(1))));
        assertEquals(Result.ACCEPTED, ok.result());
        d.reading(p, "41653-7", 300, "mg/dL");
        assertNull(d.alert(p, "glucose.hyper"), "silenced");
        d.reading(p, "41653-7", 45, "mg/dL");
        assertNotNull(d.alert(p, "glucose.hypo-2"), "the patient's other rules go on");
        d.command(d.onRule(p, Command.LIFT_SILENCE, null, null, null, silence, null));
        d.reading(p, "41653-7", 310, "mg/dL");
        assertNotNull(d.alert(p, "glucose.hyper"), "lifted");
        assertEquals(Result.INVALID, d.command(d.onRule(p, Command.SILENCE, "glucose.hyper", null, null, null, d.now.plus(Duration.ofDays(31))))
                .result(), "a silence lasts 30 days at most");
        assertEquals(Result.NOT_FOUND, d.command(d.onRule(p, Command.LIFT_SILENCE, null, null, null, UUID.randomUUID(), null)).result());
    }

    @Test
    void shouldApplyARuleOverrideToTheNextReadingAndRefuseOneThatBreaksTheCatalogue() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        AlertCommandOutcomeV1 lower = d.command(d.onRule(p, Command.OVERRIDE_RULE, "glucose.hyper", null, Map.of("limit", 180.0), null, null));
        assertEquals(Result.ACCEPTED, lower.result());
        assertEquals(Driver.CLINICIAN, lower.rule().updatedBy());
        d.reading(p, "41653-7", 200, "mg/dL");
        assertEquals("41653-7 > 180", d.alert(p, "glucose.hyper").detail(), "the patient's own limit");
        AlertCommandOutcomeV1 wrong = d.command(d.onRule(p, Command.OVERRIDE_RULE, "glucose.hyper", null, Map.of("limit.1", 300.0), null, null));
        assertEquals(Result.INVALID, wrong.result());
        assertTrue(wrong.reason().startsWith("params.limit.1"), wrong.reason());
    }

    @Test
    void shouldSetAPoisonReadingAsideWithItsReasonAndJudgeThePatientsNextOne() {
        UUID p = d.patient(MonitoringProgram.DIABETES);
        d.readings.pipeInput(p.toString(), "{\"eventType\":\"ReadingAccepted\",", d.now);
        List<TestRecord<String, String>> dead = d.readingDeadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals("alerting-evaluator", header(dead.get(0), DeadLetters.CONSUMER));
        assertNotNull(header(dead.get(0), DeadLetters.REASON));
        d.reading(p, "41653-7", 45, "mg/dL");
        assertNotNull(d.alert(p, "glucose.hypo-2"), "the partition goes on");
    }

    static String header(TestRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
