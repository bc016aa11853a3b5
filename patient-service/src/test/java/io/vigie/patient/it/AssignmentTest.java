package io.vigie.patient.it;

import static io.vigie.patient.it.PatientFixtures.as;
import static io.vigie.patient.it.PatientFixtures.await;
import static io.vigie.patient.it.PatientFixtures.device;
import static io.vigie.patient.it.PatientFixtures.patient;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Device assignment: one patient per device at any instant, published on the compacted topic after commit only. */
@QuarkusTest
class AssignmentTest {

    static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    /** Assigns once the registry's device state has been consumed (422 unknown-device until then). */
    static String assign(String user, String patient, UUID device, Instant from, Instant to) {
        Map<String, Object> body = to == null ? Map.of("deviceId", device, "from", from.toString())
                : Map.of("deviceId", device, "from", from.toString(), "to", to.toString());
        String[] id = new String[1];
        await("device " + device + " known from the registry topic", () -> {
            var r = as(user).body(body).post("/api/v1/patients/" + patient + "/assignments").then().extract();
            if (r.statusCode() == 201) {
                id[0] = r.path("id");
                return true;
            }
            assertEquals(422, r.statusCode(), r.asString());
            return false;
        });
        return id[0];
    }

    @Test
    void shouldRefuseAnOverlappingAssignmentAndPublishOnlyCommittedOnes() {
        // given a scale lent to patient A from now on
        String a = patient("nurse-nord", "hopital-nord");
        String b = patient("nurse-nord", "hopital-nord");
        UUID scale = device("hopital-nord", DeviceStatus.ACTIVE);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProbe states = KafkaProbe.fromNow(Topics.ASSIGNMENT_STATE)) {
            String first = assign("nurse-nord", a, scale, start, null);
            // when B gets it over an overlapping interval
            as("nurse-nord").body(Map.of("deviceId", scale, "from", start.plusSeconds(3600).toString()))
                    .post("/api/v1/patients/" + b + "/assignments").then().statusCode(409)
                    .body("type", equalTo("urn:vigie:problem:assignment-overlap"));
            // then after the scale is given back, B gets it: reassigning between patients is normal
            Instant back = start.plusSeconds(7200);
            as("nurse-nord").body(Map.of("to", back.toString())).post("/api/v1/patients/" + a + "/assignments/" + first + "/end").then().statusCode(200)
                    .body("to", equalTo(back.toString()));
            String second = assign("nurse-nord", b, scale, back, null);
            ConsumerRecord<String, String> last = states.await(r -> r.key().equals(scale.toString()) && r.value().contains(second), KAFKA_WAIT);
            // the refused assignment never reached the topic: exactly the three committed states, in order
            List<ConsumerRecord<String, String>> mine = states.seen().stream().filter(r -> r.key().equals(scale.toString())).toList();
            assertEquals(3, mine.size(), "assign A, end A, assign B");
            JsonPath state = JsonPath.from(last.value());
            assertEquals(List.of(a, b), state.getList("assignments.patientId"));
            assertEquals(back.toString(), state.getString("assignments[0].to"));
            assertEquals(back.toString(), state.getString("assignments[1].from"));
            assertFalse(last.value().contains("Durand"));
        }
        as("clinician-nord").get("/api/v1/patients/" + b).then().statusCode(200).body("assignments[0].deviceId", equalTo(scale.toString()));
        // a bounded assignment in the past of A's does not overlap
        as("nurse-nord").body(Map.of("deviceId", scale, "from", start.minusSeconds(7200).toString(), "to", start.toString()))
                .post("/api/v1/patients/" + b + "/assignments").then().statusCode(201);
    }

    @Test
    void shouldLetExactlyOneOfConcurrentAssignmentsOfADeviceWin() throws Exception {
        // given a known device and five patients
        UUID bed = device("hopital-nord", DeviceStatus.ACTIVE);
        assign("nurse-nord", patient("nurse-nord", "hopital-nord"), bed, Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600));
        List<String> patients = java.util.stream.IntStream.range(0, 5).mapToObj(i -> patient("nurse-nord", "hopital-nord")).toList();
        Instant from = Instant.now();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        try {
            // when all ask for the bed at once
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = patients.stream().map(p -> pool.submit(() -> {
                start.await();
                return as("nurse-nord").body(Map.of("deviceId", bed, "from", from.toString())).post("/api/v1/patients/" + p + "/assignments")
                        .statusCode();
            })).toList();
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var a : answers) {
                statuses.add(a.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            // then one wins, the others are told of the conflict
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(4, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefuseRetiredUnknownAndOtherHospitalsDevicesWith422() {
        String p = patient("nurse-nord", "hopital-nord");
        UUID retired = device("hopital-nord", DeviceStatus.RETIRED);
        UUID active = device("hopital-nord", DeviceStatus.ACTIVE);
        UUID sud = device("hopital-sud", DeviceStatus.ACTIVE);
        assign("clinician-sud", patient("clinician-sud", "hopital-sud"), sud, Instant.now(), null); // known here: it belongs to hopital-sud
        await("retired device known", () -> "urn:vigie:problem:device-retired".equals(as("nurse-nord")
                .body(Map.of("deviceId", retired, "from", Instant.now().toString())).post("/api/v1/patients/" + p + "/assignments").then()
                .extract().path("type")));
        as("nurse-nord").body(Map.of("deviceId", sud, "from", Instant.now().plusSeconds(86_400).toString()))
                .post("/api/v1/patients/" + p + "/assignments").then().statusCode(422).body("type", equalTo("urn:vigie:problem:unknown-device"));
        as("nurse-nord").body(Map.of("deviceId", UUID.randomUUID(), "from", Instant.now().toString())).post("/api/v1/patients/" + p + "/assignments")
                .then().statusCode(422);
        as("nurse-nord").body(Map.of("deviceId", active, "from", Instant.now().toString(), "to", Instant.now().minusSeconds(5).toString()))
                .post("/api/v1/patients/" + p + "/assignments").then().statusCode(400).body("errors[0].field", equalTo("to"));
        as("nurse-nord").body(Map.of("from", Instant.now().toString())).post("/api/v1/patients/" + p + "/assignments").then().statusCode(400);
    }

    @Test
    void shouldIgnoreADeviceStateOlderThanTheOneKnown() {
        // given the registry's states 5 (RETIRED) then 4 (ACTIVE, late), then a marker device on the same partition
        String p = patient("nurse-nord", "hopital-nord");
        UUID d = UUID.randomUUID();
        int partitions = KafkaProbe.partitions(Topics.DEVICE_STATE);
        int partition = KafkaProbe.partitionOf(d.toString(), partitions);
        UUID marker;
        do {
            marker = UUID.randomUUID();
        } while (KafkaProbe.partitionOf(marker.toString(), partitions) != partition);
        PatientFixtures.publishDevice(d, "hopital-nord", DeviceStatus.RETIRED, 5);
        PatientFixtures.publishDevice(d, "hopital-nord", DeviceStatus.ACTIVE, 4);
        PatientFixtures.publishDevice(marker, "hopital-nord", DeviceStatus.ACTIVE, 1);
        // when the marker is known, both states of d were consumed
        assign("nurse-nord", p, marker, Instant.now(), null);
        // then d is still RETIRED
        as("nurse-nord").body(Map.of("deviceId", d, "from", Instant.now().toString())).post("/api/v1/patients/" + p + "/assignments").then()
                .statusCode(422).body("type", equalTo("urn:vigie:problem:device-retired"));
    }
}
