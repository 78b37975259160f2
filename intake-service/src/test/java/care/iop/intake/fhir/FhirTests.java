package care.iop.intake.fhir;

import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.hl7.fhir.r4.model.Bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the intake FHIR tests share: requests, the US Core check, the Part 2 labels, the audit trail. */
final class FhirTests {

    static final String FHIR = "/fhir/r4";

    private FhirTests() {
    }

    static RequestSpecification fhir(String bearer) {
        RequestSpecification spec = RestAssured.given().accept("application/fhir+json")
                .contentType("application/fhir+json");
        return bearer == null ? spec : spec.header("Authorization", bearer);
    }

    static String ehr(UUID clinic, String scopes) {
        return TestTokens.ehr(clinic, "ehr-northside").claim("scope", scopes).bearer();
    }

    /** Another clinic's EHR with every scope it could ask for. */
    static String otherClinic(String scopes) {
        return TestTokens.ehr(UUID.randomUUID(), "ehr-riverside").claim("scope", scopes).bearer();
    }

    static RequestSpecification rest(String bearer) {
        return RestAssured.given().header("Authorization", bearer).contentType(ContentType.JSON);
    }

    /** The resource (or each entry of a Bundle) has 0 errors against US Core 6.1.0 and the profile it claims. */
    static void assertValid(String json) {
        var parser = UsCoreValidator.get().fhirContext().newJsonParser();
        if ("Bundle".equals(JsonPath.from(json).getString("resourceType"))) {
            Bundle bundle = parser.parseResource(Bundle.class, json);
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                assertValid(parser.encodeResourceToString(entry.getResource()));
            }
            return;
        }
        List<String> errors = UsCoreValidator.get().errors(json);
        assertThat(errors).as("US Core 6.1.0 errors of %s", json).isEmpty();
    }

    /** The DS4P labels every served resource carries. */
    static void assertLabelled(JsonPath resource, String path) {
        String prefix = path.isEmpty() ? "" : path + ".";
        assertThat(resource.getList(prefix + "meta.security.code", String.class))
                .containsExactlyInAnyOrder("R", "42CFRPart2", "ETH");
    }

    /** The ids of a search Bundle's entries. */
    static List<String> ids(Response bundle) {
        List<String> ids = bundle.jsonPath().getList("entry.resource.id", String.class);
        return ids == null ? List.of() : ids;
    }

    /** The URL of a Bundle's next link, or null. */
    static String next(Response bundle) {
        return bundle.jsonPath().getString("link.find { it.relation == 'next' }.url");
    }

    /** GET a link the server wrote (already encoded). */
    static Response follow(String bearer, String url) {
        return RestAssured.given().urlEncodingEnabled(false).header("Authorization", bearer)
                .accept("application/fhir+json").get(url);
    }

    /** The clinic's audit records of a patient, oldest first, read by an auditor. */
    static List<Map<String, Object>> audit(UUID clinic, String patientId) {
        String auditor = TestTokens.staff(clinic, "auditor").bearer();
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = rest(auditor).queryParam("patientId", patientId).queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/intake/audit-records").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all.stream().filter(r -> !"audit-records".equals(r.get("resourceType"))).toList();
    }

    /** The records a call added to the patient's trail, in the shape that must match between REST and FHIR. */
    static List<Map<String, Object>> auditedBy(UUID clinic, String patientId, Runnable call) {
        int before = audit(clinic, patientId).size();
        call.run();
        List<Map<String, Object>> after = audit(clinic, patientId);
        return after.subList(before, after.size()).stream().map(FhirTests::shape).toList();
    }

    /** What an audit record says about the access, without when, which request and the chain. */
    static Map<String, Object> shape(Map<String, Object> record) {
        var shape = new java.util.LinkedHashMap<String, Object>();
        for (String field : List.of("action", "resourceType", "resourceId", "patientId", "outcome", "sensitive",
                "actorSubject", "actorClientId", "actorRoles", "purposeOfUse")) {
            shape.put(field, record.get(field));
        }
        return shape;
    }
}
