package care.iop.intake;

import care.iop.events.CloudEvent;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
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

/** The front door end to end over HTTP, with the events that really reached the broker. */
@QuarkusTest
class IntakeJourneyTest {

    static final String RECEIVED = "care.iop.intake.referral.received.v1";
    static final String SCREENED = "care.iop.intake.screening.completed.v1";
    static final String ASSESSED = "care.iop.intake.assessment.completed.v1";
    static final String ADMITTED = "care.iop.intake.patient.admitted.v1";

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = TestTokens.staff(clinic, "intake-coordinator").bearer();
    private final String clinician = TestTokens.staff(clinic, "clinician").bearer();

    static Map<String, Object> dimensions(int d1, int d2, int d3, int d4, int d5, int d6) {
        int[] r = {d1, d2, d3, d4, d5, d6};
        var dims = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < 6; i++) {
            dims.put("d" + (i + 1), Map.of("rating", r[i], "rationale", "rated from the interview"));
        }
        return dims;
    }

    static Map<String, Object> assessment(String referralId, Map<String, Object> dimensions, String finalLevel) {
        var body = new java.util.HashMap<String, Object>();
        if (referralId != null) {
            body.put("referralId", referralId);
        }
        body.put("substanceUse", List.of(Map.of("substance", "alcohol", "route", "oral", "frequency", "daily",
                "ageOfFirstUse", 16, "lastUse", "2026-11-20")));
        body.put("diagnoses", List.of(Map.of("icd10", "F10.20"), Map.of("icd10", "F32.1")));
        body.put("livingSituation", "lives with partner");
        body.put("dimensions", dimensions);
        body.put("finalLevel", finalLevel);
        return body;
    }

    @Test
    void referral_to_admission_over_http_with_the_events_on_the_broker() {
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            var referralBody = Map.of("patient", patient(), "source", "emergency-department", "urgency", "urgent",
                    "reasonCode", "alcohol-use-disorder", "requestedTrackCode", "IOP-ADULT-AM");
            var referral = as(coordinator).header("X-Request-Id", "journey-1").body(referralBody)
                    .post(BASE + "/referrals").then().statusCode(201).body("status", equalTo("received")).extract();
            String referralId = referral.path("id");
            String patientId = referral.path("patientId");

            as(coordinator).body(Map.of("status", "screening")).post(BASE + "/referrals/" + referralId + "/status")
                    .then().statusCode(200).body("status", equalTo("screening"));
            as(coordinator).body(Map.of("instrument", "PHQ-9", "answers", List.of(2, 2, 1, 1, 1, 1, 1, 1, 1)))
                    .post(BASE + "/patients/" + patientId + "/screenings").then().statusCode(201)
                    .body("total", equalTo(11)).body("band", equalTo("moderate")).body("loinc", equalTo("44261-6"))
                    .body("flags", hasItem("suicide-risk-follow-up"));
            as(coordinator).body(Map.of("status", "assessment-scheduled"))
                    .post(BASE + "/referrals/" + referralId + "/status").then().statusCode(200);
            as(clinician).body(assessment(referralId, dimensions(1, 0, 2, 1, 2, 1), "2.1"))
                    .post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(201)
                    .body("recommendedLevel", equalTo("2.1")).body("finalLevel", equalTo("2.1"))
                    .body("referOut", equalTo(false)).body("ruleTableVersion", equalTo("2026.1"));
            as(coordinator).get(BASE + "/referrals/" + referralId).then().body("status", equalTo("assessed"));
            as(coordinator).body(Map.of("patientId", patientId, "referralId", referralId, "trackCode", "IOP-ADULT-AM",
                            "levelOfCare", "2.1", "admissionDate", LocalDate.now().toString(),
                            "primaryCounselorId", UUID.randomUUID().toString()))
                    .post(BASE + "/admissions").then().statusCode(201).body("trackCode", equalTo("IOP-ADULT-AM"));
            as(coordinator).get(BASE + "/referrals/" + referralId).then().body("status", equalTo("admitted"));
            as(coordinator).get(BASE + "/patients/" + patientId).then().body("status", equalTo("active"));

            for (String type : List.of(RECEIVED, SCREENED, ASSESSED, ADMITTED)) {
                events.await(type, patientId);
            }
            List<EventCapture.Captured> ours = events.records().stream().filter(r -> patientId.equals(r.key())).toList();
            ours.forEach(r -> EventSchemas.assertValid(r.value()));
            assertThat(ours.stream().map(r -> r.event().type()).toList())
                    .containsSubsequence(RECEIVED, SCREENED, ASSESSED, ADMITTED);
            CloudEvent screened = events.await(SCREENED, patientId);
            assertThat(screened.data().has("answers")).isFalse();
            assertThat(screened.requestid()).isNotNull();
            assertThat(events.await(RECEIVED, patientId).requestid()).isEqualTo("journey-1");
            assertThat(ours).allSatisfy(r -> assertThat(r.value()).doesNotContain("Testperson", "1990-04-02", "555 0100", "p@example.org"));
        }
    }

    @Test
    void a_recommendation_above_2_5_is_referred_out_not_admitted() {
        String patientId = Api.createPatient(coordinator);
        as(clinician).body(assessment(null, dimensions(3, 1, 1, 1, 1, 1), "2.1"))
                .post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(400)
                .body("violations[0].field", equalTo("finalLevelReason"));
        String recommended = as(clinician).body(assessment(null, dimensions(3, 1, 1, 1, 1, 1), "3.7"))
                .post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(201)
                .body("referOut", equalTo(true)).extract().path("recommendedLevel");
        assertThat(recommended).isEqualTo("3.7");
        as(coordinator).body(Map.of("patientId", patientId, "trackCode", "IOP-ADULT-AM", "levelOfCare", "3.7",
                        "admissionDate", "2026-12-01", "primaryCounselorId", UUID.randomUUID().toString()))
                .post(BASE + "/admissions").then().statusCode(422);
        as(coordinator).body(Map.of("patientId", patientId, "trackCode", "IOP-ADULT-AM", "levelOfCare", "2.1",
                        "admissionDate", "2026-12-01", "primaryCounselorId", UUID.randomUUID().toString()))
                .post(BASE + "/admissions").then().statusCode(409);
    }

    @Test
    void an_assessment_with_a_bad_icd10_code_or_rating_writes_nothing() {
        String patientId = Api.createPatient(coordinator);
        var badCode = assessment(null, dimensions(1, 1, 2, 1, 1, 1), "2.1");
        badCode.put("diagnoses", List.of(Map.of("icd10", "alcoholism")));
        as(clinician).body(badCode).post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(400)
                .body("violations[0].field", equalTo("diagnoses[0].icd10"));
        as(clinician).body(assessment(null, dimensions(1, 1, 5, 1, 1, 1), "2.1"))
                .post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(400)
                .body("violations[0].field", equalTo("dimensions.d3.rating"));
        as(coordinator).body(Map.of("patientId", patientId, "trackCode", "IOP-ADULT-AM", "levelOfCare", "2.1",
                        "admissionDate", "2026-12-01", "primaryCounselorId", UUID.randomUUID().toString()))
                .post(BASE + "/admissions").then().statusCode(409); // still no assessment
    }

    @Test
    void the_waitlist_keeps_order_and_offers_the_next_place() {
        String track = "IOP-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String first = Api.createPatient(coordinator);
        String second = Api.createPatient(coordinator);
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            as(coordinator).body(Map.of("patientId", first, "trackCode", track, "expectedStart", "2026-12-07"))
                    .post(BASE + "/waitlist").then().statusCode(201).body("position", equalTo(1));
            as(coordinator).body(Map.of("patientId", second, "trackCode", track)).post(BASE + "/waitlist").then()
                    .statusCode(201).body("position", equalTo(2));
            assertThat(events.await("care.iop.intake.patient.waitlisted.v1", second).data().get("position").asInt())
                    .isEqualTo(2);
        }
        as(coordinator).body(Map.of("patientId", first, "trackCode", track)).post(BASE + "/waitlist").then().statusCode(409);
        as(coordinator).get(BASE + "/waitlist/" + track).then().body("$", hasSize(2))
                .body("[0].patientId", equalTo(first));
        as(coordinator).post(BASE + "/waitlist/" + track + "/offers").then().statusCode(200)
                .body("patientId", equalTo(first)).body("status", equalTo("offered"));
        as(coordinator).post(BASE + "/waitlist/" + track + "/offers").then().statusCode(200)
                .body("patientId", equalTo(second));
        as(coordinator).post(BASE + "/waitlist/" + track + "/offers").then().statusCode(404);
    }
}
