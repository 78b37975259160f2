package care.iop.intake.consent;

import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentPurpose;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Request and response shapes of Part 2 consents and the consent authorisation check. */
public final class ConsentApi {

    private ConsentApi() {
    }

    /** How the patient signed; the wire values are kebab-case ({@code wet-ink}), the column keeps the names. */
    public enum SignatureMethod {
        ELECTRONIC("electronic"),
        WET_INK("wet-ink"),
        VERBAL_WITNESSED("verbal-witnessed");

        private final String value;

        SignatureMethod(String value) {
            this.value = value;
        }

        /** The wire value. */
        @JsonValue
        public String value() {
            return value;
        }
    }

    public record ConsentRequest(UUID recipientPartnerId,
                                 @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,63}") String recipientClass,
                                 @NotEmpty Set<@NotNull ConsentCategory> categories,
                                 @NotNull ConsentPurpose purpose, @NotNull Instant expiresAt,
                                 @NotNull @PastOrPresent Instant signedAt, @NotNull SignatureMethod signatureMethod) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsentView(UUID id, UUID patientId, UUID recipientPartnerId, String recipientClass,
                              List<ConsentCategory> categories, ConsentPurpose purpose, Instant expiresAt,
                              Instant signedAt, SignatureMethod signatureMethod, Instant revokedAt, boolean active,
                              long version) {
        static ConsentView of(Consent c) {
            return new ConsentView(c.id, c.patientId, c.recipientPartnerId, c.recipientClass, c.categoryList(),
                    c.purpose, c.expiresAt, c.signedAt,
                    c.signatureMethod == null ? null : SignatureMethod.valueOf(c.signatureMethod), c.revokedAt, c.activeAt(Instant.now()),
                    c.version);
        }
    }

    /** Which of the calling partner's consents to list: the active ones (the default) or all, past ones too. */
    public enum PartnerConsentFilter {
        ACTIVE("active"),
        ALL("all");

        private final String value;

        PartnerConsentFilter(String value) {
            this.value = value;
        }

        /** The wire value. */
        @JsonValue
        public String value() {
            return value;
        }
    }

    /**
     * A consent that names the calling partner (or its class), as the partner sees it in its list: which patient, what
     * and why, and where it stands; no names or other details of the patient (those are read as a disclosure).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(additionalProperties = Schema.False.class, requiredProperties = {"consentId", "patientId", "categories",
            "purpose", "signedAt", "expiresAt", "state"})
    public record PartnerConsentView(UUID consentId, UUID patientId, List<ConsentCategory> categories,
                                     ConsentPurpose purpose, Instant signedAt, Instant expiresAt,
                                     @Schema(description = "Where the consent stands now") ConsentState state,
                                     @Schema(description = "When the patient revoked it; absent while not revoked")
                                     Instant revokedAt) {
        static PartnerConsentView of(Consent c, Instant now) {
            return new PartnerConsentView(c.id, c.patientId, c.categoryList(), c.purpose, c.signedAt, c.expiresAt,
                    ConsentRules.stateAt(c.terms(), now), c.revokedAt);
        }
    }

    /** A page of the calling partner's consents, newest signature first. */
    @Schema(requiredProperties = {"items"})
    public record PartnerConsentPage(List<PartnerConsentView> items, String nextCursor) {
    }

    /** The answer to "may this partner see this category of this patient now?". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Authorization(boolean permitted, UUID consentId, UUID clinicId, ConsentPurpose purpose,
                                List<ConsentCategory> categories, Instant expiresAt) {
        static final Authorization DENIED = new Authorization(false, null, null, null, null, null);

        static Authorization of(Consent c) {
            return new Authorization(true, c.id, c.clinicId, c.purpose, c.categoryList(), c.expiresAt);
        }
    }
}
