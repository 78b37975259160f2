package care.iop.intake.referral;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.ReferralSource;
import care.iop.events.intake.Urgency;
import care.iop.common.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

@Entity
public class Referral extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    @Enumerated(EnumType.STRING)
    public ReferralSource source;
    public UUID partnerId;
    @Enumerated(EnumType.STRING)
    public Urgency urgency;
    public String reasonCode;
    public String requestedTrackCode;
    @Enumerated(EnumType.STRING)
    public ReferralStatus status;
    public String decisionReasonCode;
    @Enumerated(EnumType.STRING)
    public LevelOfCare recommendedLevel;
    public UUID destinationPartnerId;
    public Instant receivedAt;
    /** The sender's own identifier of a referral sent as a FHIR ServiceRequest (If-None-Exist matches on it). */
    public String identifierSystem;
    public String identifierValue;
    /** Who referred, as the FHIR ServiceRequest named them (display and identifier); null for REST referrals. */
    public String requesterDisplay;
    public String requesterIdentifierSystem;
    public String requesterIdentifierValue;
    @Version
    public long version;

    /** Moves along the pipeline or refuses with 409. */
    public void moveTo(ReferralStatus target) {
        if (!status.canMoveTo(target)) {
            throw ProblemException.illegalTransition("Referral", status.value(), target.value());
        }
        status = target;
    }
}
