package care.iop.intake.fhir;

import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class PatientFhirTest {

    static final String FHIR = "/fhir/r4";
    private final UUID clinic = UUID.randomUUID();

    static RequestSpecification fhir(String bearer) {
        RequestSpecification spec = RestAssured.given().accept("application/fhir+json")
                .contentType("application/fhir+json");
        return bearer == null ? spec : spec.header("Authorization", bearer);
    }

    String ehr(String scopes) {
        return TestTokens.ehr(clinic, "ehr-northside").claim("scope", scopes).bearer();
    }

    static String patientJson(String system, String value, String family) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"%s","value":"%s"}],
                 "name":[{"use":"official","family":"%s","given":["Rae"]}],
                 "gender":"female",
                 "birthDate":"1984-03-02",
                 "extension":[{"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex","valueCode":"F"}],
                 "telecom":[{"system":"phone","value":"+1 555 0101"}],
                 "communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"es"}]}}]}
                """.formatted(system, value, family);
    }

    @Test
    void metadata_is_public_and_names_patient_with_us_core() {
        fhir(null).get(FHIR + "/metadata").then().statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("rest[0].resource.type", hasItem("Patient"))
                .body("instantiates", hasItem("http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server"));
    }

    @Test
    void conditional_update_creates_once_then_updates_and_the_patient_reads_and_searches() {
        String system = "urn:oid:2.16.840.1.113883.3.999";
        String value = "E" + UUID.randomUUID().toString().substring(0, 8);
        String token = ehr("system/Patient.rs system/Patient.cu");
        String id = fhir(token).body(patientJson(system, value, "Okafor"))
                .put(FHIR + "/Patient?identifier=" + system + "|" + value)
                .then().statusCode(201).body("resourceType", equalTo("Patient"))
                .body("meta.security.code", hasItem("42CFRPart2"))
                .extract().path("id");
        fhir(token).body(patientJson(system, value, "Okafor-Reyes"))
                .put(FHIR + "/Patient?identifier=" + system + "|" + value)
                .then().statusCode(200).body("id", equalTo(id));
        String read = fhir(token).get(FHIR + "/Patient/" + id).then().statusCode(200)
                .header("ETag", notNullValue())
                .body("name[0].family", equalTo("Okafor-Reyes"))
                .body("identifier.system", hasItem("urn:iop:mrn"))
                .body("extension[0].valueCode", equalTo("F"))
                .body("communication[0].language.coding[0].code", equalTo("es"))
                .extract().asString();
        assertThat(UsCoreValidator.get().errors(read)).isEmpty();
        fhir(token).get(FHIR + "/Patient?identifier=" + system + "|" + value).then().statusCode(200)
                .body("resourceType", equalTo("Bundle")).body("total", equalTo(1)).body("entry[0].resource.id", equalTo(id));
    }

    @Test
    void another_clinic_gets_404_no_token_401_and_missing_scope_403_all_as_operation_outcomes() {
        String system = "urn:oid:2.16.840.1.113883.3.999";
        String value = "E" + UUID.randomUUID().toString().substring(0, 8);
        String id = fhir(ehr("system/Patient.rs system/Patient.cu")).body(patientJson(system, value, "Ito"))
                .put(FHIR + "/Patient?identifier=" + system + "|" + value).then().statusCode(201).extract().path("id");
        fhir(TestTokens.ehr(UUID.randomUUID(), "ehr-riverside").claim("scope", "system/Patient.rs").bearer())
                .get(FHIR + "/Patient/" + id).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("not-found"));
        fhir(null).get(FHIR + "/Patient/" + id).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("login"));
        fhir(ehr("system/Observation.rs")).get(FHIR + "/Patient/" + id).then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/Patient.r"));
        fhir(TestTokens.partner(UUID.randomUUID()).bearer()).get(FHIR + "/Patient/" + id).then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void a_malformed_search_value_is_400_not_500() {
        fhir(ehr("system/Patient.rs")).get(FHIR + "/Patient?name=Ito&birthdate=ge1984-13-45").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("invalid"))
                .body(not(containsString("1984-13-45")));
    }

    @Test
    void a_patient_without_a_birth_date_is_422_and_nothing_is_written() {
        String system = "urn:oid:2.16.840.1.113883.3.999";
        String value = "E" + UUID.randomUUID().toString().substring(0, 8);
        String token = ehr("system/Patient.rs system/Patient.cu");
        fhir(token).body(patientJson(system, value, "Sato").replace("\"birthDate\":\"1984-03-02\",", ""))
                .put(FHIR + "/Patient?identifier=" + system + "|" + value).then().statusCode(422)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("birthDate"));
        fhir(token).get(FHIR + "/Patient?identifier=" + system + "|" + value).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(token).body("{\"resourceType\":\"Patient\",").put(FHIR + "/Patient?identifier=" + system + "|" + value)
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body(not(containsString("at ca.uhn")));
    }

    @Test
    void what_the_rest_upsert_refuses_is_422_over_fhir_too_and_nothing_is_written() {
        String system = "urn:oid:2.16.840.1.113883.3.999";
        String value = "E" + UUID.randomUUID().toString().substring(0, 8);
        String token = ehr("system/Patient.rs system/Patient.cu");
        String url = FHIR + "/Patient?identifier=" + system + "|" + value;
        // A year alone is valid FHIR but not a birth date the record can hold: 422, not a 500.
        fhir(token).body(patientJson(system, value, "Sato").replace("1984-03-02", "1984")).put(url).then()
                .statusCode(422).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("birthDate"));
        fhir(token).body(patientJson(system, value, "Sato").replace("1984-03-02", "2999-03-02")).put(url).then()
                .statusCode(422).body("issue[0].expression[0]", equalTo("Patient.birthDate"));
        fhir(token).body(patientJson(system, value, "Sato").replace("+1 555 0101", "call me, maybe")).put(url).then()
                .statusCode(422).body("issue[0].expression[0]", equalTo("Patient.telecom"));
        fhir(token).get(url).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void an_id_search_for_another_clinics_patient_is_an_empty_bundle_not_a_404() {
        String system = "urn:oid:2.16.840.1.113883.3.999";
        String value = "E" + UUID.randomUUID().toString().substring(0, 8);
        String id = fhir(ehr("system/Patient.rs system/Patient.cu")).body(patientJson(system, value, "Ito"))
                .put(FHIR + "/Patient?identifier=" + system + "|" + value).then().statusCode(201).extract().path("id");
        fhir(ehr("system/Patient.rs")).get(FHIR + "/Patient?_id=" + id).then().statusCode(200)
                .body("total", equalTo(1));
        fhir(TestTokens.ehr(UUID.randomUUID(), "ehr-riverside").claim("scope", "system/Patient.rs").bearer())
                .get(FHIR + "/Patient?_id=" + id).then().statusCode(200).body("resourceType", equalTo("Bundle"))
                .body("total", equalTo(0));
    }
}
