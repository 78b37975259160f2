package care.iop.scheduling.fhir;

import care.iop.scheduling.Sched;
import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static care.iop.scheduling.fhir.ScheduledPatient.FHIR;
import static care.iop.scheduling.fhir.ScheduledPatient.bundle;
import static care.iop.scheduling.fhir.ScheduledPatient.fhir;
import static care.iop.scheduling.fhir.ScheduledPatient.ids;
import static care.iop.scheduling.fhir.ScheduledPatient.validEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Bookings as plain R4 Appointments: read, search by patient with date (gt/ge/lt/le) and status, {@code _id},
 * paging, clinic scoping, tokens and scopes, and the audit trail. Every Appointment returned validates against base
 * R4 with 0 errors (US Core has no Appointment profile).
 */
@QuarkusTest
class AppointmentFhirTest {

    static final String SCOPES = "system/Appointment.rs";

    @Inject
    EntityManager em;

    private ScheduledPatient p;

    @BeforeEach
    void scheduled() {
        p = new ScheduledPatient();
    }

    private Bundle search(String query) {
        return bundle(fhir(p.ehr(SCOPES)).get(FHIR + "/Appointment?" + query));
    }

    private List<String> found(String query) {
        Bundle bundle = search(query);
        validEntries(bundle);
        assertThat(bundle.getTotal()).as(query).isEqualTo(bundle.getEntry().size());
        return ids(bundle);
    }

    private Appointment read(String id) {
        Response response = fhir(p.ehr(SCOPES)).get(FHIR + "/Appointment/" + id);
        response.then().statusCode(200).header("ETag", equalTo("W/\"" + response.path("meta.versionId") + "\""));
        assertThat(UsCoreValidator.get().errors(response.asString())).isEmpty();
        return ScheduledPatient.parse(response.asString(), Appointment.class);
    }

