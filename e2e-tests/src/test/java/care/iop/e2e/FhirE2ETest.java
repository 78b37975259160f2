package care.iop.e2e;

import care.iop.testkit.fhir.UsCoreValidator;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static care.iop.e2e.Platform.clientBearer;
import static care.iop.e2e.Platform.fhir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * The first hour of an EHR integration over FHIR, through the gateway with real Keycloak tokens: the
 * {@code ehr-northside} client (SMART Backend Services, client credentials asking for system scopes) discovers the
 * server, upserts a patient by its own identifier, refers them with a ServiceRequest, sends a PHQ-9 as a
 * QuestionnaireResponse and finds the scored total as a survey Observation. {@code ehr-riverside} (another clinic,
 * same scopes) learns nothing of it; a token without the scope is refused. Every resource read back validates against
 * its US Core 6.1.0 profile.
 */
class FhirE2ETest {

    static final String SCOPES = "system/Patient.rs system/Patient.cu system/ServiceRequest.rs system/ServiceRequest.c "
            + "system/QuestionnaireResponse.rs system/QuestionnaireResponse.c system/Observation.rs";
    static final String EHR_IDS = "urn:oid:2.16.840.1.113883.3.999.1";
    static final String REFERRAL_IDS = "urn:oid:2.16.840.1.113883.3.999.7";

