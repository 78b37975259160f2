package care.iop.medication.fhir;

import care.iop.medication.MedClinic;
import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the medication FHIR tests share: requests, tokens, validation, paging and the audit trail. */
final class FhirSupport {

    static final String FHIR = "/fhir/r4";
    static final List<String> PART2 = List.of("R", "42CFRPart2", "ETH");

    private FhirSupport() {
    }

    static RequestSpecification fhir(String bearer) {
        RequestSpecification spec = RestAssured.given().accept("application/fhir+json")
                .contentType("application/fhir+json").urlEncodingEnabled(true);
        return bearer == null ? spec : spec.header("Authorization", bearer);
    }

    static String ehr(UUID clinic, String scopes) {
        return TestTokens.ehr(clinic, "ehr-northside").claim("scope", scopes).bearer();
    }

    static String otherClinic(String scopes) {
        return TestTokens.ehr(UUID.randomUUID(), "ehr-riverside").claim("scope", scopes).bearer();
    }

    /** Parses a FHIR JSON answer and asserts it valid: 0 errors against base R4 and every profile it claims. */
    static IBaseResource valid(String json) {
        UsCoreValidator validator = UsCoreValidator.get();
        List<String> errors = validator.errors(json);
        assertThat(errors).as("validation errors of\n" + json).isEmpty();
        return validator.fhirContext().newJsonParser().parseResource(json);
    }

    /** As {@link #valid(String)}, and also against {@code profile}, claimed or not. */
    static IBaseResource valid(String json, String profile) {
        UsCoreValidator validator = UsCoreValidator.get();
        List<String> errors = validator.errors(json, profile);
        assertThat(errors).as("validation errors against " + profile + " of\n" + json).isEmpty();
        return validator.fhirContext().newJsonParser().parseResource(json);
    }

    /** Validates every entry of a search Bundle answer, and the Bundle. */
    static void validEntries(String bundleJson) {
        valid(bundleJson);
        var parser = UsCoreValidator.get().fhirContext().newJsonParser();
        Bundle bundle = (Bundle) parser.parseResource(bundleJson);
        assertThat(bundle.getEntry()).isNotEmpty();
        for (var entry : bundle.getEntry()) {
            valid(parser.encodeResourceToString(entry.getResource()));
        }
    }

    /** The ids of a search answer's entries. */
    static List<String> ids(Response bundle) {
        List<String> ids = bundle.jsonPath().getList("entry.resource.id");
        return ids == null ? List.of() : ids;
    }

    /** Every page of a search, following {@code next} links, with {@code _count} per page; the ids in order. */
    static List<String> allPages(String bearer, String firstUrl) {
        List<String> all = new ArrayList<>();
        String url = firstUrl;
        int pages = 0;
        boolean first = true;
        while (url != null && pages++ < 20) {
            // The server's own links come encoded.
            Response page = fhir(bearer).urlEncodingEnabled(first).get(url);
            assertThat(page.statusCode()).as(url + " answered " + page.asString()).isEqualTo(200);
            all.addAll(ids(page));
            url = next(page);
            first = false;
        }
        return all;
    }

    static String next(Response bundle) {
        List<Map<String, String>> links = bundle.jsonPath().getList("link");
        return links == null ? null : links.stream().filter(l -> "next".equals(l.get("relation")))
                .map(l -> l.get("url")).findFirst().orElse(null);
    }

    /** This service's audit trail for a patient, as the clinic's auditor reads it. */
    static List<Map<String, Object>> audit(MedClinic clinic, UUID patient) {
        return clinic.person("auditor").api().queryParam("patientId", patient.toString()).queryParam("limit", 200)
                .get(MedClinic.BASE + "/audit-records").then().statusCode(200).extract().jsonPath()
                .getList("items");
    }
}
