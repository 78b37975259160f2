package care.iop.intake;

import care.iop.intake.consent.Consent;
import care.iop.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * A partner's list of the consents that name it or its class (issue #20): ids, categories, purpose, dates and state,
 * newest signature first, no patient data; each consent listed is audited as read by the partner.
 */
@QuarkusTest
class PartnerConsentsTest {

    private static final String LIST = BASE + "/partner-consents";

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = TestTokens.staff(clinic, "intake-coordinator").bearer();
    private final String auditor = TestTokens.staff(clinic, "auditor").bearer();
    private final UUID partnerId = UUID.randomUUID();
    private final String subject = "partner-consents-" + partnerId;
    private final String partner = TestTokens.partner(partnerId).claim("partner_class", "step-down-provider")
            .subject(subject).bearer();

    private String consent(String patientId, Map<String, Object> recipient, List<String> categories, String purpose,
                           String signedAt) {
        Map<String, Object> body = new HashMap<>(recipient);
        body.putAll(Map.of("categories", categories, "purpose", purpose,
                "expiresAt", Instant.now().plus(30, ChronoUnit.DAYS).toString(), "signedAt", signedAt,
                "signatureMethod", "electronic"));
        return as(coordinator).body(body).post(BASE + "/patients/" + patientId + "/consents").then().statusCode(201)
                .extract().path("id");
    }

    private Map<String, Object> toPartner(UUID partner) {
        return Map.of("recipientPartnerId", partner.toString());
    }

    private static List<Map<String, Object>> items(String token, String state, List<String> ours) {
        var request = as(token);
        if (state != null) {
            request.queryParam("state", state);
        }
        List<Map<String, Object>> items = request.queryParam("limit", 200).get(LIST).then().statusCode(200)
                .extract().path("items");
        return items.stream().filter(i -> ours.contains((String) i.get("consentId"))).toList();
    }

    @Test
    void a_partner_lists_the_consents_naming_it_or_its_class_with_their_state() {
        String p1 = Api.createPatient(coordinator);
        String p2 = Api.createPatient(coordinator);
        String p3 = Api.createPatient(coordinator);
        String p4 = Api.createPatient(coordinator);
        String p5 = Api.createPatient(coordinator);
        String named = consent(p1, toPartner(partnerId), List.of("diagnoses", "demographics"), "care-coordination",
                "2025-01-01T09:00:00Z");
        String ofClass = consent(p2, Map.of("recipientClass", "step-down-provider"), List.of("diagnoses"), "treatment",
                "2025-01-02T09:00:00Z");
        String another = consent(p3, toPartner(UUID.randomUUID()), List.of("demographics"), "treatment",
                "2025-01-03T09:00:00Z");
        String revoked = consent(p4, toPartner(partnerId), List.of("medications"), "treatment", "2025-01-04T09:00:00Z");
        String expired = consent(p5, toPartner(partnerId), List.of("demographics"), "payment", "2025-01-05T09:00:00Z");
        as(coordinator).post(BASE + "/consents/" + revoked + "/revocation").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> Consent.update("expiresAt = ?1 where id = ?2",
                Instant.now().minus(1, ChronoUnit.MINUTES), UUID.fromString(expired)));
        List<String> ours = List.of(named, ofClass, another, revoked, expired);

        // Active (the default): the one naming the partner and the one naming its class, newest signature first.
        List<Map<String, Object>> active = items(partner, null, ours);
        assertThat(active).extracting(i -> i.get("consentId")).containsExactly(ofClass, named);
        assertThat(items(partner, "active", ours)).isEqualTo(active);
        Map<String, Object> first = active.get(1);
        assertThat(first).containsOnlyKeys("consentId", "patientId", "categories", "purpose", "signedAt", "expiresAt",
                "state");
        assertThat(first).containsEntry("patientId", p1).containsEntry("purpose", "care-coordination")
                .containsEntry("state", "active").containsEntry("signedAt", "2025-01-01T09:00:00Z")
                .containsEntry("categories", List.of("demographics", "diagnoses"));

        // All: revoked and expired ones too, with their state; never another partner's.
        List<Map<String, Object>> all = items(partner, "all", ours);
        assertThat(all).extracting(i -> i.get("consentId")).containsExactly(expired, revoked, ofClass, named);
        assertThat(all).extracting(i -> i.get("state")).containsExactly("expired", "revoked", "active", "active");
        assertThat(all.get(1)).containsKey("revokedAt");
        assertThat(all.get(0)).doesNotContainKey("revokedAt");

        // One patient's consents only (the portal tells why a disclosure is refused); another's patient is empty.
        as(partner).queryParam("state", "all").queryParam("patientId", p4).get(LIST).then().statusCode(200)
                .body("items.consentId", contains(revoked)).body("items[0].state", org.hamcrest.Matchers.is("revoked"));
        as(partner).queryParam("state", "all").queryParam("patientId", p3).get(LIST).then().statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(0));
        as(partner).queryParam("patientId", "not-a-uuid").get(LIST).then().statusCode(400);

        // Without its class the partner sees only the consents naming it; pages by cursor.
        String withoutClass = TestTokens.partner(partnerId).bearer();
        var page = as(withoutClass).queryParam("state", "all").queryParam("limit", 2).get(LIST).then().statusCode(200)
                .body("items.consentId", contains(expired, revoked)).extract();
        as(withoutClass).queryParam("state", "all").queryParam("limit", 2)
                .queryParam("cursor", page.<String>path("nextCursor")).get(LIST).then().statusCode(200)
                .body("items.consentId", contains(named)).body("nextCursor", nullValue());

        // The other partner sees its own only.
        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(LIST).then().statusCode(200)
                .body("items.consentId", not(hasItem(named)));

        // Each consent listed is a sensitive read of it by the partner; the other partner's consent was not read.
        as(auditor).queryParam("patientId", p1).queryParam("actor", subject).get(BASE + "/audit-records").then()
                .statusCode(200).body("items.findAll { it.resourceId == '" + named + "' }.action", hasItem("read"))
                .body("items.findAll { it.resourceId == '" + named + "' }.sensitive", hasItem(true));
        as(auditor).queryParam("patientId", p3).queryParam("actor", subject).get(BASE + "/audit-records").then()
                .statusCode(200).body("items", org.hamcrest.Matchers.hasSize(0));
        assertThat(Set.of(another)).doesNotContainAnyElementsOf(all.stream().map(i -> (String) i.get("consentId"))
                .toList());
    }

    @Test
    void staff_may_not_list_partner_consents_and_a_bad_state_is_400() {
        as(coordinator).get(LIST).then().statusCode(403);
        as(TestTokens.staff(clinic, "clinician").bearer()).get(LIST).then().statusCode(403);
        as(TestTokens.partner(partnerId).bearer()).queryParam("state", "revoked").get(LIST).then().statusCode(400)
                .body("violations[0].field", equalTo("state"));
    }
}
