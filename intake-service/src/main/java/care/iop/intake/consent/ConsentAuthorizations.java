package care.iop.intake.consent;

import care.iop.common.disclosure.ConsentAuthority;
import care.iop.common.security.CallerContext;
import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentPurpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Finds the active consent that lets a partner see a category of a patient's record; intake's own disclosures use
 * it in-process, the other services ask through {@code consent-authorizations}.
 */
@ApplicationScoped
public class ConsentAuthorizations implements ConsentAuthority {

    @Inject
    CallerContext caller;

    /**
     * The active consent naming the partner or its class and covering the category, the latest-expiring first;
     * {@code clinicId} limits the search to one clinic (clinic staff asking on a partner's behalf), {@code purposes}
     * to consents given for one of them (null: any). The query loads the patient's consents; {@link ConsentRules}
     * decides which one covers the request.
     */
    public Optional<Consent> activeConsent(UUID patientId, ConsentCategory category, UUID partnerId,
                                           String recipientClass, UUID clinicId, Set<ConsentPurpose> purposes) {
        String scope = clinicId == null ? "" : " and c.clinicId = :clinic";
        var query = Consent.getEntityManager().createQuery("from Consent c where c.patientId = :patient" + scope
                        + " order by c.expiresAt desc", Consent.class)
                .setParameter("patient", patientId);
        if (clinicId != null) {
            query.setParameter("clinic", clinicId);
        }
        return ConsentRules.covering(query.getResultList(), Consent::terms,
                new ConsentRules.Request(partnerId, recipientClass, category, purposes, Instant.now()));
    }

    /** A partner as a consent names it: itself, or its class of recipients (null when it has none). */
    public record Recipient(UUID partnerId, String recipientClass) {
    }

    /**
     * The calling partner as a recipient: the partner id from the token ({@code partner_id}; 403 without one), the
     * class from its {@code partner_class} claim.
     */
    public Recipient callingPartner() {
        return new Recipient(caller.requirePartnerId(), caller.claim("partner_class").orElse(null));
    }

    /** For the calling partner ({@link #callingPartner}). */
    @Override
    public Optional<Grant> grantFor(UUID patientId, ConsentCategory category, String purposeOfUse) {
        Recipient me = callingPartner();
        return activeConsent(patientId, category, me.partnerId(), me.recipientClass(), null,
                ConsentAuthority.purposesAllowing(purposeOfUse)).map(c -> new Grant(c.id, c.clinicId));
    }
}
