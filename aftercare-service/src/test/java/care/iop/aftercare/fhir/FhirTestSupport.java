package care.iop.aftercare.fhir;

import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.persistence.EntityManager;
import org.hl7.fhir.r4.model.Bundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the FHIR tests of this module share: requests, tokens, validation of every answer, audit rows. */
final class FhirTestSupport {

    static final String FHIR = "/fhir/r4";

    private FhirTestSupport() {
    }

    static RequestSpecification fhir(String bearer) {
        RequestSpecification spec = RestAssured.given().accept("application/fhir+json")
                .contentType("application/fhir+json");
        return bearer == null ? spec : spec.header("Authorization", bearer);
    }

    static String ehr(UUID clinic, String scopes) {
        return TestTokens.ehr(clinic, "ehr-northside").claim("scope", scopes).bearer();
    }

    /** A resource answered by the API: 0 validation errors against base R4 and every profile it claims. */
    static void assertValid(String json) {
        assertThat(UsCoreValidator.get().errors(json)).as("validation errors of %s", json).isEmpty();
    }

    /** A searchset: the bundle and every resource in it validate; returns the entries' ids. */
    static List<String> validBundle(String json) {
        Bundle bundle = UsCoreValidator.get().fhirContext().newJsonParser().parseResource(Bundle.class, json);
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(UsCoreValidator.get().errors(bundle)).as("validation errors of %s", json).isEmpty();
        List<String> ids = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            assertThat(UsCoreValidator.get().errors(entry.getResource())).as("validation errors of %s",
                    entry.getFullUrl()).isEmpty();
            ids.add(entry.getResource().getIdElement().getIdPart());
        }
        return ids;
    }

    static List<String> ids(String bundleJson) {
        List<String> ids = JsonPath.from(bundleJson).getList("entry.resource.id", String.class);
        return ids == null ? List.of() : ids;
    }

    /**
     * The audit rows of a patient for one audited resource type and action, oldest first, as the columns that say
     * what was done to which record for whom, by whom and how it ended (not when, where from, or the request id).
     */
    static List<List<Object>> auditRows(EntityManager em, UUID patient, String resourceType, String action) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select resource_type, resource_id, patient_id, clinic_id, "
                            + "action, outcome, actor_subject, actor_client_id, actor_roles, purpose_of_use, sensitive "
                            + "from audit_log where patient_id = ?1 and resource_type = ?2 and action = ?3 order by seq")
                    .setParameter(1, patient).setParameter(2, resourceType).setParameter(3, action).getResultList();
            return rows.stream().map(r -> Arrays.stream(r).map(v -> v == null ? null : v.toString())
                    .map(Object.class::cast).toList()).toList();
        });
    }
}
