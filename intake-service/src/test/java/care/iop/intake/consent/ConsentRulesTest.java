package care.iop.intake.consent;

import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentPurpose;
import care.iop.intake.consent.ConsentRules.Request;
import care.iop.intake.consent.ConsentRules.Terms;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static care.iop.events.intake.ConsentCategory.DEMOGRAPHICS;
import static care.iop.events.intake.ConsentCategory.DIAGNOSES;
import static care.iop.events.intake.ConsentCategory.MEDICATIONS;
import static care.iop.events.intake.ConsentPurpose.CARE_COORDINATION;
import static care.iop.events.intake.ConsentPurpose.PAYMENT;
import static care.iop.events.intake.ConsentPurpose.TREATMENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Part 2 consent covers a disclosure (42 CFR §2.31: a consent names the recipient, the information and the
 * purpose, and ends at its expiry or when revoked): active at the time asked, naming the partner or its class,
 * listing the category, given for an allowed purpose; the latest-expiring of several.
 */
class ConsentRulesTest {

    static final Instant NOW = Instant.parse("2030-05-01T12:00:00Z");
    static final UUID PARTNER = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID OTHER_PARTNER = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final String CLASS = "health-plan";

    static Terms toPartner(List<ConsentCategory> categories, ConsentPurpose purpose, Instant expiresAt) {
        return new Terms(PARTNER, null, categories, purpose, expiresAt, null);
    }

    static Terms demographicsForTreatment() {
        return toPartner(List.of(DEMOGRAPHICS), TREATMENT, NOW.plus(Duration.ofDays(30)));
    }

    static Request ask(ConsentCategory category, Set<ConsentPurpose> purposes) {
        return new Request(PARTNER, CLASS, category, purposes, NOW);
    }

    @Test
    void a_consent_naming_the_partner_for_the_category_covers_it() {
        assertThat(ConsentRules.covers(demographicsForTreatment(), ask(DEMOGRAPHICS, null))).isTrue();
        assertThat(ConsentRules.covers(demographicsForTreatment(), ask(DIAGNOSES, null))).isFalse();
    }

    @Test
    void a_consent_counts_until_its_expiry_and_not_at_it() {
        Instant expiry = NOW.plusSeconds(1);
        Terms consent = toPartner(List.of(DEMOGRAPHICS), TREATMENT, expiry);
        assertThat(ConsentRules.activeAt(consent, NOW)).isTrue();
        assertThat(ConsentRules.activeAt(consent, expiry.minusNanos(1000))).isTrue();
        assertThat(ConsentRules.activeAt(consent, expiry)).isFalse();
        assertThat(ConsentRules.activeAt(consent, expiry.plusSeconds(1))).isFalse();
        assertThat(ConsentRules.covers(consent, new Request(PARTNER, null, DEMOGRAPHICS, null, expiry))).isFalse();
    }

    @Test
    void a_revoked_consent_covers_nothing() {
        Terms revoked = new Terms(PARTNER, null, List.of(DEMOGRAPHICS), TREATMENT, NOW.plus(Duration.ofDays(30)),
                NOW.minusSeconds(60));
        assertThat(ConsentRules.activeAt(revoked, NOW)).isFalse();
        assertThat(ConsentRules.covers(revoked, ask(DEMOGRAPHICS, null))).isFalse();
    }

    @Test
    void the_recipient_is_the_partner_itself_or_its_class() {
        Terms toClass = new Terms(null, CLASS, List.of(DEMOGRAPHICS), TREATMENT, NOW.plusSeconds(3600), null);
        assertThat(ConsentRules.namesRecipient(toClass, OTHER_PARTNER, CLASS)).isTrue();
        assertThat(ConsentRules.namesRecipient(toClass, OTHER_PARTNER, "employer")).isFalse();
        assertThat(ConsentRules.namesRecipient(toClass, OTHER_PARTNER, null)).isFalse();
        assertThat(ConsentRules.namesRecipient(toClass, OTHER_PARTNER, "Health-Plan")).as("classes match exactly")
                .isFalse();
        assertThat(ConsentRules.namesRecipient(demographicsForTreatment(), PARTNER, null)).isTrue();
        assertThat(ConsentRules.namesRecipient(demographicsForTreatment(), OTHER_PARTNER, CLASS)).isFalse();
        assertThat(ConsentRules.namesRecipient(demographicsForTreatment(), null, null)).isFalse();
    }

