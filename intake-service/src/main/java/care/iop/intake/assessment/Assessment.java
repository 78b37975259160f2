package care.iop.intake.assessment;

import care.iop.events.LevelOfCare;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A biopsychosocial assessment with the six dimension ratings and the level of care it led to. */
@Entity
public class Assessment extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public UUID referralId;
    /** The full assessment as submitted (JSON): clinical content, never evented. */
    public String content;
    public int d1;
    public int d2;
    public int d3;
    public int d4;
    public int d5;
    public int d6;
    @Enumerated(EnumType.STRING)
    public LevelOfCare recommendedLevel;
    public String firedRules;
    public String ruleTableVersion;
    @Enumerated(EnumType.STRING)
    public LevelOfCare finalLevel;
    public String finalLevelReason;
    public String assessedBy;
    public Instant completedAt;
    @Version
    public long version;
}
