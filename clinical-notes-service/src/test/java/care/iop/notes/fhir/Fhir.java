package care.iop.notes.fhir;

import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.agroal.api.AgroalDataSource;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Resource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the FHIR tests of this module share: requests, tokens, parsing with validation, audit rows. */
final class Fhir {

    static final String BASE = "/fhir/r4";

    private Fhir() {
    }

    static RequestSpecification as(String bearer) {
        RequestSpecification spec = RestAssured.given().accept("application/fhir+json");
        return bearer == null ? spec : spec.header("Authorization", bearer);
    }

    static String ehr(UUID clinic, String scopes) {
        return TestTokens.ehr(clinic, "ehr-northside").claim("scope", scopes).bearer();
    }

    /** Parses a resource the API answered and checks it against its US Core profile: 0 errors. */
    static <T extends Resource> T valid(String json, Class<T> type, String profile) {
        assertThat(UsCoreValidator.get().errors(json, profile)).as("US Core errors in %s", json).isEmpty();
        return UsCoreValidator.get().fhirContext().newJsonParser().parseResource(type, json);
    }

    /** Parses a search answer and checks every resource in it against {@code profile} (matches) and its own. */
    static Bundle bundle(String json, String profile) {
        Bundle bundle = UsCoreValidator.get().fhirContext().newJsonParser().parseResource(Bundle.class, json);
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            String resource = UsCoreValidator.get().fhirContext().newJsonParser().encodeResourceToString(e.getResource());
            List<String> errors = included(e) ? UsCoreValidator.get().errors(resource)
                    : UsCoreValidator.get().errors(resource, profile);
            assertThat(errors).as("US Core errors in %s", resource).isEmpty();
        }
        return bundle;
    }

    static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> !included(e))
                .map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    /** An entry added by {@code _include} (HAPI marks those; matches carry no mode). */
    static boolean included(Bundle.BundleEntryComponent e) {
        return e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE;
    }

    static String text(DocumentReference d) {
        return new String(d.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8);
    }

    /** The audit rows one request left: action, type, id, patient, outcome, purpose of use (sensitive flagged). */
    static List<String> audit(AgroalDataSource dataSource, String requestId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT action, resource_type, resource_id, patient_id, outcome, purpose_of_use, sensitive "
                        + "FROM audit_log WHERE request_id = ? ORDER BY seq")) {
            ps.setString(1, requestId);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4)
                            + " " + rs.getString(5) + " " + rs.getString(6) + (rs.getBoolean(7) ? " sensitive" : ""));
                }
            }
            return rows;
        }
    }
}
