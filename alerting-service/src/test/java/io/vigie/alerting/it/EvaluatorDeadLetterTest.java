package io.vigie.alerting.it;

import static io.vigie.alerting.it.AlertFixtures.alerts;
import static io.vigie.alerting.it.AlertFixtures.as;
import static io.vigie.alerting.it.AlertFixtures.await;
import static io.vigie.alerting.it.AlertFixtures.publish;
import static io.vigie.alerting.it.AlertFixtures.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.patient.MonitoringProgram;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Poison on the evaluator's inputs through real Kafka: set aside with its reason, the patient's partition goes on, the admin API lists it. */
@QuarkusTest
class EvaluatorDeadLetterTest {

    static final String DLQ = KafkaProbe.physical(Topics.dlq(Topics.READING_ACCEPTED));

    @Test
    void shouldSetAPoisonReadingAsideListItForTheAdminAndJudgeThePatientsNextReading() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        try (KafkaProbe dlq = KafkaProbe.fromNow(Topics.dlq(Topics.READING_ACCEPTED))) {
            // given a reading that breaks its contract (no code), then a hypoglycaemia, on the patient's partition
            KafkaProbe.send(Topics.READING_ACCEPTED, patient.toString(), "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"ReadingAccepted\"}");
            publish(reading(patient, "hopital-nord", "41653-7", 45, "mg/dL", Instant.now().minusSeconds(5), true));
            // then the poison is in the DLQ with why, from the evaluator
            ConsumerRecord<String, String> dead = dlq.await(r -> patient.toString().equals(r.key())
                    && "alerting-evaluator".equals(header(r, "vigie-dlq-consumer")), Duration.ofSeconds(30));
            assertEquals("invalid", header(dead, "vigie-dlq-kind"), header(dead, "vigie-dlq-reason"));
            // and the reading after it was judged
            await("the next reading judged", () -> !alerts(patient, "glucose.hypo-2").isEmpty());
            // and the admin view lists the evaluator's dead letter, without its content
            JsonPath view = JsonPath.from(as("platform-admin").get("/api/v1/admin/dlq").then().statusCode(200).extract().asString());
            Map<String, Object> listed = view.getMap("topics.find { it.topic == '" + DLQ + "' }.records.find { it.offset == " + dead.offset() + " }");
            assertEquals("alerting-evaluator", listed.get("consumer"));
            assertFalse(view.prettify().contains("ReadingAccepted\\\""), "no payload in the view");
        }
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
