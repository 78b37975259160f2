package care.iop.intake.referral;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.ReferralSource;
import care.iop.events.intake.Urgency;
import care.iop.intake.patient.PatientApi.PatientRequest;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;
import java.util.UUID;

public final class ReferralApi {

    static final String CODE = "[a-z0-9][a-z0-9.-]{0,63}";
    static final String TRACK = "[A-Z0-9][A-Z0-9-]{0,31}";

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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReferralView(UUID id, UUID patientId, ReferralSource source, UUID partnerId, Urgency urgency,
                               String reasonCode, String requestedTrackCode, ReferralStatus status,
                               String decisionReasonCode, LevelOfCare recommendedLevel, UUID destinationPartnerId,
                               Instant receivedAt, long version) {
        static ReferralView of(Referral r) {
            return new ReferralView(r.id, r.patientId, r.source, r.partnerId, r.urgency, r.reasonCode,
                    r.requestedTrackCode, r.status, r.decisionReasonCode, r.recommendedLevel, r.destinationPartnerId,
                    r.receivedAt, r.version);
        }
    }

    /** What a referring partner may see of its own referral: where it stands, nothing about the patient. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartnerReferralView(UUID id, ReferralStatus status, String decisionReasonCode,
                                      LevelOfCare recommendedLevel, Instant receivedAt) {
        static PartnerReferralView of(Referral r) {
            return new PartnerReferralView(r.id, r.status, r.decisionReasonCode, r.recommendedLevel, r.receivedAt);
        }
    }
}
