package care.iop.intake.fhir;

import care.iop.events.CloudEvent;
import care.iop.events.Topics;
import care.iop.intake.Api;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.fhir.FhirTests.FHIR;
import static care.iop.intake.fhir.FhirTests.assertLabelled;
import static care.iop.intake.fhir.FhirTests.assertValid;
import static care.iop.intake.fhir.FhirTests.auditedBy;
import static care.iop.intake.fhir.FhirTests.fhir;
import static care.iop.intake.fhir.FhirTests.ids;
import static care.iop.intake.fhir.FhirTests.next;
import static care.iop.intake.fhir.FhirTests.rest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Screenings over FHIR: a QuestionnaireResponse of one of the five instruments is scored on arrival exactly as the
 * REST API scores it, and its US Core Observation Screening Assessment reads and searches at once.
 */
@QuarkusTest
class ScreeningFhirTest {

    static final String SCOPES = "system/Observation.rs system/QuestionnaireResponse.rs system/QuestionnaireResponse.c";
    static final String SCREENED = "care.iop.intake.screening.completed.v1";

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = Api.coordinator(clinic);
    private final String clinician = TestTokens.staff(clinic, "clinician").bearer();
    private final String ehr = FhirTests.ehr(clinic, SCOPES);

    /** A completed response: items "1".."n" with integer scores, or booleans for the yes/no instruments. */
    static String response(String patientId, String instrument, List<?> answers, String... extraItems) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Object a = answers.get(i);
            if (a == null) {
                items.add("{\"linkId\":\"" + (i + 1) + "\"}");
            } else {
                items.add("{\"linkId\":\"" + (i + 1) + "\",\"answer\":[{\"" + (a instanceof Boolean ? "valueBoolean"
                        : a instanceof String ? "valueString" : "valueInteger") + "\":"
                        + (a instanceof String ? "\"" + a + "\"" : a) + "}]}");
            }
        }
        items.addAll(List.of(extraItems));
        return """
                {"resourceType":"QuestionnaireResponse",
                 "questionnaire":"urn:iop:questionnaire:%s",
                 "status":"completed",
                 "subject":{"reference":"Patient/%s"},
                 "authored":"2026-11-30T09:00:00Z",
                 "item":[%s]}
                """.formatted(instrument, patientId, String.join(",", items));
    }

    private String post(String body) {
        return fhir(ehr).body(body).post(FHIR + "/QuestionnaireResponse").then().statusCode(201).extract().path("id");
    }

    private Response search(String query) {
        Response bundle = fhir(ehr).get(FHIR + "/" + query);
        bundle.then().statusCode(200).body("resourceType", equalTo("Bundle"));
        return bundle;
    }

    @Test
    void a_phq9_response_scores_as_the_rest_api_scores_the_same_answers_and_its_observation_reads_at_once() {
        List<Integer> answers = List.of(2, 2, 1, 1, 1, 1, 1, 1, 1);
        String viaRestPatient = Api.createPatient(coordinator);
        JsonPath viaRest = rest(coordinator).body(Map.of("instrument", "PHQ-9", "answers", answers))
                .post(Api.BASE + "/patients/" + viaRestPatient + "/screenings").then().statusCode(201)
                .extract().jsonPath();

        String patientId = Api.createPatient(coordinator);
        Response created = fhir(ehr).body(response(patientId, "phq-9", answers)).post(FHIR + "/QuestionnaireResponse");
        created.then().statusCode(201).header("Location", containsString("/QuestionnaireResponse/"))
                .body("questionnaire", equalTo("urn:iop:questionnaire:phq-9"));
        assertValid(created.asString());
        String id = created.jsonPath().getString("id");

        Response observation = fhir(ehr).get(FHIR + "/Observation/screening-" + id);
        observation.then().statusCode(200).header("ETag", equalTo("W/\"0\""))
                .body("meta.profile", hasItem(ObservationMapping.PROFILE))
                .body("status", equalTo("final"))
                .body("category[0].coding[0].code", equalTo("survey"))
                .body("code.coding[0].system", equalTo("http://loinc.org"))
                .body("code.coding[0].code", equalTo(viaRest.getString("loinc")))
                .body("valueQuantity.value", equalTo(viaRest.getInt("total")))
                .body("valueQuantity.code", equalTo("{score}"))
                .body("interpretation[0].coding[0].code", equalTo(viaRest.getString("band")))
                .body("interpretation[1].coding[0].code", equalTo("AA"))
                .body("derivedFrom[0].reference", equalTo("QuestionnaireResponse/" + id))
                .body("subject.reference", equalTo("Patient/" + patientId));
        assertValid(observation.asString());
        assertLabelled(observation.jsonPath(), "");
        assertThat(viaRest.getInt("total")).isEqualTo(11);
        assertThat(viaRest.getString("band")).isEqualTo("moderate");

        // The same screening on the REST side: total, band, flags; and on the clinic's safety worklist (item 9 > 0).
        JsonPath history = rest(coordinator).get(Api.BASE + "/patients/" + patientId + "/screenings").then()
                .statusCode(200).extract().jsonPath();
        assertThat(history.getString("[0].id")).isEqualTo(id);
        assertThat(history.getInt("[0].total")).isEqualTo(viaRest.getInt("total"));
        assertThat(history.getString("[0].band")).isEqualTo(viaRest.getString("band"));
        assertThat(history.getList("[0].flags")).isEqualTo(viaRest.getList("flags"));
        rest(clinician).get(Api.BASE + "/screenings/unacknowledged-safety-flags").then().statusCode(200)
                .body("id", hasItem(id));

        // Found at once by the search an EHR runs.
        Response surveys = search("Observation?patient=Patient/" + patientId + "&category=survey");
        assertThat(ids(surveys)).containsExactly("screening-" + id);
        surveys.then().body("entry[0].resource.valueQuantity.value", equalTo(11));
        assertValid(surveys.asString());

        Response read = fhir(ehr).get(FHIR + "/QuestionnaireResponse/" + id);
        read.then().statusCode(200).body("item.find { it.linkId == '9' }.answer[0].valueInteger", equalTo(1))
                .body("meta.profile", hasItem(QuestionnaireResponseMapping.PROFILE));
        assertValid(read.asString());
        assertLabelled(read.jsonPath(), "");
    }

    @Test
    void a_cssrs_with_positive_ideation_raises_the_same_safety_flag_as_the_rest_api_and_shows_the_yes_answers() {
        String restPatient = Api.createPatient(coordinator);
        String fhirPatient = Api.createPatient(coordinator);
        String viaRest;
        String viaFhir;
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            viaRest = rest(coordinator).body(Map.of("instrument", "C-SSRS", "answers", List.of(1, 1, 1, 1, 0, 0)))
                    .post(Api.BASE + "/patients/" + restPatient + "/screenings").then().statusCode(201)
                    .body("band", equalTo("high")).extract().path("id");
            viaFhir = post(response(fhirPatient, "c-ssrs", List.of(true, true, true, true, false, false)));
            CloudEvent restEvent = events.await(SCREENED, restPatient);
            CloudEvent fhirEvent = events.await(SCREENED, fhirPatient);
            for (String field : List.of("instrument", "total", "band", "flags")) {
                assertThat(fhirEvent.data().get(field)).isEqualTo(restEvent.data().get(field));
            }
            assertThat(fhirEvent.data().get("flags").toString()).contains("safety-action-required");
        }
        JsonPath worklist = rest(clinician).get(Api.BASE + "/screenings/unacknowledged-safety-flags").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Object> fromRest = worklist.getMap("find { it.id == '" + viaRest + "' }");
        Map<String, Object> fromFhir = worklist.getMap("find { it.id == '" + viaFhir + "' }");
        assertThat(fromFhir).isNotNull();
        for (String field : List.of("instrument", "total", "band", "flags", "requiresAcknowledgement")) {
            assertThat(fromFhir.get(field)).as(field).isEqualTo(fromRest.get(field));
        }

        Response observation = fhir(ehr).get(FHIR + "/Observation/screening-" + viaFhir);
        observation.then().statusCode(200)
                .body("code.coding[0].code", equalTo("c-ssrs-screener"))
                .body("valueQuantity.value", equalTo(4))
                .body("interpretation[0].coding[0].code", equalTo("high"))
                .body("interpretation.coding.flatten().code", hasItem("AA"))
                .body("interpretation.coding.flatten().code", hasItem("POS"))
                .body("component.find { it.code.coding[0].code == 'q4' }.valueBoolean", equalTo(true))
                .body("component.find { it.code.coding[0].code == 'q5' }.valueBoolean", equalTo(false))
                .body("note[0].text", containsString("safety-action-required"));
        assertValid(observation.asString());
        // The REST-recorded one reads the same way.
        fhir(ehr).get(FHIR + "/Observation/screening-" + viaRest).then().statusCode(200)
                .body("interpretation.coding.flatten().code", hasItem("AA"));

        // Question 6 "yes" needs its recency, as on the REST API; within 3 months is high.
        String recent = Api.createPatient(coordinator);
        fhir(ehr).body(response(recent, "c-ssrs", List.of(false, false, false, false, false, true)))
                .post(FHIR + "/QuestionnaireResponse").then().statusCode(422)
                .body("issue[0].expression[0]", equalTo("QuestionnaireResponse.item.where(linkId='6-recency')"));
        String withRecency = post(response(recent, "c-ssrs", List.of(false, false, false, false, false, true),
                "{\"linkId\":\"6-recency\",\"answer\":[{\"valueCoding\":{\"system\":\"urn:iop:cssrs-recency\","
                        + "\"code\":\"within-3-months\"}}]}"));
        fhir(ehr).get(FHIR + "/Observation/screening-" + withRecency).then().statusCode(200)
                .body("interpretation[0].coding[0].code", equalTo("high"))
                .body("component.find { it.code.coding[0].code == 'q6-recency' }.valueCodeableConcept.coding[0].code",
                        equalTo("within-3-months"));
        Response answers = fhir(ehr).get(FHIR + "/QuestionnaireResponse/" + withRecency);
        answers.then().statusCode(200)
                .body("item.find { it.linkId == '6' }.answer[0].valueBoolean", equalTo(true))
                .body("item.find { it.linkId == '6-recency' }.answer[0].valueCoding.code", equalTo("within-3-months"));
        assertValid(answers.asString());
    }

    @Test
    void answers_that_do_not_fit_the_instrument_are_422_naming_the_item_and_nothing_is_written() {
        String patientId = Api.createPatient(coordinator);
        List<Integer> nine = new ArrayList<>(List.of(0, 0, 0, 0, 0, 0, 0, 0));
        nine.add(null);
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put(response(patientId, "phq-9", nine), "QuestionnaireResponse.item.where(linkId='9')");
        refused.put(response(patientId, "phq-9", List.of(0, 0, 0, 0, 0, 0, 0, 0)),
                "QuestionnaireResponse.item.where(linkId='9')");
        refused.put(response(patientId, "audit", List.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 0)),
                "QuestionnaireResponse.item.where(linkId='9')");
        refused.put(response(patientId, "gad-7", List.of(0, 0, 4, 0, 0, 0, 0)),
                "QuestionnaireResponse.item.where(linkId='3')");
        refused.put(response(patientId, "gad-7", List.of(0, 0, 0, 0, 0, 0, 0, 0)), "QuestionnaireResponse.item[7]");
        refused.put(response(patientId, "dast-10", List.of(false, false, "no", false, false, false, false, false,
                false, false)), "QuestionnaireResponse.item.where(linkId='3')");
        refused.put(response(patientId, "phq-10", List.of(0)), "QuestionnaireResponse.questionnaire");
        refused.put(response(patientId, "phq-9", List.of(0, 0, 0, 0, 0, 0, 0, 0, 0)).replace("completed",
                "in-progress"), "QuestionnaireResponse.status");
        refused.put(response(Api.createPatient(Api.coordinator(UUID.randomUUID())), "phq-9",
                List.of(0, 0, 0, 0, 0, 0, 0, 0, 0)), "QuestionnaireResponse.subject");
        refused.forEach((body, element) -> fhir(ehr).body(body).post(FHIR + "/QuestionnaireResponse").then()
                .statusCode(422).body("resourceType", equalTo("OperationOutcome"))
                .body("issue.expression.flatten()", hasItem(element)));
        fhir(ehr).header("If-None-Exist", "identifier=urn:x|1")
                .body(response(patientId, "phq-9", List.of(0, 0, 0, 0, 0, 0, 0, 0, 0)))
                .post(FHIR + "/QuestionnaireResponse").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        assertThat(ids(search("Observation?patient=Patient/" + patientId))).isEmpty();
        rest(coordinator).get(Api.BASE + "/patients/" + patientId + "/screenings").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void a_retry_with_the_same_idempotency_key_records_one_screening() {
        String patientId = Api.createPatient(coordinator);
        String key = UUID.randomUUID().toString();
        String body = response(patientId, "gad-7", List.of(1, 1, 1, 1, 1, 1, 1));
        String first = fhir(ehr).header("Idempotency-Key", key).body(body).post(FHIR + "/QuestionnaireResponse")
                .then().statusCode(201).extract().path("id");
        fhir(ehr).header("Idempotency-Key", key).body(body).post(FHIR + "/QuestionnaireResponse").then()
                .statusCode(201).body("id", equalTo(first));
        assertThat(ids(search("QuestionnaireResponse?patient=Patient/" + patientId))).containsExactly(first);
    }

    @Test
    void the_us_core_searches_match_and_do_not_match_with_date_comparators_and_paging() {
        String patientId = Api.createPatient(coordinator);
        String phq = rest(coordinator).body(Map.of("instrument", "PHQ-9", "answers", List.of(0, 0, 0, 0, 0, 0, 0, 0, 0)))
                .post(Api.BASE + "/patients/" + patientId + "/screenings").then().statusCode(201).extract().path("id");
        String gad = post(response(patientId, "gad-7", List.of(3, 3, 3, 3, 3, 3, 3)));
        String effective = fhir(ehr).get(FHIR + "/Observation/screening-" + gad).then().statusCode(200)
                .body("interpretation[1].coding[0].code", equalTo("A")).extract().path("effectiveDateTime");
        String p = "Observation?patient=Patient/" + patientId;
        String both0 = "screening-" + phq;
        String both1 = "screening-" + gad;

        assertThat(ids(search(p))).containsExactly(both0, both1);
        assertThat(ids(search(p + "&category=survey"))).containsExactly(both0, both1);
        assertThat(ids(search(p + "&category=http://terminology.hl7.org/CodeSystem/observation-category|survey")))
                .hasSize(2);
        assertThat(ids(search(p + "&category=laboratory"))).isEmpty();
        assertThat(ids(search(p + "&code=http://loinc.org|44261-6"))).containsExactly(both0);
        assertThat(ids(search(p + "&code=70274-6"))).containsExactly(both1);
        assertThat(ids(fhir(ehr).queryParam("patient", "Patient/" + patientId)
                .queryParam("code", "http://loinc.org|44261-6,http://loinc.org|70274-6")
                .get(FHIR + "/Observation"))).hasSize(2);
        assertThat(ids(search(p + "&code=http://loinc.org|75624-7"))).isEmpty();
        assertThat(ids(search(p + "&status=final"))).hasSize(2);
        assertThat(ids(search("Observation?_id=" + both1))).containsExactly(both1);
        assertThat(ids(search("Observation?_id=screening-" + UUID.randomUUID()))).isEmpty();
        assertThat(ids(search("Observation?_id=drug-screen-" + UUID.randomUUID()))).isEmpty();

        String c = p + "&category=survey&date=";
        assertThat(ids(search(c + "ge" + effective))).contains(both1);
        assertThat(ids(search(c + "le" + effective))).contains(both1);
        assertThat(ids(search(c + "gt" + effective))).doesNotContain(both1);
        assertThat(ids(search(c + "lt" + effective))).doesNotContain(both1);
        assertThat(ids(search(c + "gt2000-01-01"))).hasSize(2);
        assertThat(ids(search(c + "lt2000-01-01"))).isEmpty();
        assertThat(ids(search(c + "ge2999-01-01"))).isEmpty();
        assertThat(ids(search(c + "le2999-01-01"))).hasSize(2);
        assertThat(ids(search(c + "ge2000-01-01&date=lt2999-01-01"))).hasSize(2);

        Response first = search(p + "&category=survey&_count=1");
        assertThat(ids(first)).containsExactly(both0);
        first.then().body("total", equalTo(2));
        assertThat(next(first)).contains("_offset=1");
        Response second = FhirTests.follow(ehr, next(first));
        second.then().statusCode(200);
        assertThat(ids(second)).containsExactly(both1);

        String q = "QuestionnaireResponse?patient=Patient/" + patientId;
        Response responses = search(q);
        assertThat(ids(responses)).containsExactly(phq, gad);
        assertValid(responses.asString());
        assertThat(ids(search(q + "&questionnaire=urn:iop:questionnaire:gad-7"))).containsExactly(gad);
        assertThat(ids(search(q + "&authored=gt2000-01-01&status=completed"))).hasSize(2);
        assertThat(ids(search(q + "&authored=lt2000-01-01"))).isEmpty();
        assertThat(ids(search("QuestionnaireResponse?_id=" + phq))).containsExactly(phq);
        Response page = search(q + "&_count=1");
        assertThat(ids(FhirTests.follow(ehr, next(page)))).containsExactly(gad);
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_and_a_missing_scope_403() {
        String patientId = Api.createPatient(coordinator);
        String id = post(response(patientId, "audit", List.of(1, 1, 1, 1, 1, 1, 1, 1, 2, 2)));
        String riverside = FhirTests.otherClinic(SCOPES);
        for (String read : List.of("/Observation/screening-" + id, "/QuestionnaireResponse/" + id)) {
            fhir(riverside).get(FHIR + read).then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
            fhir(null).get(FHIR + read).then().statusCode(401).body("resourceType", equalTo("OperationOutcome"));
        }
        fhir(ehr).get(FHIR + "/Observation/" + id).then().statusCode(404);
        fhir(riverside).get(FHIR + "/Observation?patient=Patient/" + patientId + "&category=survey").then()
                .statusCode(200).body("total", equalTo(0));
        fhir(riverside).get(FHIR + "/QuestionnaireResponse?patient=Patient/" + patientId).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(FhirTests.ehr(clinic, "system/QuestionnaireResponse.rs")).get(FHIR + "/Observation/screening-" + id)
                .then().statusCode(403).body("issue[0].diagnostics", containsString("system/Observation.r"));
        fhir(FhirTests.ehr(clinic, "system/Observation.rs")).get(FHIR + "/QuestionnaireResponse?patient=" + patientId)
                .then().statusCode(403).body("issue[0].diagnostics", containsString("system/QuestionnaireResponse.s"));
        fhir(FhirTests.ehr(clinic, "system/QuestionnaireResponse.rs"))
                .body(response(patientId, "gad-7", List.of(0, 0, 0, 0, 0, 0, 0)))
                .post(FHIR + "/QuestionnaireResponse").then().statusCode(403)
                .body("issue[0].diagnostics", containsString("system/QuestionnaireResponse.c"));
        // Roles as on the REST API: a scheduler reads no screenings, a prescriber does.
        fhir(TestTokens.staff(clinic, "scheduler").bearer()).get(FHIR + "/Observation/screening-" + id).then()
                .statusCode(403);
        fhir(TestTokens.staff(clinic, "prescriber").bearer()).get(FHIR + "/Observation/screening-" + id).then()
                .statusCode(200);
    }

    @Test
    void a_fhir_read_and_search_are_audited_as_the_screening_reads_are() {
        String patientId = Api.createPatient(coordinator);
        String id = post(response(patientId, "dast-10", List.of(true, false, true, false, false, false, false, false,
                false, false)));
        var read = auditedBy(clinic, patientId, () -> fhir(ehr).get(FHIR + "/Observation/screening-" + id).then()
                .statusCode(200).body("valueQuantity.value", equalTo(1)));
        assertThat(read).hasSize(1);
        assertThat(read.get(0)).containsEntry("action", "read").containsEntry("resourceType", "Screening")
                .containsEntry("resourceId", id).containsEntry("patientId", patientId)
                .containsEntry("outcome", "success").containsEntry("sensitive", false);
        var viaFhir = auditedBy(clinic, patientId, () -> fhir(ehr).get(FHIR + "/Observation?patient=Patient/"
                + patientId + "&category=survey").then().statusCode(200));
        var viaRest = auditedBy(clinic, patientId, () -> rest(ehr).get(Api.BASE + "/patients/" + patientId
                + "/screenings").then().statusCode(200));
        assertThat(viaFhir).hasSize(1).isEqualTo(viaRest);
    }
}