    @Test
    void every_booking_reads_as_a_valid_labelled_appointment_with_the_bookings_status() {
        Appointment upcoming = read(p.upcoming);
        assertThat(upcoming.getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED);
        assertThat(upcoming.getMeta().getSecurity()).extracting(Coding::getCode).contains("R", "42CFRPart2", "ETH");
        assertThat(upcoming.getMeta().getVersionId()).isNotBlank();
        assertThat(upcoming.getParticipant()).extracting(a -> a.getActor().getReference())
                .contains("Patient/" + p.patient);
        assertThat(upcoming.getServiceTypeFirstRep().getCoding()).extracting(Coding::getCode)
                .contains("18512000", "individual-therapy");
        assertThat(upcoming.getMinutesDuration()).isEqualTo(50);
        assertThat(read(p.group).getStatus()).isEqualTo(Appointment.AppointmentStatus.FULFILLED);
        assertThat(read(p.family).getStatus()).isEqualTo(Appointment.AppointmentStatus.NOSHOW);

        String before = read(p.upcoming).getMeta().getVersionId();
        Sched.as(p.clinic.scheduler).body(Map.of("reasonCode", "patient-request"))
                .post(BASE + "/bookings/" + p.upcoming + "/cancel").then().statusCode(200);
        Appointment cancelled = read(p.upcoming);
        assertThat(cancelled.getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);
        assertThat(cancelled.getCancelationReason().getText()).isEqualTo("patient-request");
        assertThat(Long.parseLong(cancelled.getMeta().getVersionId())).isGreaterThan(Long.parseLong(before));
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            fhir(p.ehr(SCOPES)).get(FHIR + "/Appointment/" + id).then().statusCode(404)
                    .body("resourceType", equalTo("OperationOutcome"));
        }
    }

    @Test
    void patient_search_with_date_comparators_and_status() {
        String patient = "patient=Patient/" + p.patient;
        String wed = p.monday.plusDays(2).toString();
        LocalDate nextMonday = Sched.nextWeekday(DayOfWeek.MONDAY, 1);
        assertThat(found(patient)).containsExactly(p.group, p.individual, p.family, p.upcoming);
        assertThat(found("patient=Patient/" + UUID.randomUUID())).isEmpty();
        assertThat(found(patient + "&date=" + p.monday)).containsExactly(p.group);
        assertThat(found(patient + "&date=gt" + wed)).containsExactly(p.family, p.upcoming);
        assertThat(found(patient + "&date=ge" + wed)).containsExactly(p.individual, p.family, p.upcoming);
        assertThat(found(patient + "&date=lt" + wed)).containsExactly(p.group);
        assertThat(found(patient + "&date=le" + wed)).containsExactly(p.group, p.individual);
        assertThat(found(patient + "&date=ge" + nextMonday)).containsExactly(p.upcoming);
        assertThat(found(patient + "&date=ge" + p.monday + "&date=lt" + nextMonday))
                .containsExactly(p.group, p.individual, p.family);
        assertThat(found(patient + "&status=booked")).containsExactly(p.upcoming);
        assertThat(found(patient + "&status=fulfilled")).containsExactly(p.group, p.individual);
        assertThat(found(patient + "&status=noshow")).containsExactly(p.family);
        assertThat(found(patient + "&status=noshow,booked")).containsExactly(p.family, p.upcoming);
        assertThat(found(patient + "&status=cancelled")).isEmpty();
        assertThat(found("_id=" + p.upcoming)).containsExactly(p.upcoming);
        assertThat(found("_id=" + UUID.randomUUID())).isEmpty();
        assertThat(found("identifier=urn:iop:booking|" + p.group)).containsExactly(p.group);
    }

    @Test
    void count_two_pages_through_next_links_with_offset() {
        Bundle page = search("patient=Patient/" + p.patient + "&_count=2");
        assertThat(page.getTotal()).isEqualTo(4);
        List<String> seen = new ArrayList<>(ids(page));
        assertThat(page.getLink(Bundle.LINK_NEXT).getUrl()).contains("_offset=2");
        page = bundle(fhir(p.ehr(SCOPES)).urlEncodingEnabled(false).get(page.getLink(Bundle.LINK_NEXT).getUrl()));
        validEntries(page);
        seen.addAll(ids(page));
        assertThat(page.getLink(Bundle.LINK_NEXT)).isNull();
        assertThat(seen).containsExactly(p.group, p.individual, p.family, p.upcoming);
    }

    @Test
    void another_clinic_no_token_and_missing_scope() {
        fhir(ScheduledPatient.otherClinicsEhr()).get(FHIR + "/Appointment/" + p.upcoming).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        assertThat(bundle(fhir(ScheduledPatient.otherClinicsEhr())
                .get(FHIR + "/Appointment?patient=Patient/" + p.patient)).getEntry()).isEmpty();
        fhir(null).get(FHIR + "/Appointment/" + p.upcoming).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(p.ehr("system/Encounter.rs")).get(FHIR + "/Appointment/" + p.upcoming).then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/Appointment.r"));
        fhir(TestTokens.staff(p.clinic.clinic, "nurse").bearer()).get(FHIR + "/Appointment/" + p.upcoming).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        fhir(p.ehr(SCOPES)).get(FHIR + "/Appointment?status=booked").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void a_fhir_read_is_audited_like_the_rest_read_of_the_booking() {
        String token = p.ehr(SCOPES);
        String rest = "rest-" + UUID.randomUUID();
        String read = "fhir-read-" + UUID.randomUUID();
        Sched.as(token).header("X-Request-Id", rest).get(BASE + "/bookings/" + p.upcoming).then().statusCode(200);
        fhir(token).header("X-Request-Id", read).get(FHIR + "/Appointment/" + p.upcoming).then().statusCode(200);
        List<List<String>> restRows = AuditRows.of(em, rest);
        assertThat(restRows).hasSize(1);
        assertThat(restRows.get(0).subList(0, 4)).containsExactly("read", "success", "Booking", p.upcoming);
        assertThat(AuditRows.of(em, read)).isEqualTo(restRows);
    }
}
