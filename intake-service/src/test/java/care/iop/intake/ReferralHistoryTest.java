package care.iop.intake;

import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static care.iop.intake.Api.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * A referral's status history (issue #20): every status it takes, oldest first, seen by whoever may read the referral
 * (the referring partner, the clinic's staff) and audited as a read of it.
 */
@QuarkusTest
class ReferralHistoryTest {

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = TestTokens.staff(clinic, "intake-coordinator").bearer();
    private final String clinician = TestTokens.staff(clinic, "clinician").bearer();
    private final UUID partnerId = UUID.randomUUID();
    private final String partner = TestTokens.partner(partnerId).subject("partner-history-" + partnerId).bearer();

    private List<String> statuses(String token, String id) {
        return as(token).get(BASE + "/referrals/" + id + "/history").then().statusCode(200)
                .body("referralId", equalTo(id)).extract().path("items.status");
    }

    private void move(String id, Map<String, Object> change) {
        as(coordinator).body(change).post(BASE + "/referrals/" + id + "/status").then().statusCode(200);
    }

    @Test
    void the_partner_sees_its_referrals_history_grow_as_the_clinic_moves_it() {
        String id = as(partner).body(Map.of("clinicId", clinic.toString(), "patient", patient(), "source", "partner",
                        "urgency", "urgent", "reasonCode", "step-down-from-residential", "requestedTrackCode",
                        "IOP-ADULT-AM", "partnerReference", "CASE-2025/0042"))
                .post(BASE + "/referrals").then().statusCode(201)
                .body("partnerReference", equalTo("CASE-2025/0042")).body("clinicId", equalTo(clinic.toString()))
                .body("urgency", equalTo("urgent")).body("requestedTrackCode", equalTo("IOP-ADULT-AM"))
                .extract().path("id");
        String received = as(partner).get(BASE + "/referrals/" + id + "/history").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("received"))
                .body("items[0].reasonCode", nullValue()).extract().path("items[0].at");
        as(partner).get(BASE + "/referrals/" + id).then().statusCode(200)
                .body("statusChangedAt", equalTo(received)).body("receivedAt", equalTo(received));

        String patientId = as(coordinator).get(BASE + "/referrals/" + id).then().statusCode(200)
                .body("partnerReference", equalTo("CASE-2025/0042")).body("statusChangedAt", equalTo(received))
                .extract().path("patientId");
        move(id, Map.of("status", "screening"));
        assertThat(statuses(partner, id)).containsExactly("received", "screening");
        move(id, Map.of("status", "assessment-scheduled"));
        // Assessment moves the referral to assessed, waitlisting to waitlisted: both recorded too.
        as(clinician).body(IntakeJourneyTest.assessment(id, IntakeJourneyTest.dimensions(1, 0, 2, 1, 2, 1), "2.1"))
                .post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(201);
        as(coordinator).body(Map.of("patientId", patientId, "referralId", id, "trackCode", "IOP-HISTORY"))
                .post(BASE + "/waitlist").then().statusCode(201);
        move(id, Map.of("status", "declined", "reasonCode", "patient-declined"));

        var history = as(partner).get(BASE + "/referrals/" + id + "/history").then().statusCode(200)
                .body("items.status", contains("received", "screening", "assessment-scheduled", "assessed",
                        "waitlisted", "declined"))
                .body("items.reasonCode", contains(null, null, null, null, null, "patient-declined"))
                .extract();
        List<String> times = history.path("items.at");
        assertThat(times.stream().map(Instant::parse).toList()).isSorted().doesNotHaveDuplicates();
        assertThat(times.get(0)).isEqualTo(received);
        as(partner).get(BASE + "/referrals/" + id).then().statusCode(200).body("status", equalTo("declined"))
                .body("decisionReasonCode", equalTo("patient-declined")).body("statusChangedAt", equalTo(times.get(5)));
        // Staff of the clinic see the same history.
        assertThat(statuses(coordinator, id)).containsExactly("received", "screening", "assessment-scheduled",
                "assessed", "waitlisted", "declined");

        // Nobody else learns the referral exists.
        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(BASE + "/referrals/" + id + "/history").then()
                .statusCode(404);
        as(TestTokens.staff(UUID.randomUUID(), "intake-coordinator").bearer())
                .get(BASE + "/referrals/" + id + "/history").then().statusCode(404);
        as(partner).get(BASE + "/referrals/" + UUID.randomUUID() + "/history").then().statusCode(404);
        as(coordinator).get(BASE + "/referrals/" + UUID.randomUUID() + "/history").then().statusCode(404);
        as(TestTokens.staff(clinic, "auditor").bearer()).get(BASE + "/referrals/" + id + "/history").then()
                .statusCode(403);

        // Each look at the history is a read of the referral by the partner.
        List<String> partnerReads = as(TestTokens.staff(clinic, "auditor").bearer())
                .queryParam("actor", "partner-history-" + partnerId).queryParam("limit", 200)
                .get(BASE + "/audit-records").then().statusCode(200)
                .extract().path("items.findAll { it.resourceId == '" + id + "' && it.action == 'read' }.resourceType");
        // 3 history reads and 2 referral reads above.
        assertThat(partnerReads).hasSize(5).containsOnly("Referral");
    }

    @Test
    void only_a_partner_sends_its_own_reference_and_it_must_look_like_a_case_number() {
        String patientId = Api.createPatient(coordinator);
        as(coordinator).body(Map.of("patientId", patientId, "source", "self", "urgency", "routine", "reasonCode",
                        "alcohol-use-disorder", "partnerReference", "CASE-1")).post(BASE + "/referrals").then()
                .statusCode(400).body("violations[0].field", equalTo("partnerReference"));
        as(partner).body(Map.of("clinicId", clinic.toString(), "patient", patient(), "source", "partner", "urgency",
                        "routine", "reasonCode", "alcohol-use-disorder", "partnerReference", "Sam Rivera"))
                .post(BASE + "/referrals").then().statusCode(400)
                .body("violations[0].field", equalTo("partnerReference"));
        as(partner).body(Map.of("clinicId", clinic.toString(), "patient", patient(), "source", "partner", "urgency",
                        "routine", "reasonCode", "alcohol-use-disorder")).post(BASE + "/referrals").then()
                .statusCode(201).body("partnerReference", nullValue()).body("statusChangedAt", notNullValue());
    }
}
