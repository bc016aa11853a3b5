package io.vigie.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.core.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AlertingServiceHealthTest {

    @Test
    void shouldBeReadyWhenPostgresKafkaAndKeycloakAnswer() {
        // the evaluator is ready only once Kafka Streams got its partitions (RUNNING): a just-started instance is not ready yet
        Await.until("alerting-service ready", Duration.ofSeconds(60), () -> given().get("/q/health/ready").statusCode() == 200);
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka connection health check", "OIDC Provider Health Check",
                        "Alert evaluator (Kafka Streams)"));
    }

    @Test
    void shouldBeLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldExposePrometheusMetricsAndOpenApi() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().when().get("/q/openapi?format=json").then().statusCode(200).body(containsString("/api/v1/alerts"));
    }
}
