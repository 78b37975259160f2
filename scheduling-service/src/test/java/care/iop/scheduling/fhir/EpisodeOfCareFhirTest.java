package care.iop.scheduling.fhir;

import care.iop.scheduling.Sched;
import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
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
 * Track enrollments as plain R4 EpisodeOfCare with ids {@code enrollment-<uuid>}: read, search by patient (with
 * status) and {@code _id}, paging, clinic scoping, tokens and scopes, and the audit trail. Every EpisodeOfCare
 * returned validates against base R4 with 0 errors (US Core has no EpisodeOfCare profile).
 *
 * <p>The patient's first enrollment (from {@link #start}, a Monday eight weeks back) was withdrawn after two weeks;
 * the second runs from four weeks back.
 */
@QuarkusTest
class EpisodeOfCareFhirTest {

    static final String SCOPES = "system/EpisodeOfCare.rs";

    @Inject
    EntityManager em;

    private final Sched clinic = new Sched();
    private final String patient = UUID.randomUUID().toString();
    private final LocalDate start = LocalDate.now(Sched.NEW_YORK)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(8);
    private String trackId;
    private String ended;
    private String running;

    @BeforeEach
    void enrolledTwice() {
        trackId = clinic.createTrack(clinic.track("T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                List.of("monday"), "09:00", 180));
        ended = clinic.enroll(patient, trackId, start);
        clinic.asScheduler().body(Map.of("reason", "withdrawn", "endDate", start.plusWeeks(2).toString()))
                .post(BASE + "/enrollments/" + ended + "/end").then().statusCode(200);
        running = clinic.enroll(patient, trackId, start.plusWeeks(4));
    }

    private String ehr(String scopes) {
        return TestTokens.ehr(clinic.clinic, "ehr-northside").claim("scope", scopes).bearer();
    }

    private List<String> found(String query) {
        Bundle bundle = bundle(fhir(ehr(SCOPES)).get(FHIR + "/EpisodeOfCare?" + query));
        validEntries(bundle);
        assertThat(bundle.getTotal()).as(query).isEqualTo(bundle.getEntry().size());
        return ids(bundle);
    }

    private EpisodeOfCare read(String id) {
        Response response = fhir(ehr(SCOPES)).get(FHIR + "/EpisodeOfCare/" + id);
        response.then().statusCode(200).header("ETag", equalTo("W/\"" + response.path("meta.versionId") + "\""));
        assertThat(UsCoreValidator.get().errors(response.asString())).isEmpty();
        return ScheduledPatient.parse(response.asString(), EpisodeOfCare.class);
    }

    @Test
    void an_enrollment_reads_as_a_valid_labelled_episode_of_care_with_its_track_and_period() {
        EpisodeOfCare active = read("enrollment-" + running);
        assertThat(active.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(active.getMeta().getSecurity()).extracting(Coding::getCode).contains("R", "42CFRPart2", "ETH");
        assertThat(active.getPatient().getReference()).isEqualTo("Patient/" + patient);
        assertThat(active.getTypeFirstRep().getText()).isEqualTo("Adult evening IOP");
        assertThat(active.getPeriod().getStartElement().getValueAsString()).isEqualTo(start.plusWeeks(4).toString());
        assertThat(active.getPeriod().hasEnd()).isFalse();

        EpisodeOfCare finished = read("enrollment-" + ended);
        assertThat(finished.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        assertThat(finished.getPeriod().getEndElement().getValueAsString()).isEqualTo(start.plusWeeks(2).toString());

        for (String id : List.of(running, "episode-" + running, "enrollment-" + UUID.randomUUID(), "enrollment-x")) {
            fhir(ehr(SCOPES)).get(FHIR + "/EpisodeOfCare/" + id).then().statusCode(404)
                    .body("resourceType", equalTo("OperationOutcome"));
        }
    }

    @Test
    void patient_search_with_status_and_id() {
        String byPatient = "patient=Patient/" + patient;
        assertThat(found(byPatient)).containsExactly("enrollment-" + ended, "enrollment-" + running);
        assertThat(found(byPatient + "&status=active")).containsExactly("enrollment-" + running);
        assertThat(found(byPatient + "&status=finished")).containsExactly("enrollment-" + ended);
        assertThat(found(byPatient + "&status=http://hl7.org/fhir/episode-of-care-status|finished,active"))
                .hasSize(2);
        assertThat(found(byPatient + "&status=waitlist")).isEmpty();
        assertThat(found("patient=Patient/" + UUID.randomUUID())).isEmpty();
        assertThat(found("_id=enrollment-" + ended)).containsExactly("enrollment-" + ended);
        assertThat(found("_id=episode-" + ended)).isEmpty();
        assertThat(found("_id=" + ended)).isEmpty();
    }

    @Test
    void count_one_pages_through_next_links_with_offset() {
        Bundle page = bundle(fhir(ehr(SCOPES)).get(FHIR + "/EpisodeOfCare?patient=Patient/" + patient + "&_count=1"));
        assertThat(page.getTotal()).isEqualTo(2);
        List<String> seen = new ArrayList<>(ids(page));
        assertThat(page.getLink(Bundle.LINK_NEXT).getUrl()).contains("_offset=1");
        page = bundle(fhir(ehr(SCOPES)).urlEncodingEnabled(false).get(page.getLink(Bundle.LINK_NEXT).getUrl()));
        validEntries(page);
        seen.addAll(ids(page));
        assertThat(page.getLink(Bundle.LINK_NEXT)).isNull();
        assertThat(seen).containsExactly("enrollment-" + ended, "enrollment-" + running);
    }

    @Test
    void another_clinic_no_token_and_missing_scope() {
        fhir(ScheduledPatient.otherClinicsEhr()).get(FHIR + "/EpisodeOfCare/enrollment-" + running).then()
                .statusCode(404).body("resourceType", equalTo("OperationOutcome"));
        assertThat(bundle(fhir(ScheduledPatient.otherClinicsEhr())
                .get(FHIR + "/EpisodeOfCare?patient=Patient/" + patient)).getEntry()).isEmpty();
        fhir(null).get(FHIR + "/EpisodeOfCare/enrollment-" + running).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(ehr("system/Encounter.rs")).get(FHIR + "/EpisodeOfCare?patient=Patient/" + patient).then()
                .statusCode(403).body("issue[0].diagnostics", containsString("system/EpisodeOfCare.s"));
        fhir(TestTokens.staff(clinic.clinic, "nurse").bearer()).get(FHIR + "/EpisodeOfCare/enrollment-" + running)
                .then().statusCode(200);
        fhir(TestTokens.staff(clinic.clinic, "auditor").bearer()).get(FHIR + "/EpisodeOfCare/enrollment-" + running)
                .then().statusCode(403);
    }

    @Test
    void fhir_reads_and_searches_are_audited_like_the_rest_reads_of_the_enrollment() {
        String token = ehr(SCOPES);
        String rest = "rest-" + UUID.randomUUID();
        String read = "fhir-read-" + UUID.randomUUID();
        String restList = "rest-list-" + UUID.randomUUID();
        String search = "fhir-search-" + UUID.randomUUID();
        Sched.as(token).header("X-Request-Id", rest).get(BASE + "/enrollments/" + running).then().statusCode(200);
        fhir(token).header("X-Request-Id", read).get(FHIR + "/EpisodeOfCare/enrollment-" + running).then()
                .statusCode(200);
        Sched.as(token).header("X-Request-Id", restList).queryParam("patientId", patient)
                .get(BASE + "/enrollments").then().statusCode(200);
        fhir(token).header("X-Request-Id", search).get(FHIR + "/EpisodeOfCare?patient=Patient/" + patient).then()
                .statusCode(200);
        List<List<String>> restRows = AuditRows.of(em, rest);
        assertThat(restRows).hasSize(1);
        assertThat(restRows.get(0).subList(0, 4)).containsExactly("read", "success", "Enrollment", running);
        assertThat(AuditRows.of(em, read)).isEqualTo(restRows);
        assertThat(AuditRows.of(em, restList)).hasSize(2);
        assertThat(AuditRows.of(em, search)).isEqualTo(AuditRows.of(em, restList));
    }
}
