package care.iop.aftercare.fhir;

import care.iop.aftercare.AftercareClinic;
import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static care.iop.aftercare.AftercareClinic.BASE;
import static care.iop.aftercare.fhir.FhirTestSupport.FHIR;
import static care.iop.aftercare.fhir.FhirTestSupport.assertValid;
import static care.iop.aftercare.fhir.FhirTestSupport.auditRows;
import static care.iop.aftercare.fhir.FhirTestSupport.ehr;
import static care.iop.aftercare.fhir.FhirTestSupport.fhir;
import static care.iop.aftercare.fhir.FhirTestSupport.ids;
import static care.iop.aftercare.fhir.FhirTestSupport.validBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Treatment episodes as EpisodeOfCare over the FHIR API: read, the searches by patient (with status) and
 * {@code _id}, paging, clinic scoping, 401/403, and the audit rows they leave. Every date is fixed: a
 * patient admitted on 2025-01-06, discharged (treatment completed) on 2025-02-24, admitted again on 2025-06-02.
 */
@QuarkusTest
class EpisodeOfCareFhirTest {

    static final LocalDate ADMITTED = LocalDate.of(2025, 1, 6);
    static final LocalDate DISCHARGED = LocalDate.of(2025, 2, 24);
    static final LocalDate READMITTED = LocalDate.of(2025, 6, 2);
    static final String SCOPE = "system/EpisodeOfCare.rs";

    private final AftercareClinic clinic = new AftercareClinic();

    @Inject
    EntityManager em;

    /** The patient and the ids of their finished and running episodes. */
    record Episodes(UUID patient, String finished, String running) {
    }

    private Episodes twoEpisodes() {
        UUID patient = clinic.admitted(ADMITTED);
        String first = clinic.episodeOf(patient);
        clinic.discharge(patient, 1, DISCHARGED);
        clinic.admit(patient, READMITTED, 2);
        String second = clinic.episodeOf(patient);
        return new Episodes(patient, first, second);
    }

    private String token() {
        return ehr(clinic.clinic, SCOPE);
    }

    private List<String> search(String query) {
        String json = fhir(token()).get(FHIR + "/EpisodeOfCare?" + query).then().statusCode(200)
                .body("resourceType", equalTo("Bundle")).extract().asString();
        return validBundle(json);
    }

