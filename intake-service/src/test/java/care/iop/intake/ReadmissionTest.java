package care.iop.intake;

import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.aftercare.ReadmissionRequested;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * What intake learns from aftercare: a discharge ends the admission (the patient can be admitted again; until it has
 * arrived, an admission after a new referral is a 409 awaiting it), a late discharge of an earlier stay changes
 * nothing, and a readmission request opens a referral.
 */
@QuarkusTest
class ReadmissionTest {

    private static final LocalDate FIRST_ADMISSION = LocalDate.of(2026, 1, 5);

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = TestTokens.staff(clinic, "intake-coordinator").bearer();
    private final String clinician = TestTokens.staff(clinic, "clinician").bearer();

    @Test
    void a_discharged_patient_can_be_admitted_again_and_a_late_discharge_of_the_first_stay_changes_nothing() {
        String patientId = Api.createPatient(coordinator);
        as(clinician).body(IntakeJourneyTest.assessment(null, IntakeJourneyTest.dimensions(1, 0, 2, 1, 2, 1), "2.1"))
                .post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(201);
        admit(patientId, FIRST_ADMISSION).then().statusCode(201);
        admit(patientId, FIRST_ADMISSION.plusWeeks(10)).then().statusCode(409)
                .body("type", equalTo("urn:iop:problem:conflict")); // still admitted, and nobody says otherwise

        // Referred again: the staff take the stay to be over, so the admission waits for aftercare's discharge.
        as(coordinator).body(Map.of("patientId", patientId, "source", "self", "urgency", "urgent",
                "reasonCode", "relapse")).post(BASE + "/referrals").then().statusCode(201);
        admit(patientId, FIRST_ADMISSION.plusWeeks(10)).then().statusCode(409).header("Retry-After", "2")
                .body("type", equalTo("urn:iop:problem:awaiting-event"))
                .body("awaitedEvent", equalTo("care.iop.aftercare.patient.discharged.v1"));
        as(coordinator).get(BASE + "/patients/" + patientId).then().body("status", equalTo("active"));

        discharge(patientId, FIRST_ADMISSION.plusWeeks(8));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(coordinator).get(BASE + "/patients/" + patientId)
                .then().statusCode(200).body("status", equalTo("discharged")));
        admit(patientId, FIRST_ADMISSION.plusWeeks(10)).then().statusCode(201);
        as(coordinator).get(BASE + "/patients/" + patientId).then().body("status", equalTo("active"));

        // The same discharge delivered again (or late) is dated before the new admission: the patient stays admitted.
        // The readmission request after it travels on the same key, so once its referral exists the discharge was
        // applied.
        discharge(patientId, FIRST_ADMISSION.plusWeeks(8));
        readmission(patientId);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(coordinator).queryParam("status", "received")
                .get(BASE + "/referrals").then().statusCode(200)
                .body("items.findAll { it.patientId == '" + patientId + "' }.source", hasItem("aftercare")));
        as(coordinator).get(BASE + "/patients/" + patientId).then().body("status", equalTo("active"));
    }

    private io.restassured.response.Response admit(String patientId, LocalDate date) {
        return as(coordinator).body(Map.of("patientId", patientId, "trackCode", "IOP-READMIT", "levelOfCare", "2.1",
                "admissionDate", date.toString(), "primaryCounselorId", UUID.randomUUID().toString()))
                .post(BASE + "/admissions");
    }

    private void discharge(String patientId, LocalDate date) {
        EventPublisher.send(EventPublisher.event("aftercare-service", new PatientDischarged(UUID.randomUUID(),
                UUID.randomUUID(), 1, date, 56, null), UUID.fromString(patientId), clinic));
    }

    private void readmission(String patientId) {
        EventPublisher.send(EventPublisher.event("aftercare-service", new ReadmissionRequested(UUID.randomUUID(), null,
                "relapse", null, Instant.now()), UUID.fromString(patientId), clinic));
    }
}
