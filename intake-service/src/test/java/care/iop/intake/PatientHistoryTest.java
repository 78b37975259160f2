package care.iop.intake;

import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** A patient's referrals and assessments listed by patient (what the gateway's journey shows), scoped and audited. */
@QuarkusTest
class PatientHistoryTest {

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = Api.coordinator(clinic);
    private final String clinicianId = "clinician-" + UUID.randomUUID();
    private final TestTokens clinician = TestTokens.staff(clinic, "clinician").subject(clinicianId);

    @Test
    void a_patients_referrals_and_assessments_are_listed_oldest_first_and_each_read_is_audited() {
        String patientId = Api.createPatient(coordinator);
        String first = refer(patientId, "self");
        String second = refer(patientId, "emergency-department");
        for (String status : new String[]{"screening", "assessment-scheduled"}) {
            as(coordinator).body(Map.of("status", status)).post(BASE + "/referrals/" + second + "/status").then()
                    .statusCode(200);
        }
        String assessmentId = as(clinician.bearer())
                .body(IntakeJourneyTest.assessment(second, IntakeJourneyTest.dimensions(1, 0, 2, 1, 2, 1), "2.1"))
                .post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(201).extract().path("id");
        // Someone else's patient in the same clinic is not listed.
        refer(Api.createPatient(coordinator), "self");

        var referrals = as(clinician.bearer()).get(BASE + "/patients/" + patientId + "/referrals").then()
                .statusCode(200).extract().jsonPath();
        assertThat(referrals.getList("id", String.class)).containsExactly(first, second);
        assertThat(referrals.getList("source", String.class)).containsExactly("self", "emergency-department");
        // The assessment moved its referral along; statuses are the kebab-case wire values.
        assertThat(referrals.getList("status", String.class)).containsExactly("received", "assessed");

        var assessments = as(clinician.bearer()).get(BASE + "/patients/" + patientId + "/assessments").then()
                .statusCode(200).extract().jsonPath();
        assertThat(assessments.getList("id", String.class)).containsExactly(assessmentId);
        assertThat(assessments.getString("[0].recommendedLevel")).isEqualTo("2.1");
        assertThat(assessments.getString("[0].referralId")).isEqualTo(second);

        var trail = as(TestTokens.staff(clinic, "auditor").bearer()).queryParam("patientId", patientId)
                .queryParam("actor", clinicianId).get(BASE + "/audit-records").then().statusCode(200)
                .extract().jsonPath();
        assertThat(trail.getList("items.findAll { it.action == 'read' }.resourceId", String.class))
                .containsExactlyInAnyOrder(first, second, assessmentId);
    }

    @Test
    void another_clinics_patient_is_not_found_and_roles_without_the_record_are_refused() {
        String patientId = Api.createPatient(coordinator);
        refer(patientId, "self");
        String elsewhere = TestTokens.staff(UUID.randomUUID(), "clinician").bearer();
        as(elsewhere).get(BASE + "/patients/" + patientId + "/referrals").then().statusCode(404);
        as(elsewhere).get(BASE + "/patients/" + patientId + "/assessments").then().statusCode(404);
        as(clinician.bearer()).get(BASE + "/patients/" + UUID.randomUUID() + "/referrals").then().statusCode(404);
        // None to show is still a look at the patient's assessments: on the trail.
        as(clinician.bearer()).get(BASE + "/patients/" + patientId + "/assessments").then().statusCode(200)
                .body("size()", equalTo(0));
        var trail = as(TestTokens.staff(clinic, "auditor").bearer()).queryParam("patientId", patientId)
                .queryParam("actor", clinicianId).get(BASE + "/audit-records").then().statusCode(200)
                .extract().jsonPath();
        assertThat(trail.getList("items.findAll { it.action == 'read' }.resourceType", String.class))
                .containsExactly("Assessment");
        String partner = TestTokens.partner(UUID.randomUUID()).bearer();
        as(partner).get(BASE + "/patients/" + patientId + "/referrals").then().statusCode(403);
        String auditor = TestTokens.staff(clinic, "auditor").bearer();
        as(auditor).get(BASE + "/patients/" + patientId + "/assessments").then().statusCode(403);
    }

    private String refer(String patientId, String source) {
        return as(coordinator).body(Map.of("patientId", patientId, "source", source, "urgency", "routine",
                        "reasonCode", "alcohol-use-disorder"))
                .post(BASE + "/referrals").then().statusCode(201).extract().path("id");
    }
}