    @Test
    void after_discharge_the_episode_reads_finished_with_its_period_and_teds_d_reason() {
        Episodes e = twoEpisodes();
        String json = fhir(token()).get(FHIR + "/EpisodeOfCare/episode-" + e.finished()).then().statusCode(200)
                .header("ETag", equalTo("W/\"" + JsonPath.from(clinic.caseManager.api()
                        .get(BASE + "/episodes/" + e.finished()).then().extract().asString()).getInt("version") + "\""))
                .body("resourceType", equalTo("EpisodeOfCare"))
                .body("id", equalTo("episode-" + e.finished()))
                .body("meta.versionId", not(nullValue()))
                .body("meta.security.code", hasItems("R", "42CFRPart2", "ETH"))
                .body("status", equalTo("finished"))
                .body("period.start", equalTo("2025-01-06"))
                .body("period.end", equalTo("2025-02-24"))
                .body("patient.reference", equalTo("Patient/" + e.patient()))
                .body("type[0].coding[0].system", equalTo("http://terminology.hl7.org/CodeSystem/episodeofcare-type"))
                .body("type[0].coding[0].code", equalTo("da"))
                .body("extension[0].url", equalTo("urn:iop:fhir:StructureDefinition/discharge-reason"))
                .body("extension[0].valueCoding.system", equalTo("urn:iop:teds-d:reason"))
                .body("extension[0].valueCoding.code", equalTo("1"))
                .body("extension[0].valueCoding.display", equalTo("Treatment completed"))
                .body("statusHistory[0].status", equalTo("active"))
                .body("statusHistory[0].period.end", equalTo("2025-02-24"))
                .body("text.status", equalTo("generated"))
                .body("text.div", containsString("TEDS-D reason: Treatment completed"))
                .body(not(containsString("Completed the program goals"))) // the summary stays on the REST API
                .extract().asString();
        assertValid(json);
        EpisodeOfCare parsed = UsCoreValidator.get().fhirContext().newJsonParser().parseResource(EpisodeOfCare.class,
                json);
        assertThat(UsCoreValidator.get().messages(parsed)).as("no narrative warning (dom-6)")
                .noneMatch(m -> m.contains("dom-6"));

        String running = fhir(token()).get(FHIR + "/EpisodeOfCare/episode-" + e.running()).then().statusCode(200)
                .body("status", equalTo("active")).body("period.start", equalTo("2025-06-02"))
                .body("period.end", nullValue()).body("extension", nullValue()).extract().asString();
        assertValid(running);
        // Staff are held to their roles, as on the REST API.
        fhir(clinic.caseManager.bearer()).get(FHIR + "/EpisodeOfCare/episode-" + e.running()).then().statusCode(200);
        fhir(clinic.person("auditor").bearer()).get(FHIR + "/EpisodeOfCare/episode-" + e.running()).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        fhir(token()).get(FHIR + "/EpisodeOfCare/episode-" + UUID.randomUUID()).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(token()).get(FHIR + "/EpisodeOfCare/enrollment-" + e.running()).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void search_by_patient_with_status() {
        Episodes e = twoEpisodes();
        String finished = "episode-" + e.finished();
        String running = "episode-" + e.running();
        String patient = "patient=Patient/" + e.patient();
        assertThat(search(patient)).containsExactly(finished, running);
        assertThat(search("patient=" + e.patient())).containsExactly(finished, running);
        assertThat(search(patient + "&status=active")).containsExactly(running);
        assertThat(search(patient + "&status=finished")).containsExactly(finished);
        assertThat(search(patient + "&status=http://hl7.org/fhir/episode-of-care-status|finished"))
                .containsExactly(finished);
        assertThat(search(patient + "&status=active,finished")).containsExactly(finished, running);
        assertThat(search(patient + "&status=planned")).isEmpty();
        assertThat(search(patient + "&status=waitlist,cancelled")).isEmpty();

        // A patient aftercare does not know (scheduling may) matches nothing; a malformed reference is a 400.
        assertThat(search("patient=Patient/" + UUID.randomUUID())).isEmpty();
        fhir(token()).get(FHIR + "/EpisodeOfCare?patient=Patient/not-a-uuid").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void search_by_id_finds_ours_and_nothing_for_an_enrollment_id() {
        Episodes e = twoEpisodes();
        assertThat(search("_id=episode-" + e.running())).containsExactly("episode-" + e.running());
        assertThat(search("_id=episode-" + e.finished() + ",episode-" + e.running() + ",episode-" + e.running()))
                .containsExactlyInAnyOrder("episode-" + e.finished(), "episode-" + e.running());
        assertThat(search("_id=enrollment-" + UUID.randomUUID())).isEmpty();
        assertThat(search("_id=episode-nonsense")).isEmpty();
        assertThat(search("_id=episode-" + UUID.randomUUID())).isEmpty();
        // With the patient and status too, as scheduling takes them.
        assertThat(search("_id=episode-" + e.running() + "&patient=Patient/" + e.patient() + "&status=active"))
                .containsExactly("episode-" + e.running());
        assertThat(search("_id=episode-" + e.running() + "&patient=Patient/" + UUID.randomUUID())).isEmpty();
        assertThat(search("_id=episode-" + e.running() + "&status=finished")).isEmpty();
        fhir(token()).get(FHIR + "/EpisodeOfCare?status=active").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("patient"));
    }

    @Test
    void count_one_pages_through_next_links() {
        Episodes e = twoEpisodes();
        String first = fhir(token()).get(FHIR + "/EpisodeOfCare?patient=Patient/" + e.patient() + "&_count=1")
                .then().statusCode(200).body("total", equalTo(2)).extract().asString();
        assertThat(validBundle(first)).containsExactly("episode-" + e.finished());
        String next = JsonPath.from(first).getString("link.find { it.relation == 'next' }.url");
        assertThat(next).contains("_offset=1").contains("_count=1");
        // The link is already encoded as HAPI wrote it.
        String second = RestAssured.given().urlEncodingEnabled(false).accept("application/fhir+json")
                .header("Authorization", token()).get(next).then().statusCode(200).extract().asString();
        assertThat(validBundle(second)).containsExactly("episode-" + e.running());
        assertThat(JsonPath.from(second).getString("link.find { it.relation == 'next' }")).isNull();
        assertThat(JsonPath.from(second).getString("link.find { it.relation == 'previous' }.url"))
                .contains("_offset=0");
    }

    @Test
    void another_clinic_gets_404_and_empty_no_token_401_and_a_token_without_the_scope_403() {
        Episodes e = twoEpisodes();
        String riverside = TestTokens.ehr(UUID.randomUUID(), "ehr-riverside").claim("scope", SCOPE).bearer();
        fhir(riverside).get(FHIR + "/EpisodeOfCare/episode-" + e.finished()).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("not-found"));
        String none = fhir(riverside).get(FHIR + "/EpisodeOfCare?patient=Patient/" + e.patient()).then()
                .statusCode(200).body("total", equalTo(0)).extract().asString();
        assertThat(ids(none)).isEmpty();
        fhir(riverside).get(FHIR + "/EpisodeOfCare?_id=episode-" + e.finished()).then().statusCode(200)
                .body("total", equalTo(0));

        fhir(null).get(FHIR + "/EpisodeOfCare/episode-" + e.finished()).then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("login"));
        fhir(null).get(FHIR + "/EpisodeOfCare?patient=Patient/" + e.patient()).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(ehr(clinic.clinic, "system/Patient.rs system/CarePlan.rs")).get(FHIR + "/EpisodeOfCare/episode-"
                + e.finished()).then().statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/EpisodeOfCare.r"));
        fhir(ehr(clinic.clinic, "system/EpisodeOfCare.r")).get(FHIR + "/EpisodeOfCare?patient=Patient/"
                + e.patient()).then().statusCode(403).body("issue[0].diagnostics",
                        containsString("system/EpisodeOfCare.s"));
        fhir(TestTokens.partner(UUID.randomUUID()).bearer()).get(FHIR + "/EpisodeOfCare/episode-" + e.finished())
                .then().statusCode(403).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void fhir_reads_and_searches_leave_the_audit_rows_their_rest_twins_leave() {
        Episodes e = twoEpisodes();
        String token = token();
        int before = auditRows(em, e.patient(), "Episode", "read").size();
        RestAssured.given().header("Authorization", token).get(BASE + "/episodes/" + e.finished()).then()
                .statusCode(200);
        fhir(token).get(FHIR + "/EpisodeOfCare/episode-" + e.finished()).then().statusCode(200);
        RestAssured.given().header("Authorization", token).get(BASE + "/patients/" + e.patient() + "/episodes")
                .then().statusCode(200);
        fhir(token).get(FHIR + "/EpisodeOfCare?patient=Patient/" + e.patient()).then().statusCode(200);
        List<List<Object>> rows = auditRows(em, e.patient(), "Episode", "read");
        assertThat(rows).hasSize(before + 4);
        List<Object> restRead = rows.get(before);
        assertThat(restRead).containsSubsequence("Episode", e.finished(), e.patient().toString(),
                clinic.clinic.toString(), "read", "success", "service-account-ehr-northside", "ehr-northside");
        assertThat(rows.get(before + 1)).as("FHIR read = REST read").isEqualTo(restRead);
        assertThat(rows.get(before + 3)).as("FHIR search = REST list").isEqualTo(rows.get(before + 2));
        assertThat(rows.get(before + 2).get(1)).isNull();
    }
}
