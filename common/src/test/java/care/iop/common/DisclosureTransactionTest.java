package care.iop.common;

import care.iop.common.disclosure.ConsentAuthority;
import care.iop.common.testapp.TestConsentAuthority;
import care.iop.testkit.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue #16: the consent check of a disclosure (an HTTP call to intake of up to 3 s in the other services) runs
 * before any transaction is opened; the data is read and the disclosure audited in a transaction opened after it.
 */
@QuarkusTest
class DisclosureTransactionTest {

    private final UUID clinic = UUID.randomUUID();
    private final UUID partner = UUID.randomUUID();

    @Inject
    AgroalDataSource dataSource;

    @Test
    void the_consent_is_checked_outside_any_transaction_then_the_data_read_and_audited() throws SQLException {
        UUID patient = UUID.randomUUID();
        as(clinician(clinic)).body(widget(patient, "DSC-001")).post(WIDGETS).then().statusCode(201);
        UUID consent = UUID.randomUUID();
        TestConsentAuthority.grants.put(patient, new ConsentAuthority.Grant(consent, clinic));

        as(TestTokens.partner(partner).bearer()).header("X-Request-Id", "dsc-" + patient)
                .get("/api/v1/test/disclosures/patients/" + patient + "/widgets")
                .then().statusCode(200).body("consentId", equalTo(consent.toString()))
                .body("data.codes", contains("DSC-001"));

        assertThat(TestConsentAuthority.statusWhenAsked.get(patient)).as("transaction status during the consent check")
                .isEqualTo(Status.STATUS_NO_TRANSACTION);
        assertThat(audit("dsc-" + patient)).containsExactly("disclose success " + consent + " " + patient);
    }

    @Test
    void a_refused_consent_is_checked_outside_a_transaction_too_and_audited_as_denied() throws SQLException {
        UUID patient = UUID.randomUUID();
        as(TestTokens.partner(partner).bearer()).header("X-Request-Id", "dsc-no-" + patient)
                .get("/api/v1/test/disclosures/patients/" + patient + "/widgets")
                .then().statusCode(403);
        assertThat(TestConsentAuthority.statusWhenAsked.get(patient)).isEqualTo(Status.STATUS_NO_TRANSACTION);
        assertThat(audit("dsc-no-" + patient)).containsExactly("disclose denied null " + patient);
    }

    private List<String> audit(String requestId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT action, outcome, resource_id, patient_id FROM audit_log WHERE request_id = ? ORDER BY seq")) {
            ps.setString(1, requestId);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                }
            }
            return rows;
        }
    }
}
