package care.iop.scheduling.fhir;

import care.iop.scheduling.Sched;
import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * US Core Encounter for attended and missed sessions, as US Core 6.1.0's server CapabilityStatement asks of a
 * server: read, the SHALL searches ({@code _id}, {@code patient}, {@code patient+date} with gt/ge/lt/le) and the
 * SHOULD ones served ({@code identifier}, {@code patient+status}, {@code patient+class}, {@code patient+type}),
 * paging, clinic scoping, tokens and scopes, and the audit trail. Every Encounter returned validates against
 * US Core Encounter with 0 errors.
 */
@QuarkusTest
class EncounterFhirTest {

    static final String SCOPES = "system/Encounter.rs";

    @Inject
    EntityManager em;

    private ScheduledPatient p;

    @BeforeEach
    void scheduled() {
        p = new ScheduledPatient();
    }

    private Bundle search(String query) {
        return bundle(fhir(p.ehr(SCOPES)).get(FHIR + "/Encounter?" + query));
    }

    private List<String> found(String query) {
        Bundle bundle = search(query);
        validEntries(bundle);
        assertThat(bundle.getTotal()).as(query).isEqualTo(bundle.getEntry().size());
        return ids(bundle);
    }

    private static List<String> codes(CodeableConcept concept) {
        return concept.getCoding().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList();
    }

    @Test
    void the_capability_statement_names_us_core_encounter_and_its_searches() {
        fhir(null).get(FHIR + "/metadata").then().statusCode(200)
                .body("rest[0].resource.find { it.type == 'Encounter' }.supportedProfile",
                        hasItem(EncounterMapping.PROFILE))
                .body("rest[0].resource.find { it.type == 'Encounter' }.searchParam.name",
                        hasItems("_id", "patient", "date", "identifier", "status", "class",
                                "type"))
                .body("rest[0].resource.find { it.type == 'Appointment' }.searchParam.name",
                        hasItems("patient", "date", "status"))
                .body("rest[0].resource.find { it.type == 'EpisodeOfCare' }.searchParam.name",
                        hasItems("patient", "status"));
    }

