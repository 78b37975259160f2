package care.iop.aftercare.fhir;

import care.iop.aftercare.AftercareClinic;
import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.aftercare.AftercareClinic.BASE;
import static care.iop.aftercare.fhir.FhirTestSupport.FHIR;
import static care.iop.aftercare.fhir.FhirTestSupport.auditRows;
import static care.iop.aftercare.fhir.FhirTestSupport.ehr;
import static care.iop.aftercare.fhir.FhirTestSupport.fhir;
import static care.iop.aftercare.fhir.FhirTestSupport.validBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * Relapse-prevention plans as US Core CarePlan over the FHIR API: read and vread, the US Core searches
 * (patient+category, +date with its comparators, +status, +status+date), {@code _id}, paging, clinic scoping, 401/403
 * and the audit rows they leave. The plan's period starts when its current version was written (the service stamps
 * that with its clock), so the date searches are built around the start the resource reports, not around today.
 */
@QuarkusTest
class CarePlanFhirTest {

    static final String SCOPE = "system/CarePlan.rs";
    static final String ASSESS_PLAN = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category|assess-plan";

    private final AftercareClinic clinic = new AftercareClinic();

    @Inject
    EntityManager em;

    /** A patient with a plan in two versions, and the plan's FHIR id. */
    record Plan(UUID patient, String id) {
    }

    private static Map<String, Object> content(String firstTrigger) {
        return new HashMap<>(Map.of("triggers", List.of(firstTrigger, "Payday <Fridays>"),
                "warningSigns", List.of("Skipping meals"), "copingStrategies", List.of("Call my sponsor",
                        "Go to a meeting"),
                "peopleToCall", List.of(Map.of("name", "Sam", "relationship", "sponsor", "phone", "+1 555 0142")),
                "crisisPlan", "Go to my sister's; call 988.",
                "accountabilityPartners", List.of(Map.of("name", "Alex"))));
    }

    private Plan planInTwoVersions() {
        UUID patient = clinic.admitted(LocalDate.of(2025, 1, 6));
        String path = BASE + "/patients/" + patient + "/relapse-prevention-plan";
        String etag = clinic.caseManager.api().body(content("Old friends")).put(path).then().statusCode(201)
                .extract().header("ETag");
        clinic.caseManager.api().header("If-Match", etag).body(content("Arguments at home")).put(path).then()
                .statusCode(200);
        String json = fhir(token()).get(FHIR + "/CarePlan?patient=Patient/" + patient).then().statusCode(200)
                .extract().asString();
        List<String> ids = validBundle(json);
        assertThat(ids).hasSize(1);
        return new Plan(patient, ids.get(0));
    }

    private String token() {
        return ehr(clinic.clinic, SCOPE);
    }

    private List<String> search(String query) {
        String json = fhir(token()).get(FHIR + "/CarePlan?" + query).then().statusCode(200)
                .body("resourceType", equalTo("Bundle")).extract().asString();
        return validBundle(json);
    }

    @Test
    void the_capability_statement_names_both_types_their_searches_and_the_us_core_careplan_profile() {
        fhir(null).get(FHIR + "/metadata").then().statusCode(200)
                .body("instantiates", hasItems("http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server"))
                .body("rest[0].resource.type", hasItems("CarePlan", "EpisodeOfCare"))
                .body("rest[0].resource.find { it.type == 'CarePlan' }.supportedProfile",
                        hasItems(CarePlanMapping.PROFILE))
                .body("rest[0].resource.find { it.type == 'CarePlan' }.interaction.code",
                        hasItems("read", "vread", "search-type"))
                .body("rest[0].resource.find { it.type == 'CarePlan' }.searchParam.name",
                        hasItems("patient", "category", "status", "date", "_id"))
                .body("rest[0].resource.find { it.type == 'CarePlan' }.searchInclude", hasItems("CarePlan:goal"))
                .body("rest[0].resource.find { it.type == 'EpisodeOfCare' }.searchParam.name",
                        hasItems("patient", "status", "_id"));
    }