    @Test
    void an_ehr_upserts_refers_screens_and_reads_the_score_while_another_clinic_sees_nothing() {
        Platform.stack();
        // Discovery needs no token: the merged CapabilityStatement and SMART configuration.
        fhir(null).get("/fhir/r4/metadata").then().statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("rest[0].resource.type", hasItems("Patient", "ServiceRequest", "QuestionnaireResponse",
                        "Observation", "Encounter", "MedicationRequest", "EpisodeOfCare", "DocumentReference"))
                .body("rest[0].security.service[0].coding[0].code", equalTo("SMART-on-FHIR"));
        fhir(null).get("/fhir/r4/.well-known/smart-configuration").then().statusCode(200)
                .body("token_endpoint", containsString("/protocol/openid-connect/token"))
                .body("grant_types_supported", hasItem("client_credentials"));

        String northside = clientBearer("ehr-northside", SCOPES);
        String mrnAtEhr = "E" + UUID.randomUUID().toString().substring(0, 8);
        String upsert = "/fhir/r4/Patient?identifier=" + EHR_IDS + "|" + mrnAtEhr;
        String patientId = fhir(northside).body(patient(mrnAtEhr, "Okonkwo")).put(upsert).then().statusCode(201)
                .extract().path("id");
        // A retry of the same upsert updates the same patient: one patient per EHR identifier.
        fhir(northside).body(patient(mrnAtEhr, "Okonkwo-Hale")).put(upsert).then().statusCode(200)
                .body("id", equalTo(patientId));
        Response read = fhir(northside).get("/fhir/r4/Patient/" + patientId);
        read.then().statusCode(200).body("name[0].family", equalTo("Okonkwo-Hale"));
        assertValid(read.asString());

        String referralKey = "REF-" + UUID.randomUUID();
        Response referral = fhir(northside).header("If-None-Exist", "identifier=" + REFERRAL_IDS + "|" + referralKey)
                .body(serviceRequest(patientId, referralKey)).post("/fhir/r4/ServiceRequest");
        referral.then().statusCode(201).header("Location", containsString("/fhir/r4/ServiceRequest/"));
        String referralId = referral.jsonPath().getString("id");
        // The retry makes no second referral.
        fhir(northside).header("If-None-Exist", "identifier=" + REFERRAL_IDS + "|" + referralKey)
                .body(serviceRequest(patientId, referralKey)).post("/fhir/r4/ServiceRequest").then().statusCode(200)
                .body("id", equalTo(referralId));
        fhir(northside).queryParam("patient", "Patient/" + patientId).get("/fhir/r4/ServiceRequest").then()
                .statusCode(200).body("total", equalTo(1));

        // PHQ-9 answers 2,2,1,1,1,1,1,1,1: total 11 (moderate), item 9 answered 1 (a safety answer).
        fhir(northside).body(phq9(patientId, List.of(2, 2, 1, 1, 1, 1, 1, 1, 1)))
                .post("/fhir/r4/QuestionnaireResponse").then().statusCode(201);
        Response surveys = fhir(northside).queryParam("patient", "Patient/" + patientId)
                .queryParam("category", "survey").get("/fhir/r4/Observation");
        surveys.then().statusCode(200);
        List<Integer> totals = surveys.jsonPath().getList(
                "entry.resource.findAll { it.code.coding.code.flatten().contains('44261-6') }.valueQuantity.value",
                Integer.class);
        assertThat(totals).containsExactly(11);
        String observationId = surveys.jsonPath().getString(
                "entry.resource.find { it.code.coding.code.flatten().contains('44261-6') }.id");
        Response observation = fhir(northside).get("/fhir/r4/Observation/" + observationId);
        observation.then().statusCode(200).body("meta.security.code", hasItem("42CFRPart2"));
        assertValid(observation.asString());

        // Another clinic's EHR with the same scopes: nothing exists for it.
        String riverside = clientBearer("ehr-riverside", SCOPES);
        fhir(riverside).get("/fhir/r4/Patient/" + patientId).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(riverside).get("/fhir/r4/Observation/" + observationId).then().statusCode(404);
        fhir(riverside).get("/fhir/r4/ServiceRequest/" + referralId).then().statusCode(404);
        fhir(riverside).queryParam("patient", "Patient/" + patientId).queryParam("category", "survey")
                .get("/fhir/r4/Observation").then().statusCode(200).body("total", equalTo(0));
        fhir(riverside).queryParam("identifier", EHR_IDS + "|" + mrnAtEhr).get("/fhir/r4/Patient").then()
                .statusCode(200).body("total", equalTo(0));

        // Northside without the Observation scope, and without any token.
        fhir(clientBearer("ehr-northside", "system/Patient.rs")).get("/fhir/r4/Observation/" + observationId)
                .then().statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/Observation.r"));
        fhir(null).get("/fhir/r4/Patient/" + patientId).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    private static void assertValid(String json) {
        assertThat(UsCoreValidator.get().errors(json)).as(json).isEmpty();
    }

    static String patient(String mrnAtEhr, String family) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"%s","value":"%s"}],
                 "name":[{"use":"official","family":"%s","given":["Ada"]}],
                 "gender":"female","birthDate":"1983-05-06",
                 "telecom":[{"system":"phone","value":"+1 555 0177"}]}
                """.formatted(EHR_IDS, mrnAtEhr, family);
    }

    static String serviceRequest(String patientId, String referralKey) {
        return """
                {"resourceType":"ServiceRequest",
                 "extension":[{"url":"urn:iop:fhir:StructureDefinition:referral-source","valueCode":"primary-care"}],
                 "identifier":[{"system":"%s","value":"%s"}],
                 "status":"active","intent":"order",
                 "category":[{"coding":[{"system":"http://snomed.info/sct","code":"3457005","display":"Patient referral"}]}],
                 "code":{"coding":[{"system":"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets","code":"H0015"}]},
                 "subject":{"reference":"Patient/%s"},
                 "authoredOn":"2026-11-30T09:00:00Z",
                 "priority":"routine",
                 "reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"F11.20"}]}],
                 "requester":{"display":"Referring EHR"}}
                """.formatted(REFERRAL_IDS, referralKey, patientId);
    }

    static String phq9(String patientId, List<Integer> answers) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < answers.size(); i++) {
            items.append(i == 0 ? "" : ",").append("{\"linkId\":\"").append(i + 1)
                    .append("\",\"answer\":[{\"valueInteger\":").append(answers.get(i)).append("}]}");
        }
        return """
                {"resourceType":"QuestionnaireResponse","questionnaire":"urn:iop:questionnaire:phq-9",
                 "status":"completed","subject":{"reference":"Patient/%s"},"authored":"2026-11-30T09:00:00Z",
                 "item":[%s]}
                """.formatted(patientId, items);
    }
}
