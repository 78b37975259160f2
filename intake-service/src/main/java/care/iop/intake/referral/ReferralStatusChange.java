package care.iop.intake.referral;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;

import java.time.Instant;
import java.util.UUID;

/**
 * One status a referral took, and when (with the decision's reason code for declined and referred-out). Made only by
 * {@link Referral#received} and {@link Referral#moveTo}, which keep the referral's history.
 */
@Entity
public class ReferralStatusChange extends PanacheEntityBase {

    @Id
    public UUID id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "referral_id")
    public Referral referral;
    @Enumerated(EnumType.STRING)
    public ReferralStatus status;
    public String reasonCode;
    public Instant changedAt;

    protected ReferralStatusChange() {
    }

    ReferralStatusChange(Referral referral, ReferralStatus status, String reasonCode, Instant changedAt) {
        this.id = UUID.randomUUID();
        this.referral = referral;
        this.status = status;
        this.reasonCode = reasonCode;
        this.changedAt = changedAt;
    }
}
