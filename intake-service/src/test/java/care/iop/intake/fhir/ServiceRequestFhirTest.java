package care.iop.intake.fhir;

import care.iop.intake.Api;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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

/** US Core ServiceRequest: an EHR's referral into the clinic, read back, searched, refused, audited. */
@QuarkusTest
class ServiceRequestFhirTest {

    static final String SCOPES = "system/ServiceRequest.rs system/ServiceRequest.c";
    static final String SOURCE = "urn:iop:fhir:StructureDefinition:referral-source";
    static final String REFERRAL_IDS = "urn:oid:2.16.840.1.113883.3.999.7";

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = Api.coordinator(clinic);
    private final String ehr = FhirTests.ehr(clinic, SCOPES);

    /** A referral as an EHR sends it: primary care, urgent, F10.20, to the IOP-ADULT-AM track. */
    static String serviceRequest(String patientId, String identifierValue) {
        String identifier = identifierValue == null ? ""
                : "\"identifier\":[{\"system\":\"" + REFERRAL_IDS + "\",\"value\":\"" + identifierValue + "\"}],";
        return """
                {"resourceType":"ServiceRequest",
                 "extension":[{"url":"%s","valueCode":"primary-care"}],
                 %s
                 "status":"active","intent":"order",
                 "category":[{"coding":[{"system":"http://snomed.info/sct","code":"3457005","display":"Patient referral"}]}],
                 "code":{"coding":[{"system":"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets","code":"H0015"},
                                   {"system":"urn:iop:track","code":"IOP-ADULT-AM"}]},
                 "subject":{"reference":"Patient/%s"},
                 "authoredOn":"2026-11-30T09:00:00Z",
                 "priority":"urgent",
                 "reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"F10.20"}]}],
                 "requester":{"identifier":{"system":"http://hl7.org/fhir/sid/us-npi","value":"1234567893"},
                              "display":"Dr. Ada Park"}}
                """.formatted(SOURCE, identifier, patientId);
    }

    private Response search(String query) {
        Response bundle = fhir(ehr).get(FHIR + "/ServiceRequest?" + query);
        bundle.then().statusCode(200).body("resourceType", equalTo("Bundle"));
        return bundle;
    }

    @Test
    void an_ehr_referral_is_received_as_the_rest_api_receives_it_and_reads_back_valid_and_labelled() {
        String patientId = Api.createPatient(coordinator);
        String value = "REF-" + UUID.randomUUID();
        Response created = fhir(ehr).header("If-None-Exist", "identifier=" + REFERRAL_IDS + "|" + value)
                .body(serviceRequest(patientId, null)).post(FHIR + "/ServiceRequest");
        created.then().statusCode(201).header("Location", containsString("/ServiceRequest/"))
                .body("resourceType", equalTo("ServiceRequest"));
        String id = created.jsonPath().getString("id");
        assertValid(created.asString());

        // The referral the REST API shows: the same pipeline, the same fields.
        rest(coordinator).get(Api.BASE + "/referrals/" + id).then().statusCode(200)
                .body("patientId", equalTo(patientId)).body("status", equalTo("received"))
                .body("source", equalTo("primary-care")).body("urgency", equalTo("urgent"))
                .body("reasonCode", equalTo("icd-10-cm.f10.20")).body("requestedTrackCode", equalTo("IOP-ADULT-AM"));

        Response read = fhir(ehr).get(FHIR + "/ServiceRequest/" + id);
        read.then().statusCode(200).header("ETag", equalTo("W/\"0\"")).body("meta.versionId", equalTo("0"))
                .body("meta.profile", hasItem(ServiceRequestMapping.PROFILE))
                .body("status", equalTo("active")).body("intent", equalTo("order")).body("priority", equalTo("urgent"))
                .body("subject.reference", equalTo("Patient/" + patientId))
                .body("category[0].coding[0].code", equalTo("3457005"))
                .body("code.coding.code", hasItem("H0015")).body("code.coding.code", hasItem("IOP-ADULT-AM"))
                .body("reasonCode[0].coding[0].system", equalTo("http://hl7.org/fhir/sid/icd-10-cm"))
                .body("reasonCode[0].coding[0].code", equalTo("F10.20"))
                .body("requester.display", equalTo("Dr. Ada Park"))
                .body("requester.identifier.value", equalTo("1234567893"))
                .body("identifier[0].value", equalTo(value))
                .body("extension.find { it.url == '" + SOURCE + "' }.valueCode", equalTo("primary-care"));
        assertValid(read.asString());
        assertLabelled(read.jsonPath(), "");
    }

