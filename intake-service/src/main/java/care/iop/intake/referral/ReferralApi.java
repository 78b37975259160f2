package care.iop.intake.referral;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.ReferralSource;
import care.iop.events.intake.Urgency;
import care.iop.intake.patient.PatientApi.PatientRequest;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class ReferralApi {

    public static final String CODE = "[a-z0-9][a-z0-9.-]{0,63}";
    public static final String TRACK = "[A-Z0-9][A-Z0-9-]{0,31}";

    private ReferralApi() {
    }

    /**
     * Staff name an existing {@code patientId} or register the person inline ({@code patient}); partners always
     * send the person inline plus the {@code clinicId} they refer to.
     */
    public record ReferralRequest(UUID clinicId, UUID patientId, @Valid PatientRequest patient,
                                  @NotNull ReferralSource source, @NotNull Urgency urgency,
                                  @NotNull @Pattern(regexp = CODE) String reasonCode,
                                  @Pattern(regexp = TRACK) String requestedTrackCode) {
    }

    public record StatusChange(@NotNull ReferralStatus status, @Pattern(regexp = CODE) String reasonCode,
                               LevelOfCare recommendedLevel, UUID destinationPartnerId) {
    }

    /**
     * A referral as its reader may see it: staff and EHRs get the {@link ReferralView}, a referring partner the
     * {@link PartnerReferralView} of its own referral. {@code view} ({@code staff} or {@code partner}) says which, so
     * a client generated from the document picks the right one (the partner view's members are a subset of the
     * staff view's, so matching by shape alone would be ambiguous).
     */
    @Schema(name = "ReferralAnswer", oneOf = {ReferralView.class, PartnerReferralView.class},
            discriminatorProperty = "view", discriminatorMapping = {
                    @DiscriminatorMapping(value = ReferralView.VIEW, schema = ReferralView.class),
                    @DiscriminatorMapping(value = PartnerReferralView.VIEW, schema = PartnerReferralView.class)},
            description = "The staff view (view staff), or a referring partner's view of its own referral (view partner)")
    public sealed interface ReferralAnswer permits ReferralView, PartnerReferralView {
    }

    /** A page of referrals, each as its reader may see it. */
    public record ReferralPage(List<ReferralAnswer> items, String nextCursor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(requiredProperties = {"view", "id", "patientId", "source", "urgency", "reasonCode", "status",
            "receivedAt", "version"})
    public record ReferralView(@Schema(enumeration = VIEW, description = "Which view this is: always staff")
                               String view, UUID id, UUID patientId, ReferralSource source, UUID partnerId, Urgency urgency,
                               String reasonCode, String requestedTrackCode, ReferralStatus status,
                               String decisionReasonCode, LevelOfCare recommendedLevel, UUID destinationPartnerId,
                               Instant receivedAt, long version) implements ReferralAnswer {
        static final String VIEW = "staff";

        static ReferralView of(Referral r) {
            return new ReferralView(VIEW, r.id, r.patientId, r.source, r.partnerId, r.urgency, r.reasonCode,
                    r.requestedTrackCode, r.status, r.decisionReasonCode, r.recommendedLevel, r.destinationPartnerId,
                    r.receivedAt, r.version);
        }
    }

    /**
     * What a referral sent from an EHR as a FHIR ServiceRequest carries beyond the REST request: the sender's own
     * identifier of it (If-None-Exist matches on it) and who referred (display and identifier). All may be null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record External(String identifierSystem, String identifierValue, String requesterDisplay,
                           String requesterIdentifierSystem, String requesterIdentifierValue) {
        public static final External NONE = new External(null, null, null, null, null);

        public boolean hasIdentifier() {
            return identifierSystem != null && identifierValue != null;
        }

        static External of(Referral r) {
            return new External(r.identifierSystem, r.identifierValue, r.requesterDisplay,
                    r.requesterIdentifierSystem, r.requesterIdentifierValue);
        }
    }

    /** A referral as the FHIR face serves it: the staff view's fields and what an EHR sent with it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReferralRecord(UUID id, UUID patientId, ReferralSource source, Urgency urgency, String reasonCode,
                                 String requestedTrackCode, ReferralStatus status, Instant receivedAt, long version,
                                 External external) {
        static ReferralRecord of(Referral r) {
            return new ReferralRecord(r.id, r.patientId, r.source, r.urgency, r.reasonCode, r.requestedTrackCode,
                    r.status, r.receivedAt, r.version, External.of(r));
        }
    }

    /** The answer to a referral sent from an EHR: the referral, and whether this request created it. */
    public record Received(ReferralRecord referral, boolean created) {
    }

    /** What a referral from an EHR is, for recognising a retry under the same Idempotency-Key. */
    record ExternalReferral(ReferralRequest request, External external, boolean ifNoneExist) {
    }

    /** What a referring partner may see of its own referral: where it stands, nothing about the patient. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(additionalProperties = Schema.False.class, requiredProperties = {"view", "id", "status", "receivedAt"})
    public record PartnerReferralView(@Schema(enumeration = VIEW, description = "Which view this is: always partner")
                                      String view, UUID id, ReferralStatus status, String decisionReasonCode,
                                      LevelOfCare recommendedLevel, Instant receivedAt) implements ReferralAnswer {
        static final String VIEW = "partner";

        static PartnerReferralView of(Referral r) {
            return new PartnerReferralView(VIEW, r.id, r.status, r.decisionReasonCode, r.recommendedLevel, r.receivedAt);
        }
    }
}
