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
    /** A partner's own case or record number: letters, digits and . _ / - (not first), at most 40. */
    public static final String PARTNER_REFERENCE = "[A-Za-z0-9][A-Za-z0-9._/-]{0,39}";

    private ReferralApi() {
    }

    /**
     * Staff name an existing {@code patientId} or register the person inline ({@code patient}); partners always
     * send the person inline plus the {@code clinicId} they refer to, and may send their own {@code partnerReference}
     * (staff and EHRs may not: 400). An absent partnerReference leaves the Idempotency-Key fingerprint as it was.
     */
    public record ReferralRequest(UUID clinicId, UUID patientId, @Valid PatientRequest patient,
                                  @NotNull ReferralSource source, @NotNull Urgency urgency,
                                  @NotNull @Pattern(regexp = CODE) String reasonCode,
                                  @Pattern(regexp = TRACK) String requestedTrackCode,
                                  @JsonInclude(JsonInclude.Include.NON_NULL)
                                  @Pattern(regexp = PARTNER_REFERENCE)
                                  @Schema(description = "Partners only: your own case or record number for the "
                                          + "person, so your coordinator recognises the referral in a list; not a "
                                          + "name. Staff and EHRs may not send it (400).", maxLength = 40)
                                  String partnerReference) {
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
            "receivedAt", "statusChangedAt", "version"})
    public record ReferralView(@Schema(enumeration = VIEW, description = "Which view this is: always staff")
                               String view, UUID id, UUID patientId, ReferralSource source, UUID partnerId, Urgency urgency,
                               String reasonCode, String requestedTrackCode, ReferralStatus status,
                               String decisionReasonCode, LevelOfCare recommendedLevel, UUID destinationPartnerId,
                               Instant receivedAt,
                               @Schema(description = "When the referral took its current status")
                               Instant statusChangedAt,
                               @Schema(description = "The referring partner's own case or record number, if it sent one")
                               String partnerReference, long version) implements ReferralAnswer {
        static final String VIEW = "staff";

        static ReferralView of(Referral r) {
            return new ReferralView(VIEW, r.id, r.patientId, r.source, r.partnerId, r.urgency, r.reasonCode,
                    r.requestedTrackCode, r.status, r.decisionReasonCode, r.recommendedLevel, r.destinationPartnerId,
                    r.receivedAt, r.statusChangedAt, r.partnerReference, r.version);
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

    /**
     * What a referring partner may see of its own referral: where it stands and since when, what it asked for, the
     * clinic and its own reference; nothing about the patient.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(additionalProperties = Schema.False.class, requiredProperties = {"view", "id", "clinicId", "urgency",
            "status", "receivedAt", "statusChangedAt"})
    public record PartnerReferralView(@Schema(enumeration = VIEW, description = "Which view this is: always partner")
                                      String view, UUID id,
                                      @Schema(description = "The clinic referred to") UUID clinicId,
                                      Urgency urgency, String requestedTrackCode,
                                      @Schema(description = "Your own case or record number, if you sent one")
                                      String partnerReference, ReferralStatus status, String decisionReasonCode,
                                      LevelOfCare recommendedLevel, Instant receivedAt,
                                      @Schema(description = "When the referral took its current status")
                                      Instant statusChangedAt) implements ReferralAnswer {
        static final String VIEW = "partner";

        static PartnerReferralView of(Referral r) {
            return new PartnerReferralView(VIEW, r.id, r.clinicId, r.urgency, r.requestedTrackCode, r.partnerReference,
                    r.status, r.decisionReasonCode, r.recommendedLevel, r.receivedAt, r.statusChangedAt);
        }
    }

    /** Every status a referral took, oldest first. */
    @Schema(requiredProperties = {"referralId", "items"})
    public record ReferralHistory(UUID referralId, List<ReferralHistoryItem> items) {
        static ReferralHistory of(UUID referralId, List<ReferralStatusChange> changes) {
            return new ReferralHistory(referralId, changes.stream().map(ReferralHistoryItem::of).toList());
        }
    }

    /** One status a referral took and when; reasonCode is the decision's reason for declined and referred-out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(additionalProperties = Schema.False.class, requiredProperties = {"status", "at"})
    public record ReferralHistoryItem(ReferralStatus status,
                                      @Schema(description = "The decision's reason code (declined, referred-out)")
                                      String reasonCode,
                                      @Schema(description = "When the referral took this status") Instant at) {
        static ReferralHistoryItem of(ReferralStatusChange c) {
            return new ReferralHistoryItem(c.status, c.reasonCode, c.changedAt);
        }
    }
}
