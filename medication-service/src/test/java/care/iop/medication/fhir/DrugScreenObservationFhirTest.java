package care.iop.medication.fhir;

import care.iop.medication.MedClinic;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.medication.MedClinic.BASE;
import static care.iop.medication.MedClinic.order;
import static care.iop.medication.fhir.FhirSupport.FHIR;
import static care.iop.medication.fhir.FhirSupport.PART2;
import static care.iop.medication.fhir.FhirSupport.allPages;
import static care.iop.medication.fhir.FhirSupport.ehr;
import static care.iop.medication.fhir.FhirSupport.fhir;
import static care.iop.medication.fhir.FhirSupport.ids;
import static care.iop.medication.fhir.FhirSupport.next;
import static care.iop.medication.fhir.FhirSupport.otherClinic;
import static care.iop.medication.fhir.FhirSupport.valid;
import static care.iop.medication.fhir.FhirSupport.validEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * Drug screens as US Core Laboratory Result Observations: the panel and one Observation per substance, read, the
 * SHALL searches (patient+category, patient+code, patient+category+date with comparators, _id), a survey search that
 * is empty, the unexpected positive's interpretation, paging, scoping, audit. The service takes collection times
 * from a day before the order up to now, so the screens are collected 20 and 2 hours ago and the date searches use
 * instants between them: nothing depends on the calendar date.
 */
@QuarkusTest
class DrugScreenObservationFhirTest {

    static final String SCOPES = "system/Observation.rs";

    private final MedClinic clinic = new MedClinic();
    private UUID patient;
    private String token;
    private String unexpected;
    private String clean;
    private String pending;
    private Instant unexpectedCollected;
    private Instant cleanCollected;

    @BeforeEach
    void screens() {
        patient = clinic.admittedPatient();
        token = ehr(clinic.clinic, SCOPES);
        var bup = order("buprenorphine", "sublingual", 8, "mg");
        bup.put("startDate", "2025-01-01");
        clinic.prescribe(patient, bup);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        unexpectedCollected = now.minus(20, ChronoUnit.HOURS);
        cleanCollected = now.minus(2, ChronoUnit.HOURS);
        unexpected = screen("urine", List.of("BUP", "FEN", "THC"), unexpectedCollected,
                Map.of("BUP", "positive", "FEN", "positive", "THC", "negative"));
        clean = screen("urine", List.of("BUP", "COT"), cleanCollected, Map.of("BUP", "positive", "COT", "negative"));
        pending = clinic.prescriber.api().body(Map.of("specimen", "oral-fluid", "panel", List.of("BUP")))
                .post(BASE + "/patients/" + patient + "/drug-screens").then().statusCode(201).extract().path("id");
    }

    private String screen(String specimen, List<String> panel, Instant collected, Map<String, String> results) {
        String id = clinic.prescriber.api().body(Map.of("specimen", specimen, "panel", panel))
                .post(BASE + "/patients/" + patient + "/drug-screens").then().statusCode(201).extract().path("id");
        clinic.nurse.api().body(Map.of("collectedAt", collected.toString()))
                .post(BASE + "/drug-screens/" + id + "/collection").then().statusCode(200);
        clinic.nurse.api().body(Map.of("results", results.entrySet().stream()
                        .map(e -> Map.of("substanceCode", e.getKey(), "result", e.getValue())).toList()))
                .post(BASE + "/drug-screens/" + id + "/results").then().statusCode(200);
        return id;
    }

