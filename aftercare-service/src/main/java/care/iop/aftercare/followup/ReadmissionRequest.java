package care.iop.aftercare.followup;

import care.iop.events.LevelOfCare;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** Aftercare asking intake to take a patient back (intake opens a referral from the event). */
@Entity
public class ReadmissionRequest extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public UUID followUpId;
    public String reasonCode;
    @Enumerated(EnumType.STRING)
    public LevelOfCare requestedLevel;
    public UUID requestedBy;
    public Instant requestedAt;
}
