package care.iop.intake.consent;

import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentPurpose;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Which 42 CFR Part 2 consent lets a recipient see a category of a patient's record, in plain Java (no CDI, no JPA,
 * no HTTP). {@link ConsentAuthorizations} loads a patient's consents and asks {@link #covering}.
 *
 * <p>A consent covers a request when, at the request's time, it is active (not revoked, and its expiry is after that
 * instant: a consent expiring exactly then no longer counts), it names the recipient (the partner itself, or the
 * partner's class of recipients), it lists the category, and it was given for one of the purposes the request allows
 * (any purpose when the request names none). When several cover it, the one expiring last is chosen.
 */
public final class ConsentRules {

    /** What a consent says, as far as matching is concerned. */
    public record Terms(UUID recipientPartnerId, String recipientClass, List<ConsentCategory> categories,
                        ConsentPurpose purpose, Instant expiresAt, Instant revokedAt) {
        public Terms {
            categories = List.copyOf(categories);
        }
    }

    /**
     * What is asked: may {@code partnerId} (or, by its class, {@code recipientClass}; null when the partner has no
     * class) see {@code category} at {@code at}, for one of {@code purposes} (null: any purpose)?
     */
    public record Request(UUID partnerId, String recipientClass, ConsentCategory category,
                          Set<ConsentPurpose> purposes, Instant at) {
    }

    private ConsentRules() {
    }

    /** Not revoked, and not yet expired at {@code at}. */
    public static boolean activeAt(Terms consent, Instant at) {
        return stateAt(consent, at) == ConsentState.ACTIVE;
    }

    /**
     * Where the consent stands at {@code at}: revoked once revoked (also when it has expired since), else active while
     * its expiry is after {@code at}, else expired (a consent expiring exactly then is expired).
     */
    public static ConsentState stateAt(Terms consent, Instant at) {
        if (consent.revokedAt() != null) {
            return ConsentState.REVOKED;
        }
        return consent.expiresAt().isAfter(at) ? ConsentState.ACTIVE : ConsentState.EXPIRED;
    }

    /** The consent names the partner itself, or the partner's class of recipients. */
    public static boolean namesRecipient(Terms consent, UUID partnerId, String recipientClass) {
        return partnerId != null && partnerId.equals(consent.recipientPartnerId())
                || recipientClass != null && recipientClass.equals(consent.recipientClass());
    }

    /** Whether this one consent covers the request. */
    public static boolean covers(Terms consent, Request request) {
        return activeAt(consent, request.at())
                && namesRecipient(consent, request.partnerId(), request.recipientClass())
                && consent.categories().contains(request.category())
                && (request.purposes() == null || request.purposes().contains(consent.purpose()));
    }

    /**
     * The candidate that covers the request and expires last (the first such in {@code candidates} on a tie), or
     * empty. {@code terms} reads a candidate's terms.
     */
    public static <C> Optional<C> covering(Collection<C> candidates, Function<C, Terms> terms, Request request) {
        return candidates.stream().filter(c -> covers(terms.apply(c), request))
                .sorted(Comparator.comparing((C c) -> terms.apply(c).expiresAt()).reversed()).findFirst();
    }
}