    @Test
    void an_unexpected_positive_is_abnormal_on_its_analyte_and_its_panel_and_all_are_valid_us_core_lab() {
        String panel = fhir(token).get(FHIR + "/Observation/drug-screen-" + unexpected).then().statusCode(200)
                .header("ETag", equalTo("W/\"2\""))
                .body("meta.versionId", equalTo("2"))
                .body("meta.security.code", hasItems(PART2.toArray(new String[0])))
                .body("status", equalTo("final"))
                .body("category[0].coding[0].code", equalTo("laboratory"))
                .body("code.coding[0].system", equalTo("http://loinc.org"))
                .body("code.coding[0].code", equalTo("69739-1"))
                .body("subject.reference", equalTo("Patient/" + patient))
                .body("effectiveDateTime", equalTo(unexpectedCollected.toString()))
                .body("hasMember.reference", hasItems("Observation/drug-screen-" + unexpected + "-BUP",
                        "Observation/drug-screen-" + unexpected + "-FEN",
                        "Observation/drug-screen-" + unexpected + "-THC"))
                .body("interpretation[0].coding[0].code", equalTo("A"))
                .extract().asString();
        valid(panel, DrugScreenObservationMapping.PROFILE);

        String fentanyl = fhir(token).get(FHIR + "/Observation/drug-screen-" + unexpected + "-FEN").then()
                .statusCode(200)
                .body("code.coding[0].code", equalTo("59673-4"))
                .body("valueCodeableConcept.coding[0].system", equalTo("http://snomed.info/sct"))
                .body("valueCodeableConcept.coding[0].code", equalTo("10828004"))
                .body("interpretation.coding.flatten().code", equalTo(List.of("A", "POS")))
                .body("note[0].text", containsString("Unexpected positive"))
                .extract().asString();
        valid(fentanyl, DrugScreenObservationMapping.PROFILE);
        String buprenorphine = fhir(token).get(FHIR + "/Observation/drug-screen-" + unexpected + "-BUP").then()
                .statusCode(200)
                .body("code.coding[0].code", equalTo("93494-3"))
                .body("valueCodeableConcept.coding[0].code", equalTo("10828004"))
                .body("interpretation.coding.flatten().code", equalTo(List.of("POS")))
                .extract().asString();
        valid(buprenorphine, DrugScreenObservationMapping.PROFILE);
        String cannabinoids = fhir(token).get(FHIR + "/Observation/drug-screen-" + unexpected + "-THC").then()
                .statusCode(200)
                .body("code.coding[0].code", equalTo("18282-4"))
                .body("valueCodeableConcept.coding[0].code", equalTo("260385009"))
                .body("interpretation.coding.flatten().code", equalTo(List.of("NEG")))
                .extract().asString();
        valid(cannabinoids, DrugScreenObservationMapping.PROFILE);

        // A substance without a confirmed LOINC code keeps our code and a text.
        String cotinine = fhir(token).get(FHIR + "/Observation/drug-screen-" + clean + "-COT").then()
                .statusCode(200)
                .body("code.coding[0].system", equalTo(DrugScreenCodes.SUBSTANCE))
                .body("code.text", equalTo("Cotinine [Presence] in Urine by Screen method"))
                .extract().asString();
        valid(cotinine, DrugScreenObservationMapping.PROFILE);
        fhir(token).get(FHIR + "/Observation/drug-screen-" + clean).then().statusCode(200)
                .body("interpretation[0].coding[0].code", equalTo("N"));

        // Not resulted, not on the panel, not an id of ours: not found.
        fhir(token).get(FHIR + "/Observation/drug-screen-" + pending).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(token).get(FHIR + "/Observation/drug-screen-" + unexpected + "-MTD").then().statusCode(404);
        fhir(token).get(FHIR + "/Observation/screening-" + unexpected).then().statusCode(404);
        fhir(token).get(FHIR + "/Observation/drug-screen-" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void the_us_core_searches_match_and_do_not_match() {
        String byPatient = FHIR + "/Observation?patient=Patient/" + patient;
        Response lab = fhir(token).get(byPatient + "&category=laboratory").then().statusCode(200)
                .body("total", equalTo(7)).extract().response();
        // Newest screen first, each panel followed by its substances.
        assertThat(ids(lab)).containsExactly("drug-screen-" + clean, "drug-screen-" + clean + "-BUP",
                "drug-screen-" + clean + "-COT", "drug-screen-" + unexpected,
                "drug-screen-" + unexpected + "-BUP", "drug-screen-" + unexpected + "-FEN",
                "drug-screen-" + unexpected + "-THC");
        validEntries(lab.asString());
        assertThat(search(byPatient + "&category=http://terminology.hl7.org/CodeSystem/observation-category|"
                + "laboratory")).hasSize(7);
        // The gateway asks every Observation owner: a survey search is intake's, and empty here.
        assertThat(search(byPatient + "&category=survey")).isEmpty();
        assertThat(search(byPatient + "&category=survey,vital-signs")).isEmpty();
        assertThat(search(byPatient)).hasSize(7);

        assertThat(search(byPatient + "&code=http://loinc.org|59673-4"))
                .containsExactly("drug-screen-" + unexpected + "-FEN");
        assertThat(search(byPatient + "&code=69739-1")).containsExactly("drug-screen-" + clean,
                "drug-screen-" + unexpected);
        assertThat(search(byPatient + "&code=" + DrugScreenCodes.SUBSTANCE + "|BUP"))
                .containsExactly("drug-screen-" + clean + "-BUP", "drug-screen-" + unexpected + "-BUP");
        assertThat(search(byPatient + "&code=http://loinc.org|44261-6")).isEmpty();

        Instant between = cleanCollected.minus(9, ChronoUnit.HOURS);
        String laboratory = byPatient + "&category=laboratory";
        assertThat(search(laboratory + "&date=gt" + between)).hasSize(3).allMatch(id -> id.contains(clean));
        assertThat(search(laboratory + "&date=ge" + between)).hasSize(3);
        assertThat(search(laboratory + "&date=lt" + between)).hasSize(4).allMatch(id -> id.contains(unexpected));
        assertThat(search(laboratory + "&date=le" + between)).hasSize(4);
        assertThat(search(laboratory + "&date=ge" + unexpectedCollected)).hasSize(7);
        assertThat(search(laboratory + "&date=gt" + unexpectedCollected)).hasSize(3);
        assertThat(search(laboratory + "&date=le" + unexpectedCollected)).hasSize(4);
        assertThat(search(laboratory + "&date=lt" + unexpectedCollected)).isEmpty();
        assertThat(search(laboratory + "&date=" + cleanCollected)).hasSize(3);
        assertThat(search(laboratory + "&date=ge" + unexpectedCollected + "&date=lt" + cleanCollected)).hasSize(4);
        assertThat(search(laboratory + "&status=final")).hasSize(7);
        assertThat(search(laboratory + "&status=preliminary")).isEmpty();

        assertThat(search(FHIR + "/Observation?_id=drug-screen-" + unexpected + "-THC"))
                .containsExactly("drug-screen-" + unexpected + "-THC");
        assertThat(search(FHIR + "/Observation?_id=drug-screen-" + pending)).isEmpty();
        assertThat(search(FHIR + "/Observation?_id=screening-" + UUID.randomUUID())).isEmpty();
        assertThat(search(FHIR + "/Observation?patient=" + UUID.randomUUID() + "&category=laboratory")).isEmpty();
    }

    private List<String> search(String url) {
        return ids(fhir(token).get(url).then().statusCode(200).extract().response());
    }

    @Test
    void count_pages_through_next_links_with_offset() {
        String first = FHIR + "/Observation?patient=" + patient + "&category=laboratory&_count=3";
        Response page = fhir(token).get(first).then().statusCode(200).body("entry.size()", equalTo(3)).extract()
                .response();
        assertThat(next(page)).contains("_offset=3");
        assertThat(allPages(token, first)).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_wrong_scope_403() {
        fhir(otherClinic(SCOPES)).get(FHIR + "/Observation/drug-screen-" + unexpected).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(otherClinic(SCOPES)).get(FHIR + "/Observation?patient=" + patient + "&category=laboratory").then()
                .statusCode(200).body("total", equalTo(0));
        fhir(otherClinic(SCOPES)).get(FHIR + "/Observation?_id=drug-screen-" + unexpected).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(null).get(FHIR + "/Observation/drug-screen-" + unexpected).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(ehr(clinic.clinic, "system/MedicationRequest.rs"))
                .get(FHIR + "/Observation?patient=" + patient + "&category=laboratory").then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/Observation.s"));
    }

    @Test
    void fhir_reads_are_audited_like_the_rest_reads() {
        fhir(token).get(FHIR + "/Observation/drug-screen-" + clean + "-BUP").then().statusCode(200);
        clinic.nurse.api().get(BASE + "/drug-screens/" + clean).then().statusCode(200);
        var rows = FhirSupport.audit(clinic, patient);
        var reads = rows.stream().filter(r -> "read".equals(r.get("action"))
                && "DrugScreen".equals(r.get("resourceType")) && clean.equals(r.get("resourceId"))).toList();
        assertThat(reads).extracting(r -> r.get("actorClientId")).contains("ehr-northside", "iop-staff-app");
        fhir(token).get(FHIR + "/Observation?patient=" + patient + "&category=laboratory").then().statusCode(200);
        assertThat(FhirSupport.audit(clinic, patient)).anySatisfy(r -> {
            assertThat(r.get("resourceType")).isEqualTo("DrugScreen");
            assertThat(r.get("resourceId")).isNull();
            assertThat(r.get("actorClientId")).isEqualTo("ehr-northside");
        });
        assertThat(rows).extracting(r -> r.get("patientId")).containsOnly(patient.toString());
        fhir(token).get(FHIR + "/Observation?patient=" + patient + "&category=laboratory").then().statusCode(200)
                .body("entry.resource.subject.reference", hasItem("Patient/" + patient));
    }
}