    @Test
    void purposes_limit_when_given() {
        Terms consent = demographicsForTreatment();
        assertThat(ConsentRules.covers(consent, ask(DEMOGRAPHICS, null))).as("no purpose asked: any").isTrue();
        assertThat(ConsentRules.covers(consent, ask(DEMOGRAPHICS, Set.of(TREATMENT, CARE_COORDINATION)))).isTrue();
        assertThat(ConsentRules.covers(consent, ask(DEMOGRAPHICS, Set.of(PAYMENT)))).isFalse();
        assertThat(ConsentRules.covers(consent, ask(DEMOGRAPHICS, Set.of()))).isFalse();
    }

    @Test
    void of_several_covering_consents_the_latest_expiring_is_chosen() {
        Terms soon = toPartner(List.of(DEMOGRAPHICS, DIAGNOSES), TREATMENT, NOW.plus(Duration.ofDays(1)));
        Terms later = toPartner(List.of(DEMOGRAPHICS), TREATMENT, NOW.plus(Duration.ofDays(90)));
        Terms latestButRevoked = new Terms(PARTNER, null, List.of(DEMOGRAPHICS), TREATMENT,
                NOW.plus(Duration.ofDays(365)), NOW.minusSeconds(1));
        Terms latestButMedications = toPartner(List.of(MEDICATIONS), TREATMENT, NOW.plus(Duration.ofDays(400)));
        List<Terms> candidates = List.of(soon, latestButRevoked, later, latestButMedications);
        assertThat(ConsentRules.covering(candidates, Function.identity(), ask(DEMOGRAPHICS, null))).contains(later);
        assertThat(ConsentRules.covering(candidates, Function.identity(), ask(DIAGNOSES, null))).contains(soon);
        assertThat(ConsentRules.covering(candidates, Function.identity(), ask(ConsentCategory.DISCHARGE_SUMMARY, null)))
                .isEmpty();
        assertThat(ConsentRules.covering(List.<Terms>of(), Function.identity(), ask(DEMOGRAPHICS, null))).isEmpty();
    }

    @Test
    void on_equal_expiry_the_first_candidate_is_chosen() {
        Instant expiry = NOW.plus(Duration.ofDays(30));
        Terms first = toPartner(List.of(DEMOGRAPHICS), TREATMENT, expiry);
        Terms second = toPartner(List.of(DEMOGRAPHICS), PAYMENT, expiry);
        assertThat(ConsentRules.covering(List.of(first, second), Function.identity(), ask(DEMOGRAPHICS, null)))
                .containsSame(first);
    }

    @Test
    void a_consent_is_active_until_its_expiry_then_expired_and_revoked_once_revoked() {
        Terms open = toPartner(List.of(DEMOGRAPHICS), TREATMENT, NOW.plusSeconds(60));
        assertThat(ConsentRules.stateAt(open, NOW)).isEqualTo(ConsentState.ACTIVE);
        assertThat(ConsentRules.stateAt(open, NOW.plusSeconds(59))).isEqualTo(ConsentState.ACTIVE);
        // Expiring exactly then no longer counts, as for the disclosures.
        assertThat(ConsentRules.stateAt(open, NOW.plusSeconds(60))).isEqualTo(ConsentState.EXPIRED);
        assertThat(ConsentRules.stateAt(open, NOW.plusSeconds(61))).isEqualTo(ConsentState.EXPIRED);
        Terms revoked = new Terms(PARTNER, null, List.of(DEMOGRAPHICS), TREATMENT, NOW.plusSeconds(60),
                NOW.minusSeconds(1));
        assertThat(ConsentRules.stateAt(revoked, NOW)).isEqualTo(ConsentState.REVOKED);
        // Revoked stays revoked after the expiry too.
        assertThat(ConsentRules.stateAt(revoked, NOW.plusSeconds(3600))).isEqualTo(ConsentState.REVOKED);
        // activeAt is the same rule.
        assertThat(ConsentRules.activeAt(open, NOW)).isTrue();
        assertThat(ConsentRules.activeAt(open, NOW.plusSeconds(60))).isFalse();
        assertThat(ConsentRules.activeAt(revoked, NOW)).isFalse();
    }
}
