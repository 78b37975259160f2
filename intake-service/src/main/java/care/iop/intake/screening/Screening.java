package care.iop.intake.screening;

import care.iop.events.intake.ScreeningInstrument;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

@Entity
public class Screening extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    @Enumerated(EnumType.STRING)
    public ScreeningInstrument instrument;
    /** Item answers as comma-separated values: kept in the record, never evented. */
    public String answers;
    /** C-SSRS only: when the question 6 behaviour happened, given when question 6 is "yes". */
    @Enumerated(EnumType.STRING)
    public CssrsRecency cssrsRecency;
    public int total;
    public String band;
    /** Comma-separated flag codes. */
    public String flags;
    public boolean requiresAck;
    public String acknowledgedBy;
    public Instant acknowledgedAt;
    public String acknowledgementAction;
    public Instant completedAt;
    @Version
    public long version;
}
