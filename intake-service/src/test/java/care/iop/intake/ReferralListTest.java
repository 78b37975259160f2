package care.iop.intake;

import care.iop.intake.referral.Referral;
import care.iop.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static care.iop.intake.Api.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The referral list (issue #20): newest received first, filtered by status and by received day (UTC, inclusive),
 * paged by a cursor that keeps its place while referrals arrive; a partner sees only its own.
 */
@QuarkusTest
class ReferralListTest {

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = TestTokens.staff(clinic, "intake-coordinator").bearer();

    private String staffReferral(String patientId) {
        return as(coordinator).body(Map.of("patientId", patientId, "source", "self", "urgency", "routine",
                "reasonCode", "alcohol-use-disorder")).post(BASE + "/referrals").then().statusCode(201)
                .extract().path("id");
    }

    private String partnerReferral(String token) {
        return as(token).body(Map.of("clinicId", clinic.toString(), "patient", patient(), "source", "partner",
                "urgency", "routine", "reasonCode", "step-down-from-residential")).post(BASE + "/referrals").then()
                .statusCode(201).extract().path("id");
    }

    /** Places a referral on a fixed day, so no test depends on today's date. */
    private static void receivedAt(String id, String instant) {
        QuarkusTransaction.requiringNew().run(() -> Referral.update("receivedAt = ?1 where id = ?2",
                Instant.parse(instant), UUID.fromString(id)));
    }

    private static List<String> ids(RequestSpecification request) {
        return request.get(BASE + "/referrals").then().statusCode(200).extract().path("items.id");
    }

    @Test
    void newest_first_filtered_by_status_and_received_day_and_paged_stably() {
        String patientId = Api.createPatient(coordinator);
        String r1 = staffReferral(patientId);
        String r2 = staffReferral(patientId);
        String r3 = staffReferral(patientId);
        String r4 = staffReferral(patientId);
        String r5 = staffReferral(patientId);
        receivedAt(r1, "2025-03-01T10:00:00Z");
        receivedAt(r2, "2025-03-02T00:00:00Z");
        receivedAt(r3, "2025-03-02T23:59:59.999999Z");
        receivedAt(r4, "2025-03-03T12:00:00Z");
        receivedAt(r5, "2025-03-04T00:00:00Z");
        as(coordinator).body(Map.of("status", "declined", "reasonCode", "not-eligible"))
                .post(BASE + "/referrals/" + r4 + "/status").then().statusCode(200);

        // Whole UTC days, both ends inclusive.
        assertThat(ids(as(coordinator).queryParam("receivedFrom", "2025-03-02").queryParam("receivedTo", "2025-03-03")))
                .containsExactly(r4, r3, r2);
        assertThat(ids(as(coordinator).queryParam("receivedFrom", "2025-03-02").queryParam("receivedTo", "2025-03-02")))
                .containsExactly(r3, r2);
        assertThat(ids(as(coordinator).queryParam("receivedTo", "2025-03-01"))).containsExactly(r1);
        // With the status.
        assertThat(ids(as(coordinator).queryParam("status", "received").queryParam("receivedFrom", "2025-03-02")
                .queryParam("receivedTo", "2025-03-03"))).containsExactly(r3, r2);
        assertThat(ids(as(coordinator).queryParam("status", "declined").queryParam("receivedFrom", "2025-03-02")
                .queryParam("receivedTo", "2025-03-03"))).containsExactly(r4);

        // Two full pages and the rest; a referral arriving meanwhile is newer than the cursor and moves nothing.
        var first = as(coordinator).queryParam("receivedFrom", "2025-03-01").queryParam("limit", 2)
                .get(BASE + "/referrals").then().statusCode(200).extract();
        assertThat(first.<List<String>>path("items.id")).containsExactly(r5, r4);
        String arrived = staffReferral(patientId);
        var second = as(coordinator).queryParam("receivedFrom", "2025-03-01").queryParam("limit", 2)
                .queryParam("cursor", first.<String>path("nextCursor")).get(BASE + "/referrals").then()
                .statusCode(200).extract();
        assertThat(second.<List<String>>path("items.id")).containsExactly(r3, r2);
        as(coordinator).queryParam("receivedFrom", "2025-03-01").queryParam("limit", 2)
                .queryParam("cursor", second.<String>path("nextCursor")).get(BASE + "/referrals").then()
                .statusCode(200).body("items.id", org.hamcrest.Matchers.contains(r1)).body("nextCursor", nullValue());
        assertThat(ids(as(coordinator).queryParam("limit", 1))).containsExactly(arrived);

        // Bad input is a 400 naming the parameter.
        as(coordinator).queryParam("receivedFrom", "2025-13-01").get(BASE + "/referrals").then().statusCode(400)
                .body("violations[0].field", equalTo("receivedFrom"));
        as(coordinator).queryParam("receivedTo", "03/04/2025").get(BASE + "/referrals").then().statusCode(400)
                .body("violations[0].field", equalTo("receivedTo"));
        as(coordinator).queryParam("receivedFrom", "2025-03-04").queryParam("receivedTo", "2025-03-03")
                .get(BASE + "/referrals").then().statusCode(400).body("violations[0].field", equalTo("receivedFrom"));
    }

    @Test
    void a_partner_lists_only_its_own_referrals() {
        String partnerA = TestTokens.partner(UUID.randomUUID()).bearer();
        String partnerB = TestTokens.partner(UUID.randomUUID()).bearer();
        String a1 = partnerReferral(partnerA);
        String a2 = partnerReferral(partnerA);
        String b1 = partnerReferral(partnerB);
        receivedAt(a1, "2025-06-10T08:00:00Z");
        receivedAt(a2, "2025-06-11T08:00:00Z");
        receivedAt(b1, "2025-06-11T09:00:00Z");
        assertThat(ids(as(partnerA).queryParam("receivedFrom", "2025-06-10").queryParam("receivedTo", "2025-06-11")))
                .containsExactly(a2, a1);
        as(partnerA).queryParam("limit", 1).get(BASE + "/referrals").then().statusCode(200)
                .body("items[0].id", equalTo(a2)).body("items[0].view", equalTo("partner"))
                .body("items[0].clinicId", equalTo(clinic.toString()));
        assertThat(ids(as(partnerB).queryParam("receivedFrom", "2025-06-10"))).containsExactly(b1);
        assertThat(ids(as(coordinator).queryParam("receivedFrom", "2025-06-10").queryParam("receivedTo", "2025-06-11")))
                .containsExactly(b1, a2, a1);
    }
}