    @Test
    void read_is_a_valid_us_core_careplan_of_the_current_version_and_vread_gives_the_earlier_one() {
        Plan p = planInTwoVersions();
        assertThat(p.id()).startsWith("relapse-prevention-");
        String json = fhir(token()).get(FHIR + "/CarePlan/" + p.id()).then().statusCode(200)
                .header("ETag", equalTo("W/\"2\""))
                .body("resourceType", equalTo("CarePlan"))
                .body("id", equalTo(p.id()))
                .body("meta.versionId", equalTo("2"))
                .body("meta.profile", hasItems(CarePlanMapping.PROFILE))
                .body("meta.security.code", hasItems("R", "42CFRPart2", "ETH"))
                .body("status", equalTo("active"))
                .body("intent", equalTo("plan"))
                .body("category[0].coding[0].system", equalTo("http://hl7.org/fhir/us/core/CodeSystem/careplan-category"))
                .body("category[0].coding[0].code", equalTo("assess-plan"))
                .body("category[1].text", equalTo("relapse prevention"))
                .body("subject.reference", equalTo("Patient/" + p.patient()))
                .body("text.status", equalTo("generated"))
                .body("text.div", containsString("Payday &lt;Fridays&gt;"))
                .body("text.div", not(containsString("<Fridays>")))
                .body("note.text", hasItems("Trigger: Arguments at home", "Warning sign: Skipping meals"))
                .body("activity.detail.description", hasItems("Call my sponsor", "Go to my sister's; call 988.",
                        "Sam (sponsor): +1 555 0142", "Alex"))
                .extract().asString();
        assertThat(UsCoreValidator.get().errors(json)).isEmpty();
        assertThat(UsCoreValidator.get().errors(json, CarePlanMapping.PROFILE)).isEmpty();
        // The REST view of the same plan has the same version.
        clinic.caseManager.api().get(BASE + "/patients/" + p.patient() + "/relapse-prevention-plan").then()
                .header("ETag", equalTo("\"2\""));

        String first = fhir(token()).get(FHIR + "/CarePlan/" + p.id() + "/_history/1").then().statusCode(200)
                .body("meta.versionId", equalTo("1")).body("note.text", hasItems("Trigger: Old friends"))
                .body("created", equalTo(JsonPath.from(json).getString("created")))
                .body("period.start", equalTo(JsonPath.from(json).getString("created")))
                .extract().asString();
        assertThat(UsCoreValidator.get().errors(first)).isEmpty();
        fhir(token()).get(FHIR + "/CarePlan/" + p.id() + "/_history/3").then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(token()).get(FHIR + "/CarePlan/relapse-prevention-" + UUID.randomUUID()).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(token()).get(FHIR + "/CarePlan/treatment-plan-" + UUID.randomUUID()).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        // Staff are held to their roles, as on the REST API.
        fhir(clinic.clinician.bearer()).get(FHIR + "/CarePlan/" + p.id()).then().statusCode(200);
        fhir(clinic.person("auditor").bearer()).get(FHIR + "/CarePlan/" + p.id()).then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void us_core_searches_patient_with_category_status_and_date() {
        Plan p = planInTwoVersions();
        String patient = "patient=Patient/" + p.patient();
        String id = p.id();
        String json = fhir(token()).get(FHIR + "/CarePlan/" + id).then().extract().asString();
        Instant start = Instant.parse(JsonPath.from(json).getString("period.start"));
        LocalDate startDay = start.atZone(ZoneOffset.UTC).toLocalDate();
        String justBefore = start.minusSeconds(1).toString();
        String justAfter = start.plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();

        // patient+category (SHALL)
        assertThat(search(patient + "&category=" + ASSESS_PLAN)).containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&_include=CarePlan:goal")).as("nothing to include")
                .containsExactly(id);
        assertThat(search(patient + "&category=assess-plan")).containsExactly(id);
        assertThat(search(patient + "&category=urn:iop:careplan-category|relapse-prevention")).containsExactly(id);
        assertThat(search(patient + "&category=http://hl7.org/fhir/us/core/CodeSystem/careplan-category|other"))
                .isEmpty();
        assertThat(search(patient + "&category=urn:iop:careplan-category|treatment-plan")).isEmpty();
        assertThat(search(patient + "&category=other," + ASSESS_PLAN)).containsExactly(id);

        // patient+category+date: the plan runs from its start, open-ended, so gt/ge match any date.
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&date=ge" + startDay)).containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&date=gt" + startDay.plusYears(5)))
                .containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&date=le" + startDay)).containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&date=le" + startDay.minusDays(1))).isEmpty();
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&date=lt" + startDay)).isEmpty();
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&date=lt" + startDay.plusDays(1)))
                .containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&date=le" + justBefore)).isEmpty();
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&date=lt" + justAfter)).containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&date=" + startDay)).as("eq: the plan has no end")
                .isEmpty();

        // patient+category+status, patient+category+status+date
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&status=active")).containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&status=http://hl7.org/fhir/request-status|active"))
                .containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&status=draft,active")).containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&status=completed")).isEmpty();
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&status=active&date=ge" + startDay))
                .containsExactly(id);
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&status=active&date=lt" + startDay)).isEmpty();
        assertThat(search(patient + "&category=" + ASSESS_PLAN + "&status=revoked&date=ge" + startDay)).isEmpty();

        // A patient known here without a plan, and one aftercare does not know, match nothing.
        UUID noPlan = clinic.admitted(LocalDate.of(2025, 1, 6));
        assertThat(search("patient=Patient/" + noPlan + "&category=" + ASSESS_PLAN)).isEmpty();
        assertThat(search("patient=Patient/" + UUID.randomUUID() + "&category=" + ASSESS_PLAN)).isEmpty();
        fhir(token()).get(FHIR + "/CarePlan?patient=Patient/x&category=" + ASSESS_PLAN).then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void search_by_id_finds_ours_only_and_pages_through_next_links() {
        Plan p = planInTwoVersions();
        Plan q = planInTwoVersions();
        assertThat(search("_id=" + p.id())).containsExactly(p.id());
        assertThat(search("_id=treatment-plan-" + UUID.randomUUID())).isEmpty();
        assertThat(search("_id=relapse-prevention-" + UUID.randomUUID())).isEmpty();

        String ids = "_id=" + p.id() + "," + q.id();
        String first = fhir(token()).get(FHIR + "/CarePlan?" + ids + "&_count=1").then().statusCode(200)
                .body("total", equalTo(2)).extract().asString();
        assertThat(validBundle(first)).containsExactly(p.id());
        String next = JsonPath.from(first).getString("link.find { it.relation == 'next' }.url");
        assertThat(next).contains("_offset=1");
        // The link is already encoded as HAPI wrote it.
        String second = RestAssured.given().urlEncodingEnabled(false).accept("application/fhir+json")
                .header("Authorization", token()).get(next).then().statusCode(200).extract().asString();
        assertThat(validBundle(second)).containsExactly(q.id());
        assertThat(JsonPath.from(second).getString("link.find { it.relation == 'next' }")).isNull();
        // A patient has one relapse-prevention plan: the patient search is one page.
        String one = fhir(token()).get(FHIR + "/CarePlan?patient=Patient/" + p.patient() + "&category="
                + ASSESS_PLAN + "&_count=1").then().statusCode(200).body("total", equalTo(1)).extract().asString();
        assertThat(JsonPath.from(one).getString("link.find { it.relation == 'next' }")).isNull();
    }

    @Test
    void another_clinic_gets_404_and_empty_no_token_401_and_a_token_without_the_scope_403() {
        Plan p = planInTwoVersions();
        String riverside = TestTokens.ehr(UUID.randomUUID(), "ehr-riverside").claim("scope", SCOPE).bearer();
        fhir(riverside).get(FHIR + "/CarePlan/" + p.id()).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("not-found"));
        fhir(riverside).get(FHIR + "/CarePlan/" + p.id() + "/_history/1").then().statusCode(404);
        fhir(riverside).get(FHIR + "/CarePlan?patient=Patient/" + p.patient() + "&category=" + ASSESS_PLAN).then()
                .statusCode(200).body("total", equalTo(0));
        fhir(riverside).get(FHIR + "/CarePlan?_id=" + p.id()).then().statusCode(200).body("total", equalTo(0));

        fhir(null).get(FHIR + "/CarePlan/" + p.id()).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("login"));
        fhir(null).get(FHIR + "/CarePlan?patient=Patient/" + p.patient()).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(ehr(clinic.clinic, "system/EpisodeOfCare.rs")).get(FHIR + "/CarePlan/" + p.id()).then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/CarePlan.r"));
        fhir(ehr(clinic.clinic, "system/CarePlan.r")).get(FHIR + "/CarePlan?patient=Patient/" + p.patient()
                + "&category=" + ASSESS_PLAN).then().statusCode(403)
                .body("issue[0].diagnostics", containsString("system/CarePlan.s"));
    }

    @Test
    void fhir_reads_and_searches_leave_the_audit_rows_their_rest_twins_leave() {
        Plan p = planInTwoVersions();
        String token = token();
        int before = auditRows(em, p.patient(), "RelapsePreventionPlan", "read").size();
        RestAssured.given().header("Authorization", token)
                .get(BASE + "/patients/" + p.patient() + "/relapse-prevention-plan").then().statusCode(200);
        fhir(token).get(FHIR + "/CarePlan/" + p.id()).then().statusCode(200);
        fhir(token).get(FHIR + "/CarePlan?patient=Patient/" + p.patient() + "&category=" + ASSESS_PLAN).then()
                .statusCode(200).body("total", equalTo(1));
        List<List<Object>> rows = auditRows(em, p.patient(), "RelapsePreventionPlan", "read");
        assertThat(rows).hasSize(before + 3);
        List<Object> rest = rows.get(before);
        assertThat(rest).containsSubsequence("RelapsePreventionPlan", p.patient().toString(),
                clinic.clinic.toString(), "read", "success", "service-account-ehr-northside", "ehr-northside");
        assertThat(rows.get(before + 1)).as("FHIR read = REST read").isEqualTo(rest);
        assertThat(rows.get(before + 2)).as("FHIR search = REST read").isEqualTo(rest);
        // A search for another category reads nothing and audits nothing.
        fhir(token).get(FHIR + "/CarePlan?patient=Patient/" + p.patient() + "&category=other").then()
                .statusCode(200).body("total", equalTo(0));
        assertThat(auditRows(em, p.patient(), "RelapsePreventionPlan", "read")).hasSize(before + 3);
    }
}