    @Test
    void a_retry_with_if_none_exist_or_the_same_idempotency_key_makes_one_referral() {
        String patientId = Api.createPatient(coordinator);
        String value = "REF-" + UUID.randomUUID();
        String condition = "identifier=" + REFERRAL_IDS + "|" + value;
        String first = fhir(ehr).header("If-None-Exist", condition).body(serviceRequest(patientId, value))
                .post(FHIR + "/ServiceRequest").then().statusCode(201).extract().path("id");
        // The conditional create finds it: 200 with the existing referral, nothing new written.
        fhir(ehr).header("If-None-Exist", condition).body(serviceRequest(patientId, value))
                .post(FHIR + "/ServiceRequest").then().statusCode(200).body("id", equalTo(first));
        // The same identifier without If-None-Exist is a conflict naming nothing new.
        fhir(ehr).body(serviceRequest(patientId, value)).post(FHIR + "/ServiceRequest").then().statusCode(409)
                .body("resourceType", equalTo("OperationOutcome"));
        assertThat(ids(search("patient=Patient/" + patientId))).containsExactly(first);

        // Idempotency-Key as on the REST API: the retry replays the first answer.
        String key = UUID.randomUUID().toString();
        String keyed = fhir(ehr).header("Idempotency-Key", key).body(serviceRequest(patientId, null))
                .post(FHIR + "/ServiceRequest").then().statusCode(201).extract().path("id");
        fhir(ehr).header("Idempotency-Key", key).body(serviceRequest(patientId, null))
                .post(FHIR + "/ServiceRequest").then().statusCode(201).body("id", equalTo(keyed));
        assertThat(ids(search("patient=Patient/" + patientId))).containsExactlyInAnyOrder(first, keyed);

        // Concurrent conditional creates of a new identifier queue on it: one referral.
        String other = "identifier=" + REFERRAL_IDS + "|REF-" + UUID.randomUUID();
        List<CompletableFuture<Integer>> sends = List.of(1, 2, 3).stream().map(i -> CompletableFuture.supplyAsync(() ->
                fhir(ehr).header("If-None-Exist", other).body(serviceRequest(patientId, null))
                        .post(FHIR + "/ServiceRequest").statusCode())).toList();
        assertThat(sends.stream().map(CompletableFuture::join).toList()).containsOnly(200, 201).contains(201);
        assertThat(ids(search("patient=Patient/" + patientId))).hasSize(3);
    }

