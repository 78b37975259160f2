package care.iop.analytics;

import care.iop.analytics.instances.RemoteFacts;
import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.TestInfrastructure;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * The internal endpoint one instance asks another ({@value RemoteFacts#PATH}): the public endpoint's roles and
 * clinic rule on the passed-on bearer token, this instance's share for the asked clinic only (one instance here, so
 * every input partition), and no place in the OpenAPI document.
 */
@QuarkusTest
class PatientFactsApiTest {

    private static final UUID CLINIC = UUID.randomUUID();
    private static final UUID OTHER_CLINIC = UUID.randomUUID();
    private static final UUID AT_BOTH = UUID.randomUUID();

    @BeforeAll
    static void publish_twelve_patients_one_also_seen_at_another_clinic() {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            events.add(at(EventStream.admitted(UUID.randomUUID(), "2026-01-05"), CLINIC));
        }
        events.add(at(EventStream.admitted(AT_BOTH, "2026-01-05"), CLINIC));
        events.add(at(EventStream.admitted(AT_BOTH, "2026-03-02"), OTHER_CLINIC));
        events.add(at(EventStream.admitted(UUID.randomUUID(), "2026-03-02"), OTHER_CLINIC));
        EventPublisher.send(events.toArray(CloudEvent[]::new));
    }

    private static CloudEvent at(CloudEvent e, UUID clinic) {
        return new CloudEvent(e.specversion(), e.id(), e.source(), e.type(), e.subject(), e.time(),
                e.datacontenttype(), clinic.toString(), e.requestid(), e.data());
    }

    private static io.restassured.response.Response ask(String bearer, String clinicId) {
        var request = RestAssured.given();
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        if (clinicId != null) {
            request.queryParam("clinicId", clinicId);
        }
        return request.get(RemoteFacts.PATH);
    }

    @Test
    void the_share_holds_the_asked_clinics_facts_and_every_partition_of_a_single_instance() throws Exception {
        int inputPartitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            inputPartitions = admin.describeTopics(OutcomesTopology.TOPICS).allTopicNames().get(30, TimeUnit.SECONDS)
                    .values().stream().mapToInt(d -> d.partitions().size()).sum();
        }
        String bearer = TestTokens.staff(CLINIC, "auditor").bearer();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String body = ask(bearer, CLINIC.toString()).then().statusCode(200).contentType("application/json")
                    .extract().asString();
            JsonNode share = EventJson.mapper().readTree(body);
            assertThat(share.get("patients")).hasSize(12);
            assertThat(share.get("partitions")).hasSize(inputPartitions);
            assertThat(share.get("partitions").findValuesAsText("topic")).containsOnlyElementsOf(OutcomesTopology.TOPICS);
            assertThat(share.get("patients").findValuesAsText("clinicId")).hasSize(12).containsOnly(CLINIC.toString());
            assertThat(body).doesNotContain(OTHER_CLINIC.toString()).doesNotContain(AT_BOTH.toString());
        });
    }

    @Test
    void only_the_public_endpoints_roles_of_the_same_clinic_are_answered() {
        for (String role : List.of("clinician", "intake-coordinator", "nurse", "scheduler", "case-manager",
                "prescriber")) {
            ask(TestTokens.staff(CLINIC, role).bearer(), CLINIC.toString()).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        ask(TestTokens.staff(OTHER_CLINIC, "clinic-admin").bearer(), CLINIC.toString()).then().statusCode(403)
                .body("type", equalTo("urn:iop:problem:forbidden"));
        ask(TestTokens.partner(UUID.randomUUID()).roles("auditor").bearer(), CLINIC.toString()).then()
                .statusCode(403);
        ask(null, CLINIC.toString()).then().statusCode(401).contentType("application/problem+json");
        ask(TestTokens.staff(CLINIC, "clinic-admin").signedByForeignKey().bearer(), CLINIC.toString()).then()
                .statusCode(401);
        ask(TestTokens.staff(CLINIC, "clinic-admin").bearer(), "not-a-uuid").then().statusCode(400);
        ask(TestTokens.staff(CLINIC, "clinic-admin").bearer(), null).then().statusCode(400);
    }

    @Test
    void it_is_not_in_the_openapi_document() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", not(hasKey(RemoteFacts.PATH)));
    }
}
