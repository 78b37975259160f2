package care.iop.intake.patient;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static care.iop.intake.Api.coordinator;
import static care.iop.intake.Api.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class PatientResourceTest {

    private final UUID clinic = UUID.randomUUID();
    private final String token = coordinator(clinic);

    @Test
    void registers_a_patient_with_a_clinic_mrn_and_reads_it_back() {
        Map<String, Object> body = patient("Ana María", "Núñez", "1985-07-09");
        String id = as(token).body(body).post(BASE + "/patients").then().statusCode(201)
                .header("Location", startsWith("http")).header("ETag", "\"0\"")
                .body("mrn", startsWith("M")).body("status", equalTo("referred")).extract().path("id");
        as(token).get(BASE + "/patients/" + id).then().statusCode(200)
                .body("legalName.given", equalTo("Ana María")).body("birthDate", equalTo("1985-07-09"))
                .body("emergencyContact.relationship", equalTo("sibling"));
    }

    @Test
    void a_likely_duplicate_is_409_naming_the_existing_patient_unless_confirmed() {
        String id = as(token).body(patient("Jordan", "Lee", "1979-01-30")).post(BASE + "/patients").then()
                .statusCode(201).extract().path("id");
        as(token).body(patient("JORDAN ", "lee", "1979-01-30")).post(BASE + "/patients").then().statusCode(409)
                .contentType("application/problem+json").body("conflictingId", equalTo(id));
        as(token).body(patient("Jordan", "Lee", "1979-01-30")).queryParam("confirmNotDuplicate", true)
                .post(BASE + "/patients").then().statusCode(201);
        // Another clinic's patient of the same name is not a duplicate of ours.
        as(coordinator(UUID.randomUUID())).body(patient("Jordan", "Lee", "1979-01-30")).post(BASE + "/patients")
                .then().statusCode(201);
    }

    @Test
    void ehr_upsert_by_identifier_creates_once_and_is_idempotent_under_retries() throws Exception {
        String ehr = TestTokens.ehr(clinic, "ehr-epic-demo").bearer();
        String value = "E" + UUID.randomUUID().toString().substring(0, 8);
        String url = BASE + "/patients/by-identifier/urn:ehr:epic/" + value;
        Map<String, Object> body = patient();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Response>> calls = List.of(pool.submit(() -> as(ehr).body(body).put(url)),
                    pool.submit(() -> as(ehr).body(body).put(url)), pool.submit(() -> as(ehr).body(body).put(url)));
            List<String> ids = new java.util.ArrayList<>();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Response> call : calls) {
                Response r = call.get();
                statuses.add(r.statusCode());
                ids.add(r.path("id"));
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 200, 200);
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> changed = new java.util.HashMap<>(body);
        changed.put("pronouns", "she/her");
        as(ehr).body(changed).put(url).then().statusCode(200).body("pronouns", equalTo("she/her"))
                .body("identifiers", hasSize(1)).body("identifiers[0].value", equalTo(value));
    }

    @Test
    void search_is_clinic_scoped_and_paginated() {
        String family = "Zq" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            as(token).body(patient("P" + i, family, "2000-01-0" + (i + 1))).post(BASE + "/patients").then().statusCode(201);
        }
        as(coordinator(UUID.randomUUID())).queryParam("name", family).get(BASE + "/patients").then().statusCode(200)
                .body("items", hasSize(0));
        String cursor = as(token).queryParam("name", family).queryParam("limit", 2).get(BASE + "/patients").then()
                .statusCode(200).body("items", hasSize(2)).body("nextCursor", notNullValue()).extract().path("nextCursor");
        as(token).queryParam("name", family).queryParam("limit", 2).queryParam("cursor", cursor).get(BASE + "/patients")
                .then().statusCode(200).body("items", hasSize(1)).body("nextCursor", equalTo(null));
        as(token).queryParam("birthDate", "2000-01-02").queryParam("name", family).get(BASE + "/patients").then()
                .body("items", hasSize(1)).body("items[0].legalName.given", equalTo("P1"));
        as(token).queryParam("limit", 500).get(BASE + "/patients").then().statusCode(400);
        as(token).queryParam("cursor", "garbage").get(BASE + "/patients").then().statusCode(400);
    }

    @Test
    void foreign_ids_are_404_and_roles_are_enforced() {
        String id = as(token).body(patient()).post(BASE + "/patients").then().statusCode(201).extract().path("id");
        as(coordinator(UUID.randomUUID())).get(BASE + "/patients/" + id).then().statusCode(404);
        as(TestTokens.staff(clinic, "auditor").bearer()).get(BASE + "/patients/" + id).then().statusCode(403);
        as(TestTokens.staff(clinic, "clinician").bearer()).body(patient()).post(BASE + "/patients").then().statusCode(403);
        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(BASE + "/patients/" + id).then().statusCode(403);
    }

    @Test
    void bad_input_is_a_problem_and_writes_nothing() {
        String family = "Bad" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> future = patient("A", family, "2999-01-01");
        as(token).body(future).post(BASE + "/patients").then().statusCode(400).body("violations[0].field", equalTo("birthDate"));
        Map<String, Object> badPhone = patient("A", family, "1990-01-01");
        badPhone.put("contact", Map.of("phone", "call me maybe"));
        as(token).body(badPhone).post(BASE + "/patients").then().statusCode(400)
                .body("violations[0].field", equalTo("contact.phone"));
        Map<String, Object> badSex = patient("A", family, "1990-01-01");
        badSex.put("sexAtBirth", "robot");
        as(token).body(badSex).post(BASE + "/patients").then().statusCode(400)
                .body("violations[0].field", equalTo("sexAtBirth"));
        as(token).queryParam("name", family).get(BASE + "/patients").then().body("items", hasSize(0));
    }

    @Test
    void coverage_with_authorisation_is_recorded_validated_and_evented_without_payer_details() {
        String id = as(token).body(patient()).post(BASE + "/patients").then().statusCode(201).extract().path("id");
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            String coverageId = as(token).body(Map.of("payer", "Medicaid", "memberId", "X123",
                            "authorizationNumber", "AUTH-9", "authorizedUnits", 36, "authorizedFrom", "2026-11-01",
                            "authorizedTo", "2026-12-31"))
                    .post(BASE + "/patients/" + id + "/coverages").then().statusCode(201)
                    .body("authorizedUnits", equalTo(36)).extract().path("id");
            CloudEvent v1 = events.await("care.iop.intake.coverage.authorized.v1", id);
            EventSchemas.assertValid(EventJson.write(v1));
            assertThat(v1.data().get("coverageId").asText()).isEqualTo(coverageId);
            assertThat(v1.data().get("authorizedUnits").asInt()).isEqualTo(36);
            assertThat(v1.data().has("authorizationNumber")).as("v1 is frozen").isFalse();
            CloudEvent event = events.await("care.iop.intake.coverage.authorized.v2", id);
            EventSchemas.assertValid(EventJson.write(event));
            assertThat(event.data().get("coverageId").asText()).isEqualTo(coverageId);
            assertThat(event.data().get("authorizedUnits").asInt()).isEqualTo(36);
            assertThat(event.data().get("payerRuleSet").isNull()).isTrue();
            assertThat(event.data().get("authorizationNumber").asText()).isEqualTo("AUTH-9");
            assertThat(v1.data().toString() + event.data()).doesNotContain("X123").doesNotContain("Medicaid");
        }
        as(token).body(Map.of("payer", "Medicaid", "memberId", "X123", "authorizedFrom", "2026-12-01",
                "authorizedTo", "2026-11-01")).post(BASE + "/patients/" + id + "/coverages").then().statusCode(400);
        as(token).get(BASE + "/patients/" + id + "/coverages").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void coverage_names_its_billing_rule_set_on_the_event_and_a_malformed_one_is_refused() {
        String id = as(token).body(patient()).post(BASE + "/patients").then().statusCode(201).extract().path("id");
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            as(token).body(Map.of("payer", "Acme Health", "memberId", "M-77", "authorizationNumber", "PA 2026/17",
                            "authorizedUnits", 20, "authorizedFrom", "2026-03-02", "authorizedTo", "2026-04-30",
                            "payerRuleSet", "h0015"))
                    .post(BASE + "/patients/" + id + "/coverages").then().statusCode(201)
                    .body("payerRuleSet", equalTo("h0015"));
            CloudEvent event = events.await("care.iop.intake.coverage.authorized.v2", id);
            EventSchemas.assertValid(EventJson.write(event));
            assertThat(event.data().get("payerRuleSet").asText()).isEqualTo("h0015");
            assertThat(event.data().get("authorizationNumber").asText()).isEqualTo("PA 2026/17");
            assertThat(event.data().toString()).doesNotContain("M-77").doesNotContain("Acme");
        }
        for (String bad : new String[] {"H0015", "h0015; drop", "", "-h0015"}) {
            as(token).body(Map.of("payer", "Acme Health", "memberId", "M-77", "payerRuleSet", bad))
                    .post(BASE + "/patients/" + id + "/coverages").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("violations[0].field", equalTo("payerRuleSet"));
        }
        as(token).body(Map.of("payer", "Acme Health", "memberId", "M-77", "authorizationNumber", "PA\n1"))
                .post(BASE + "/patients/" + id + "/coverages").then().statusCode(400)
                .body("violations[0].field", equalTo("authorizationNumber"));
        as(token).get(BASE + "/patients/" + id + "/coverages").then().statusCode(200).body("$", hasSize(1));
    }
}
