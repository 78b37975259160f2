package care.iop.intake.referral;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.ReferralSource;
import care.iop.events.intake.Urgency;
import care.iop.common.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A referral and its way through the pipeline ({@link ReferralStatus}). Its status changes only through
 * {@link #received} and {@link #moveTo}, which also record each status taken in its history
 * ({@link ReferralStatusChange}, saved with it) and set {@link #statusChangedAt}: the history cannot be forgotten.
 */
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
    /** When the referral took its current status (received: {@link #receivedAt}). */
    public Instant statusChangedAt;
    /** The referring partner's own case or record number for the person; null unless a partner sent one. */
    public String partnerReference;
    /** The sender's own identifier of a referral sent as a FHIR ServiceRequest (If-None-Exist matches on it). */
    public String identifierSystem;
    public String identifierValue;
    /** Who referred, as the FHIR ServiceRequest named them (display and identifier); null for REST referrals. */
    public String requesterDisplay;
    public String requesterIdentifierSystem;
    public String requesterIdentifierValue;
    @Version
    public long version;
    @OneToMany(mappedBy = "referral", cascade = CascadeType.ALL)
    @OrderBy("changedAt")
    List<ReferralStatusChange> history = new ArrayList<>();

    /** A new referral, received {@code at}: its history starts with received. The caller fills in the rest. */
    public static Referral received(UUID id, Instant at) {
        Referral r = new Referral();
        r.id = id;
        r.status = ReferralStatus.RECEIVED;
        r.receivedAt = at;
        r.statusChangedAt = at;
        r.history.add(new ReferralStatusChange(r, ReferralStatus.RECEIVED, null, at));
        return r;
    }

    /** Moves along the pipeline {@code at} (recorded in the history) or refuses with 409. */
    public void moveTo(ReferralStatus target, Instant at) {
        moveTo(target, null, at);
    }

    /**
     * Moves along the pipeline or refuses with 409, recording the move with {@code reasonCode} (the decision's reason
     * for declined and referred-out; null otherwise) in the history. A move is recorded after the one before it: a
     * clock that stepped back is taken as one microsecond after the previous change, so the history keeps its order.
     */
    public void moveTo(ReferralStatus target, String reasonCode, Instant at) {
        if (!status.canMoveTo(target)) {
            throw ProblemException.illegalTransition("Referral", status.value(), target.value());
        }
        Instant when = statusChangedAt != null && !at.isAfter(statusChangedAt)
                ? statusChangedAt.plus(1, ChronoUnit.MICROS) : at;
        status = target;
        statusChangedAt = when;
        history.add(new ReferralStatusChange(this, target, reasonCode, when));
    }

    /**
     * Every status the referral took, oldest first. Referrals made before the history existed have their received
     * and current status at the same instant; received comes first.
     */
    public List<ReferralStatusChange> history() {
        return history.stream().sorted(Comparator.comparing((ReferralStatusChange c) -> c.changedAt)
                .thenComparing(c -> c.status != ReferralStatus.RECEIVED)).toList();
    }
}