    @Test
    void what_cannot_be_kept_is_refused_naming_the_element_and_nothing_is_written() {
        String patientId = Api.createPatient(coordinator);
        String good = serviceRequest(patientId, null);
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put(good.replace("\"priority\":\"urgent\",", "\"priority\":\"urgent\",\"note\":[{\"text\":\"call first\"}],"),
                "ServiceRequest.note");
        refused.put(good.replace("\"priority\":\"urgent\",",
                "\"priority\":\"urgent\",\"occurrenceDateTime\":\"2026-12-10\","), "ServiceRequest.occurrence[x]");
        refused.put(good.replace("\"priority\":\"urgent\",",
                "\"priority\":\"urgent\",\"reasonReference\":[{\"reference\":\"Condition/1\"}],"),
                "ServiceRequest.reasonReference");
        refused.put(good.replace("\"code\":\"H0015\"", "\"code\":\"99213\"")
                .replace("urn:iop:track", "http://example.org/tracks"), "ServiceRequest.code");
        refused.put(good.replace("http://hl7.org/fhir/sid/icd-10-cm", "http://snomed.info/sct"),
                "ServiceRequest.reasonCode[0]");
        refused.put(good.replace("\"extension\":[{\"url\":\"" + SOURCE + "\",\"valueCode\":\"primary-care\"}],", ""),
                "ServiceRequest.extension('" + SOURCE + "')");
        refused.put(good.replace("\"display\":\"Dr. Ada Park\"", "\"display\":\"Dr. Ada Park\",\"reference\":\"Practitioner/7\""),
                "ServiceRequest.requester");
        refused.put(good.replace("Patient/" + patientId, "Patient/" + Api.createPatient(
                Api.coordinator(UUID.randomUUID()))), "ServiceRequest.subject");
        refused.put(good.replace("Patient/" + patientId, "Patient/" + UUID.randomUUID()), "ServiceRequest.subject");
        refused.put(good.replace("\"status\":\"active\"", "\"status\":\"draft\""), "ServiceRequest.status");
        refused.forEach((body, element) -> fhir(ehr).body(body).post(FHIR + "/ServiceRequest").then()
                .statusCode(422).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].expression[0]", equalTo(element)));
        fhir(ehr).body("{\"resourceType\":\"ServiceRequest\",").post(FHIR + "/ServiceRequest").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        assertThat(ids(search("patient=Patient/" + patientId))).isEmpty();
        rest(coordinator).get(Api.BASE + "/referrals?limit=200").then().statusCode(200)
                .body("items.patientId", org.hamcrest.Matchers.not(hasItem(patientId)));
    }

