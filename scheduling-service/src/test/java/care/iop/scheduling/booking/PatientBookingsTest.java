package care.iop.scheduling.booking;

import care.iop.scheduling.Sched;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static care.iop.scheduling.Sched.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** A patient's bookings listed by patient (what the gateway's journey shows), with attendance, scoped and audited. */
@QuarkusTest
class PatientBookingsTest {

    private final Sched clinic = new Sched();

    @Test
    void a_patients_bookings_are_listed_in_session_order_with_kind_status_and_attendance() {
        String patient = clinic.enrolledPatient();
        LocalDate today = LocalDate.now(Sched.NEW_YORK);
        String family = clinic.createSession(clinic.session("family-therapy", today.plusDays(10), "10:00", 60));
        String individual = clinic.createSession(clinic.session("individual-therapy", today.minusDays(6), "10:00", 50));
        String group = clinic.createSession(clinic.session("group-therapy", today.minusDays(5), "10:00", 180));
        String individualBooking = clinic.book(individual, patient);
        String familyBooking = clinic.book(family, patient);
        String groupBooking = clinic.book(group, patient);
        clinic.asScheduler().body(Map.of("reasonCode", "patient-request"))
                .post(BASE + "/bookings/" + groupBooking + "/cancel").then().statusCode(200);
        as(clinic.clinician).body(Map.of("attendance", "left-early", "minutesAttended", 30))
                .put(BASE + "/bookings/" + individualBooking + "/attendance").then().statusCode(200);
        // Another patient's booking in the same session is not listed.
        clinic.book(family, clinic.enrolledPatient());

        var list = as(clinic.clinician).get(BASE + "/patients/" + patient + "/bookings").then().statusCode(200)
                .extract().jsonPath();
        assertThat(list.getList("id", String.class)).containsExactly(individualBooking, groupBooking, familyBooking);
        assertThat(list.getList("sessionId", String.class)).containsExactly(individual, group, family);
        assertThat(list.getList("kind", String.class))
                .containsExactly("individual-therapy", "group-therapy", "family-therapy");
        assertThat(list.getList("status", String.class)).containsExactly("fulfilled", "cancelled", "booked");
        assertThat(list.getString("[0].attendance")).isEqualTo("left-early");
        assertThat(list.getInt("[0].minutesAttended")).isEqualTo(30);
        assertThat(list.getString("[0].recordedAt")).isNotNull();
        assertThat(list.getString("[2].attendance")).isNull();
        assertThat(list.getString("[0].startsAt")).isLessThan(list.getString("[1].startsAt"));

        var trail = as(TestTokens.staff(clinic.clinic, "auditor").bearer()).queryParam("patientId", patient)
                .get(BASE + "/audit-records").then().statusCode(200).extract().jsonPath();
        assertThat(trail.getList("items.findAll { it.action == 'read' && it.resourceType == 'Booking' }.resourceId",
                String.class)).contains(individualBooking, groupBooking, familyBooking);
    }

    @Test
    void an_unknown_or_another_clinics_patient_is_not_found_and_roles_without_bookings_are_refused() {
        String patient = clinic.enrolledPatient();
        // None to show is still a look at the patient's bookings: on the trail.
        as(clinic.clinician).get(BASE + "/patients/" + patient + "/bookings").then().statusCode(200)
                .body("size()", equalTo(0));
        var trail = as(TestTokens.staff(clinic.clinic, "auditor").bearer()).queryParam("patientId", patient)
                .get(BASE + "/audit-records").then().statusCode(200).extract().jsonPath();
        assertThat(trail.getList("items.findAll { it.action == 'read' }.resourceType", String.class))
                .contains("Booking");
        as(new Sched().clinician).get(BASE + "/patients/" + patient + "/bookings").then().statusCode(404);
        as(clinic.clinician).get(BASE + "/patients/" + UUID.randomUUID() + "/bookings").then().statusCode(404);
        as(TestTokens.staff(clinic.clinic, "nurse").bearer()).get(BASE + "/patients/" + patient + "/bookings").then()
                .statusCode(403);
    }
}
