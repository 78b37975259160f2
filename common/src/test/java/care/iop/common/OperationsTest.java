package care.iop.common;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** What operators see: readiness covers the database and Kafka; the outbox exposes its metrics. */
@QuarkusTest
class OperationsTest {

    @Test
    void readiness_checks_database_and_kafka_and_liveness_the_relay() {
        RestAssured.get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
        RestAssured.get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'outbox-relay' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'outbox-relay' }.data.active", equalTo(true));
    }

    @Test
    void outbox_metrics_are_exported() {
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("iop_outbox_pending"))
                .body(containsString("iop_outbox_publish_latency_seconds"));
    }
}