    @Test
    void an_attended_session_reads_as_a_valid_labelled_finished_encounter_with_its_version() {
        Response response = fhir(p.ehr(SCOPES)).get(FHIR + "/Encounter/" + p.group);
        response.then().statusCode(200).header("ETag", equalTo("W/\"" + response.path("meta.versionId") + "\""));
        assertThat(UsCoreValidator.get().errors(response.asString())).isEmpty();
        Encounter e = ScheduledPatient.parse(response.asString(), Encounter.class);
        assertThat(e.getMeta().getProfile()).extracting(c -> c.getValue()).containsExactly(EncounterMapping.PROFILE);
        assertThat(e.getMeta().getSecurity()).extracting(Coding::getCode).contains("R", "42CFRPart2", "ETH");
        assertThat(e.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(e.getClass_().getCode()).isEqualTo("AMB");
        assertThat(codes(e.getTypeFirstRep())).contains("http://snomed.info/sct|76168009");
        assertThat(e.getSubject().getReference()).isEqualTo("Patient/" + p.patient);
        assertThat(e.getEpisodeOfCareFirstRep().getReference()).isEqualTo("EpisodeOfCare/enrollment-" + p.enrollment);
        assertThat(e.getAppointmentFirstRep().getReference()).isEqualTo("Appointment/" + p.group);
        assertThat(e.getPeriod().getStartElement().getValueAsString()).isEqualTo(p.monday + "T09:00:00"
                + offset(p.monday));
        assertThat(e.getLength().getValue().intValue()).isEqualTo(180);
        assertThat(e.getParticipantFirstRep().getIndividual().getReference()).startsWith("Practitioner/");
    }

    private static String offset(LocalDate day) {
        return day.atTime(9, 0).atZone(Sched.NEW_YORK).getOffset().getId();
    }

    @Test
    void telehealth_is_virtual_partial_attendance_is_the_minutes_attended_and_a_no_show_is_cancelled() {
        Encounter late = ScheduledPatient.parse(fhir(p.ehr(SCOPES)).get(FHIR + "/Encounter/" + p.individual)
                .then().statusCode(200).extract().asString(), Encounter.class);
        assertThat(late.getClass_().getCode()).isEqualTo("VR");
        assertThat(late.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(late.getPeriod().getStartElement().getValueAsString())
                .isEqualTo(p.monday.plusDays(2) + "T09:10:00" + offset(p.monday.plusDays(2)));
        assertThat(late.getLength().getValue().intValue()).isEqualTo(40);
        assertThat(UsCoreValidator.get().errors(late)).isEmpty();

        String json = fhir(p.ehr(SCOPES)).get(FHIR + "/Encounter/" + p.family).then().statusCode(200).extract()
                .asString();
        assertThat(UsCoreValidator.get().errors(json)).isEmpty();
        Encounter missed = ScheduledPatient.parse(json, Encounter.class);
        assertThat(missed.getStatus()).isEqualTo(Encounter.EncounterStatus.CANCELLED);
        assertThat(missed.hasLength()).isFalse();
        assertThat(codes((CodeableConcept) missed.getExtensionByUrl(EncounterMapping.ATTENDANCE_EXTENSION).getValue()))
                .containsExactly("http://snomed.info/sct|281399006", "urn:iop:attendance|absent-unexcused");
    }

    @Test
    void a_booking_without_attendance_is_no_encounter_and_ids_that_cannot_be_ours_are_not_found() {
        for (String id : List.of(p.upcoming, UUID.randomUUID().toString(), "not-a-uuid",
                "enrollment-" + p.enrollment)) {
            fhir(p.ehr(SCOPES)).get(FHIR + "/Encounter/" + id).then().statusCode(404)
                    .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("not-found"));
        }
    }

    @Test
    void patient_search_finds_the_attended_and_missed_sessions_only() {
        assertThat(found("patient=Patient/" + p.patient)).containsExactly(p.group, p.individual, p.family);
        assertThat(found("patient=" + p.patient)).containsExactly(p.group, p.individual, p.family);
        assertThat(found("patient=Patient/" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void patient_and_date_with_every_comparator() {
        String patient = "patient=Patient/" + p.patient;
        String mon = p.monday.toString();
        String wed = p.monday.plusDays(2).toString();
        String fri = p.monday.plusDays(4).toString();
        assertThat(found(patient + "&date=" + mon)).containsExactly(p.group);
        assertThat(found(patient + "&date=eq" + wed)).containsExactly(p.individual);
        assertThat(found(patient + "&date=" + p.monday.plusDays(1))).isEmpty();
        assertThat(found(patient + "&date=gt" + wed)).containsExactly(p.family);
        assertThat(found(patient + "&date=ge" + wed)).containsExactly(p.individual, p.family);
        assertThat(found(patient + "&date=lt" + wed)).containsExactly(p.group);
        assertThat(found(patient + "&date=le" + wed)).containsExactly(p.group, p.individual);
        assertThat(found(patient + "&date=ge" + mon + "&date=lt" + fri)).containsExactly(p.group, p.individual);
        assertThat(found(patient + "&date=gt" + fri)).isEmpty();
        assertThat(found(patient + "&date=lt" + mon)).isEmpty();
        // to the minute: the late arrival's Encounter starts at 09:10 (its period is the minutes attended)
        String at = wed + "T09:05:00" + offset(p.monday.plusDays(2)).replace("+", "%2B");
        assertThat(found(patient + "&date=lt" + at)).containsExactly(p.group);
        assertThat(found(patient + "&date=gt" + at)).containsExactly(p.individual, p.family);
    }

    @Test
    void patient_with_status_class_or_type() {
        String patient = "patient=Patient/" + p.patient;
        assertThat(found(patient + "&status=finished")).containsExactly(p.group, p.individual);
        assertThat(found(patient + "&status=cancelled")).containsExactly(p.family);
        assertThat(found(patient + "&status=finished,cancelled")).hasSize(3);
        assertThat(found(patient + "&status=in-progress")).isEmpty();
        assertThat(found(patient + "&class=http://terminology.hl7.org/CodeSystem/v3-ActCode|VR"))
                .containsExactly(p.individual);
        assertThat(found(patient + "&class=AMB")).containsExactly(p.group, p.family);
        assertThat(found(patient + "&class=EMER")).isEmpty();
        assertThat(found(patient + "&type=http://snomed.info/sct|76168009")).containsExactly(p.group);
        assertThat(found(patient + "&type=18512000")).containsExactly(p.individual);
        assertThat(found(patient + "&type=urn:iop:session-kind|family-therapy")).containsExactly(p.family);
        assertThat(found(patient + "&type=urn:iop:session-kind|medication-management")).isEmpty();
    }

    @Test
    void id_and_identifier() {
        assertThat(found("_id=" + p.individual)).containsExactly(p.individual);
        assertThat(found("_id=" + p.upcoming)).isEmpty();
        assertThat(found("_id=" + UUID.randomUUID())).isEmpty();
        assertThat(found("_id=not-ours")).isEmpty();
        assertThat(found("_id=" + p.group + "&patient=Patient/" + p.patient)).containsExactly(p.group);
        assertThat(found("_id=" + p.group + "&patient=Patient/" + UUID.randomUUID())).isEmpty();
        assertThat(found("identifier=urn:iop:booking|" + p.family)).containsExactly(p.family);
        assertThat(found("identifier=" + p.family)).containsExactly(p.family);
        assertThat(found("identifier=urn:oid:1.2.3|" + p.family)).isEmpty();
    }

    @Test
    void count_one_pages_through_next_links_with_offset() {
        Bundle page = search("patient=Patient/" + p.patient + "&_count=1");
        List<String> seen = new ArrayList<>(ids(page));
        assertThat(page.getTotal()).isEqualTo(3);
        int pages = 1;
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            String next = page.getLink(Bundle.LINK_NEXT).getUrl();
            assertThat(next).contains("_offset=" + seen.size());
            page = bundle(fhir(p.ehr(SCOPES)).urlEncodingEnabled(false).get(next)); // the link is encoded already
            validEntries(page);
            seen.addAll(ids(page));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(p.group, p.individual, p.family);
    }

    @Test
    void another_clinic_gets_404_and_empty_bundles() {
        fhir(ScheduledPatient.otherClinicsEhr()).get(FHIR + "/Encounter/" + p.group).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        Bundle none = bundle(fhir(ScheduledPatient.otherClinicsEhr())
                .get(FHIR + "/Encounter?patient=Patient/" + p.patient));
        assertThat(none.getTotal()).isZero();
        assertThat(none.getEntry()).isEmpty();
        assertThat(bundle(fhir(ScheduledPatient.otherClinicsEhr()).get(FHIR + "/Encounter?_id=" + p.group))
                .getEntry()).isEmpty();
    }

    @Test
    void no_token_is_401_a_missing_scope_or_role_403_and_bad_searches_400_all_operation_outcomes() {
        fhir(null).get(FHIR + "/Encounter/" + p.group).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("login"));
        fhir(p.ehr("system/Patient.rs system/Appointment.rs")).get(FHIR + "/Encounter/" + p.group).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/Encounter.r"));
        fhir(p.ehr("system/Encounter.r")).get(FHIR + "/Encounter?patient=Patient/" + p.patient).then()
                .statusCode(403).body("issue[0].diagnostics", containsString("system/Encounter.s"));
        fhir(TestTokens.staff(p.clinic.clinic, "auditor").bearer()).get(FHIR + "/Encounter/" + p.group).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        fhir(TestTokens.staff(p.clinic.clinic, "clinician").bearer()).get(FHIR + "/Encounter/" + p.group).then()
                .statusCode(200);
        fhir(p.ehr(SCOPES)).get(FHIR + "/Encounter?date=ge" + p.monday).then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(p.ehr(SCOPES)).get(FHIR + "/Encounter?patient=Patient/42").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(p.ehr(SCOPES)).get(FHIR + "/Encounter?patient=Patient/" + p.patient + "&date=ap" + p.monday).then()
                .statusCode(400).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void a_fhir_read_and_search_are_audited_like_the_rest_read_of_the_booking() {
        String token = p.ehr(SCOPES);
        String rest = "rest-" + UUID.randomUUID();
        String read = "fhir-read-" + UUID.randomUUID();
        String search = "fhir-search-" + UUID.randomUUID();
        Sched.as(token).header("X-Request-Id", rest).get(BASE + "/bookings/" + p.group).then()
                .statusCode(200);
        fhir(token).header("X-Request-Id", read).get(FHIR + "/Encounter/" + p.group).then().statusCode(200);
        fhir(token).header("X-Request-Id", search).get(FHIR + "/Encounter?patient=Patient/" + p.patient
                + "&date=" + p.monday).then().statusCode(200);

        List<List<String>> restRows = AuditRows.of(em, rest);
        assertThat(restRows).hasSize(1);
        assertThat(restRows.get(0).subList(0, 4)).containsExactly("read", "success", "Booking", p.group);
        assertThat(AuditRows.of(em, read)).isEqualTo(restRows);
        assertThat(AuditRows.of(em, search)).as("only what the search served: the one match").isEqualTo(restRows);
    }
}
