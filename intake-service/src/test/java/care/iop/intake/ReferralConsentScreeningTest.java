package care.iop.intake;

import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestInfrastructure;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static care.iop.intake.Api.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ReferralConsentScreeningTest {

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = TestTokens.staff(clinic, "intake-coordinator").bearer();
    private final String clinician = TestTokens.staff(clinic, "clinician").bearer();

    private String referral(String token, Map<String, Object> body) {
        return as(token).body(body).post(BASE + "/referrals").then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> partnerReferral(UUID clinic) {
        return Map.of("clinicId", clinic.toString(), "patient", patient(), "source", "partner", "urgency", "routine",
                "reasonCode", "step-down-from-residential");
    }

    @Test
    void a_partner_refers_and_sees_only_its_own_referrals_status() {
        UUID partnerId = UUID.randomUUID();
        String partner = TestTokens.partner(partnerId).bearer();
        var created = as(partner).body(partnerReferral(clinic)).post(BASE + "/referrals").then().statusCode(201)
                .body("status", equalTo("received")).body("patientId", nullValue()).extract();
        String id = created.path("id");
        as(partner).get(BASE + "/referrals/" + id).then().statusCode(200).body("status", equalTo("received"))
                .body("patientId", nullValue()).body("reasonCode", nullValue());
        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(BASE + "/referrals/" + id).then().statusCode(404);
        as(partner).get(BASE + "/referrals").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].id", equalTo(id));
        // The clinic sees the whole referral, with the patient it created or linked.
        String patientId = as(coordinator).get(BASE + "/referrals/" + id).then().statusCode(200)
                .body("partnerId", equalTo(partnerId.toString())).extract().path("patientId");
        as(partner).get(BASE + "/patients/" + patientId).then().statusCode(403);
        as(partner).body(Map.of("status", "screening")).post(BASE + "/referrals/" + id + "/status").then().statusCode(403);
        // A partner must name the clinic and send the person, not an id.
        as(partner).body(Map.of("patient", patient(), "source", "partner", "urgency", "routine", "reasonCode", "x"))
                .post(BASE + "/referrals").then().statusCode(400).body("violations[0].field", equalTo("clinicId"));
    }

    @Test
    void the_pipeline_refuses_illegal_moves_and_declines_with_a_reason() {
        String patientId = Api.createPatient(coordinator);
        String id = referral(coordinator, Map.of("patientId", patientId, "source", "self", "urgency", "routine",
                "reasonCode", "opioid-use-disorder"));
        as(coordinator).body(Map.of("status", "assessed")).post(BASE + "/referrals/" + id + "/status").then()
                .statusCode(409).body("type", equalTo("urn:iop:problem:illegal-state-transition"))
                .body("currentState", equalTo("received"));
        as(coordinator).body(Map.of("status", "admitted")).post(BASE + "/referrals/" + id + "/status").then()
                .statusCode(400);
        as(coordinator).body(Map.of("status", "declined")).post(BASE + "/referrals/" + id + "/status").then()
                .statusCode(400).body("violations[0].field", equalTo("reasonCode"));
        as(coordinator).body(Map.of("status", "bogus")).post(BASE + "/referrals/" + id + "/status").then()
                .statusCode(400).body("violations[0].field", equalTo("status"));
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            as(coordinator).body(Map.of("status", "declined", "reasonCode", "not-eligible"))
                    .post(BASE + "/referrals/" + id + "/status").then().statusCode(200).body("status", equalTo("declined"));
            var declined = events.await("care.iop.intake.referral.declined.v1", patientId);
            assertThat(declined.data().get("reasonCode").asText()).isEqualTo("not-eligible");
        }
        as(coordinator).body(Map.of("status", "screening")).post(BASE + "/referrals/" + id + "/status").then()
                .statusCode(409);
        as(TestTokens.staff(UUID.randomUUID(), "intake-coordinator").bearer()).get(BASE + "/referrals/" + id).then()
                .statusCode(404);
        as(coordinator).queryParam("status", "declined").get(BASE + "/referrals").then().statusCode(200)
                .body("items.id", hasItem(id));
    }

    @Test
    void invalid_screening_answers_are_400_and_nothing_is_written() {
        String patientId = Api.createPatient(coordinator);
        as(coordinator).body(Map.of("instrument", "PHQ-9", "answers", List.of(1, 2, 3)))
                .post(BASE + "/patients/" + patientId + "/screenings").then().statusCode(400)
                .body("violations[0].field", equalTo("answers"));
        as(coordinator).body(Map.of("instrument", "AUDIT", "answers", List.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 0)))
                .post(BASE + "/patients/" + patientId + "/screenings").then().statusCode(400)
                .body("violations[0].field", equalTo("answers[8]"));
        as(coordinator).body(Map.of("instrument", "PHQ-10", "answers", List.of(0)))
                .post(BASE + "/patients/" + patientId + "/screenings").then().statusCode(400)
                .body("violations[0].field", equalTo("instrument"));
        as(coordinator).get(BASE + "/patients/" + patientId + "/screenings").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void a_high_cssrs_result_waits_for_a_clinicians_acknowledgement() {
        String patientId = Api.createPatient(coordinator);
        String id = as(coordinator).body(Map.of("instrument", "C-SSRS", "answers", List.of(1, 1, 1, 1, 0, 0)))
                .post(BASE + "/patients/" + patientId + "/screenings").then().statusCode(201)
                .body("band", equalTo("high")).body("flags", hasItem("safety-action-required"))
                .body("requiresAcknowledgement", equalTo(true)).extract().path("id");
        as(clinician).get(BASE + "/screenings/unacknowledged-safety-flags").then().statusCode(200)
                .body("id", hasItem(id));
        as(coordinator).body(Map.of("action", "safety-plan-completed")).post(BASE + "/screenings/" + id + "/acknowledgement")
                .then().statusCode(403);
        as(clinician).body(Map.of("action", "safety-plan-completed")).post(BASE + "/screenings/" + id + "/acknowledgement")
                .then().statusCode(200).body("acknowledgementAction", equalTo("safety-plan-completed"));
        as(clinician).body(Map.of("action", "again")).post(BASE + "/screenings/" + id + "/acknowledgement").then()
                .statusCode(409);
        as(clinician).get(BASE + "/screenings/unacknowledged-safety-flags").then().body("id", not(hasItem(id)));
    }

    @Test
    void a_phq9_with_item_9_above_0_and_a_low_total_waits_for_a_clinicians_acknowledgement_like_a_high_cssrs() {
        String patientId = Api.createPatient(coordinator);
        String id;
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            // Total 1 (minimal), but item 9 (thoughts of self-harm) is 1: a same-day clinician review.
            id = as(coordinator).body(Map.of("instrument", "PHQ-9", "answers", List.of(0, 0, 0, 0, 0, 0, 0, 0, 1)))
                    .post(BASE + "/patients/" + patientId + "/screenings").then().statusCode(201)
                    .body("total", equalTo(1)).body("band", equalTo("minimal"))
                    .body("flags", equalTo(List.of("suicide-risk-follow-up", "safety-action-required")))
                    .body("requiresAcknowledgement", equalTo(true)).extract().path("id");
            // The same event as a high C-SSRS: screening.completed carrying safety-action-required (no answers).
            var completed = events.await("care.iop.intake.screening.completed.v1", patientId);
            assertThat(completed.data().get("screeningId").asText()).isEqualTo(id);
            assertThat(completed.data().get("flags").toString())
                    .isEqualTo("[\"suicide-risk-follow-up\",\"safety-action-required\"]");
            assertThat(completed.data().has("answers")).isFalse();
        }
        as(clinician).get(BASE + "/screenings/unacknowledged-safety-flags").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.instrument", equalTo("PHQ-9"))
                .body("find { it.id == '" + id + "' }.requiresAcknowledgement", equalTo(true));
        // Another clinic's worklist does not show it, nor may its clinicians acknowledge it.
        String otherClinician = TestTokens.staff(UUID.randomUUID(), "clinician").bearer();
        as(otherClinician).get(BASE + "/screenings/unacknowledged-safety-flags").then().statusCode(200)
                .body("id", not(hasItem(id)));
        as(otherClinician).body(Map.of("action", "safety-plan-completed"))
                .post(BASE + "/screenings/" + id + "/acknowledgement").then().statusCode(404);
        // The action taken is required; a coordinator may not acknowledge.
        as(clinician).body(Map.of()).post(BASE + "/screenings/" + id + "/acknowledgement").then().statusCode(400);
        as(coordinator).body(Map.of("action", "cssrs-administered"))
                .post(BASE + "/screenings/" + id + "/acknowledgement").then().statusCode(403);
        as(clinician).get(BASE + "/screenings/unacknowledged-safety-flags").then().body("id", hasItem(id));

        as(clinician).body(Map.of("action", "cssrs-administered")).post(BASE + "/screenings/" + id + "/acknowledgement")
                .then().statusCode(200).body("acknowledgementAction", equalTo("cssrs-administered"))
                .body("acknowledgedBy", not(nullValue())).body("acknowledgedAt", not(nullValue()));
        as(clinician).body(Map.of("action", "again")).post(BASE + "/screenings/" + id + "/acknowledgement").then()
                .statusCode(409);
        as(clinician).get(BASE + "/screenings/unacknowledged-safety-flags").then().statusCode(200)
                .body("id", not(hasItem(id)));
        as(clinician).get(BASE + "/patients/" + patientId + "/screenings").then().statusCode(200)
                .body("[0].acknowledgementAction", equalTo("cssrs-administered"));
    }

    @Test
    void a_phq9_with_item_9_at_0_needs_no_acknowledgement_even_when_severe() {
        String patientId = Api.createPatient(coordinator);
        String id = as(coordinator).body(Map.of("instrument", "PHQ-9", "answers", List.of(3, 3, 3, 3, 3, 3, 3, 3, 0)))
                .post(BASE + "/patients/" + patientId + "/screenings").then().statusCode(201)
                .body("band", equalTo("severe")).body("flags", hasSize(0))
                .body("requiresAcknowledgement", equalTo(false)).extract().path("id");
        as(clinician).get(BASE + "/screenings/unacknowledged-safety-flags").then().body("id", not(hasItem(id)));
        as(clinician).body(Map.of("action", "reviewed")).post(BASE + "/screenings/" + id + "/acknowledgement").then()
                .statusCode(409);
    }

    @Test
    void history_shows_change_from_baseline() {
        String patientId = Api.createPatient(coordinator);
        for (List<Integer> answers : List.of(List.of(3, 3, 3, 3, 2, 2, 2, 2, 0), List.of(1, 1, 1, 1, 1, 1, 1, 1, 0))) {
            as(coordinator).body(Map.of("instrument", "PHQ-9", "answers", answers))
                    .post(BASE + "/patients/" + patientId + "/screenings").then().statusCode(201);
        }
        as(coordinator).body(Map.of("instrument", "GAD-7", "answers", List.of(3, 3, 3, 1, 0, 0, 0)))
                .post(BASE + "/patients/" + patientId + "/screenings").then().statusCode(201)
                .body("flags", hasItem("further-evaluation"));
        as(clinician).queryParam("instrument", "PHQ-9").get(BASE + "/patients/" + patientId + "/screenings").then()
                .statusCode(200).body("$", hasSize(2)).body("[0].total", equalTo(20)).body("[0].band", equalTo("severe"))
                .body("[1].total", equalTo(8)).body("[1].changeFromBaseline", equalTo(-12));
    }

    @Test
    void a_consent_authorises_only_its_partner_and_categories_and_revocation_is_immediate() {
        String patientId = Api.createPatient(coordinator);
        UUID partnerId = UUID.randomUUID();
        String partner = TestTokens.partner(partnerId).bearer();
        String consentId;
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            consentId = as(coordinator).body(Map.of("recipientPartnerId", partnerId.toString(),
                            "categories", List.of("demographics", "medications"), "purpose", "care-coordination",
                            "expiresAt", Instant.now().plus(30, ChronoUnit.DAYS).toString(),
                            "signedAt", Instant.now().minusSeconds(60).toString(), "signatureMethod", "electronic"))
                    .post(BASE + "/patients/" + patientId + "/consents").then().statusCode(201)
                    .body("active", equalTo(true)).extract().path("id");
            EventSchemas.assertValid(events.awaitRecord(r -> patientId.equals(r.key()), EventCapture.DEFAULT_TIMEOUT).value());
        }
        String check = BASE + "/consent-authorizations";
        as(partner).queryParam("patientId", patientId).queryParam("category", "medications").get(check).then()
                .statusCode(200).body("permitted", equalTo(true)).body("consentId", equalTo(consentId));
        as(partner).queryParam("patientId", patientId).queryParam("category", "diagnoses").get(check).then()
                .body("permitted", equalTo(false));
        as(TestTokens.partner(UUID.randomUUID()).bearer()).queryParam("patientId", patientId)
                .queryParam("category", "medications").get(check).then().body("permitted", equalTo(false));
        as(partner).queryParam("patientId", UUID.randomUUID()).queryParam("category", "medications").get(check).then()
                .statusCode(200).body("permitted", equalTo(false));

        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            as(coordinator).post(BASE + "/consents/" + consentId + "/revocation").then().statusCode(200)
                    .body("active", equalTo(false));
            as(partner).queryParam("patientId", patientId).queryParam("category", "medications").get(check).then()
                    .body("permitted", equalTo(false));
            events.await("care.iop.intake.consent.revoked.v1", patientId);
        }
        as(coordinator).post(BASE + "/consents/" + consentId + "/revocation").then().statusCode(409);
        as(TestTokens.staff(UUID.randomUUID(), "intake-coordinator").bearer())
                .post(BASE + "/consents/" + consentId + "/revocation").then().statusCode(404);
    }

    @Test
    void consents_that_cannot_be_honoured_are_refused() {
        String patientId = Api.createPatient(coordinator);
        String url = BASE + "/patients/" + patientId + "/consents";
        as(coordinator).body(Map.of("recipientClass", "treating-providers", "categories", List.of("demographics"),
                "purpose", "treatment", "expiresAt", Instant.now().minusSeconds(5).toString(),
                "signedAt", Instant.now().minusSeconds(60).toString(), "signatureMethod", "wet-ink"))
                .post(url).then().statusCode(400).body("violations[0].field", equalTo("expiresAt"));
        as(coordinator).body(Map.of("categories", List.of("demographics"), "purpose", "treatment",
                "expiresAt", Instant.now().plusSeconds(3600).toString(), "signedAt", Instant.now().toString(),
                "signatureMethod", "wet-ink")).post(url).then().statusCode(400);
        as(coordinator).body(Map.of("recipientClass", "treating-providers", "categories", List.of("psychotherapy-notes"),
                "purpose", "treatment", "expiresAt", Instant.now().plusSeconds(3600).toString(),
                "signedAt", Instant.now().toString(), "signatureMethod", "wet-ink")).post(url).then().statusCode(400)
                .body("violations[0].field", equalTo("categories[0]"));
        as(coordinator).get(url).then().body("$", hasSize(0));
    }

    @Test
    void a_readmission_request_from_aftercare_opens_a_referral_once() throws Exception {
        String patientId = Api.createPatient(coordinator);
        String event = """
                {"specversion":"1.0","id":"%s","source":"/iop/aftercare-service",\
                "type":"care.iop.aftercare.readmission.requested.v1","subject":"%s","time":"%s",\
                "datacontenttype":"application/json","clinicid":"%s","requestid":"aftercare-1",\
                "data":{"readmissionRequestId":"%s","followUpId":null,"reasonCode":"relapse-reported",\
                "requestedLevel":"2.1","requestedAt":"%s"}}""".formatted(UUID.randomUUID(), patientId,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), clinic, UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        EventSchemas.assertValid(event);
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers",
                TestInfrastructure.kafkaBootstrapServers(), "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.AFTERCARE, patientId, event)).get();
            producer.send(new ProducerRecord<>(Topics.AFTERCARE, patientId, event)).get(); // redelivered
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(coordinator).queryParam("status", "received").get(BASE + "/referrals").then()
                        .body("items.findAll { it.patientId == '" + patientId + "' }.source", hasItem("aftercare")));
        Thread.sleep(1000);
        as(coordinator).get(BASE + "/referrals").then()
                .body("items.findAll { it.patientId == '" + patientId + "' }", hasSize(1));
    }
}