    @Test
    void the_us_core_searches_match_and_do_not_match_with_date_comparators_and_paging() {
        String patientId = Api.createPatient(coordinator);
        String fromRest = rest(coordinator).body(Map.of("patientId", patientId, "source", "self", "urgency", "routine",
                "reasonCode", "alcohol-use-disorder")).post(Api.BASE + "/referrals").then().statusCode(201)
                .extract().path("id");
        String value = "REF-" + UUID.randomUUID();
        String fromFhir = fhir(ehr).body(serviceRequest(patientId, value)).post(FHIR + "/ServiceRequest").then()
                .statusCode(201).extract().path("id");
        String authored = fhir(ehr).get(FHIR + "/ServiceRequest/" + fromFhir).then().extract().path("authoredOn");
        String p = "patient=Patient/" + patientId;

        Response all = search(p);
        assertThat(ids(all)).containsExactly(fromRest, fromFhir);
        assertValid(all.asString());
        all.then().body("entry[0].resource.requester.reference", equalTo("Patient/" + patientId));
        assertThat(ids(search("patient=" + patientId))).containsExactly(fromRest, fromFhir);
        assertThat(ids(search(p + "&category=http://snomed.info/sct|3457005"))).containsExactly(fromRest, fromFhir);
        assertThat(ids(search(p + "&category=3457005"))).hasSize(2);
        assertThat(ids(search(p + "&category=http://snomed.info/sct|409063005"))).isEmpty();
        assertThat(ids(search(p + "&code=urn:iop:track|IOP-ADULT-AM"))).containsExactly(fromFhir);
        assertThat(ids(search(p + "&code=https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets|H0015")))
                .containsExactly(fromRest, fromFhir);
        assertThat(ids(search(p + "&code=http://www.ama-assn.org/go/cpt|99213"))).isEmpty();
        assertThat(ids(search(p + "&status=active"))).hasSize(2);
        assertThat(ids(search(p + "&status=completed"))).isEmpty();
        assertThat(ids(search(p + "&identifier=" + REFERRAL_IDS + "|" + value))).containsExactly(fromFhir);
        assertThat(ids(search("_id=" + fromFhir))).containsExactly(fromFhir);
        assertThat(ids(search("_id=" + UUID.randomUUID()))).isEmpty();

        String c = p + "&category=http://snomed.info/sct|3457005&authored=";
        assertThat(ids(search(c + "ge" + authored))).contains(fromFhir);
        assertThat(ids(search(c + "le" + authored))).contains(fromFhir);
        assertThat(ids(search(c + "gt" + authored))).doesNotContain(fromFhir);
        assertThat(ids(search(c + "lt" + authored))).doesNotContain(fromFhir);
        assertThat(ids(search(c + "gt2000-01-01"))).containsExactly(fromRest, fromFhir);
        assertThat(ids(search(c + "lt2000-01-01"))).isEmpty();
        assertThat(ids(search(c + "le2000-01-01T00:00:00Z"))).isEmpty();
        assertThat(ids(search(c + "ge2999-12-31"))).isEmpty();
        assertThat(ids(search(c + "gt2000-01-01&authored=le" + authored))).contains(fromFhir);

        Response first = search(p + "&_count=1");
        assertThat(ids(first)).containsExactly(fromRest);
        first.then().body("total", equalTo(2));
        String next = next(first);
        assertThat(next).contains("_offset=1");
        Response second = FhirTests.follow(ehr, next);
        second.then().statusCode(200);
        assertThat(ids(second)).containsExactly(fromFhir);
        assertThat(next(second)).isNull();
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_and_a_missing_scope_403() {
        String patientId = Api.createPatient(coordinator);
        String id = fhir(ehr).body(serviceRequest(patientId, null)).post(FHIR + "/ServiceRequest").then()
                .statusCode(201).extract().path("id");
        String riverside = FhirTests.otherClinic(SCOPES);
        fhir(riverside).get(FHIR + "/ServiceRequest/" + id).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("not-found"));
        fhir(riverside).get(FHIR + "/ServiceRequest?patient=Patient/" + patientId).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(riverside).get(FHIR + "/ServiceRequest?_id=" + id).then().statusCode(200).body("total", equalTo(0));
        fhir(null).get(FHIR + "/ServiceRequest/" + id).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("login"));
        fhir(FhirTests.ehr(clinic, "system/Patient.rs system/ServiceRequest.c")).get(FHIR + "/ServiceRequest/" + id)
                .then().statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/ServiceRequest.r"));
        fhir(FhirTests.ehr(clinic, "system/ServiceRequest.rs")).body(serviceRequest(patientId, null))
                .post(FHIR + "/ServiceRequest").then().statusCode(403)
                .body("issue[0].diagnostics", containsString("system/ServiceRequest.c"));
        fhir(TestTokens.partner(UUID.randomUUID()).bearer()).get(FHIR + "/ServiceRequest/" + id).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        // A staff role the REST read does not allow is refused here too.
        fhir(TestTokens.staff(clinic, "scheduler").bearer()).get(FHIR + "/ServiceRequest/" + id).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        fhir(TestTokens.staff(clinic, "clinician").bearer()).get(FHIR + "/ServiceRequest/" + id).then()
                .statusCode(200);
    }

    @Test
    void a_fhir_read_and_search_are_audited_as_the_rest_read_and_list() {
        String patientId = Api.createPatient(coordinator);
        String id = fhir(ehr).body(serviceRequest(patientId, null)).post(FHIR + "/ServiceRequest").then()
                .statusCode(201).extract().path("id");
        var viaFhir = auditedBy(clinic, patientId, () -> fhir(ehr).get(FHIR + "/ServiceRequest/" + id).then()
                .statusCode(200));
        var viaRest = auditedBy(clinic, patientId, () -> rest(ehr).get(Api.BASE + "/referrals/" + id).then()
                .statusCode(200));
        assertThat(viaFhir).hasSize(1).isEqualTo(viaRest);
        assertThat(viaFhir.get(0)).containsEntry("action", "read").containsEntry("resourceType", "Referral")
                .containsEntry("resourceId", id).containsEntry("outcome", "success");
        var searched = auditedBy(clinic, patientId, () -> fhir(ehr).get(FHIR + "/ServiceRequest?patient=Patient/"
                + patientId).then().statusCode(200));
        assertThat(searched).isEqualTo(viaRest);
        JsonPath created = JsonPath.from(fhir(ehr).body(serviceRequest(patientId, null)).post(FHIR + "/ServiceRequest")
                .asString());
        assertThat(FhirTests.audit(clinic, patientId)).anySatisfy(r -> assertThat(FhirTests.shape(r))
                .containsEntry("action", "create").containsEntry("resourceId", created.getString("id")));
    }
}
