package care.iop.aftercare.discharge;

import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.MatContinuity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** How a patient will leave the program and what waits for them after it. */
@Entity
public class DischargePlan extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID episodeId;
    public UUID clinicId;
    public UUID patientId;
    public LocalDate targetDate;
    @Enumerated(EnumType.STRING)
    public LevelOfCare stepDownLevel;
    public UUID receivingPartnerId;
    /** The first appointment after discharge, so HEDIS IET initiation within 14 days can be tracked. */
    public Instant firstAppointmentAt;
    @Enumerated(EnumType.STRING)
    public MatContinuity matContinuity;
    public String housing;
    public String workSchool;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> supportGroups = new ArrayList<>();
    public boolean alumniGroup;
    public Instant updatedAt;
    @Version
    public long version;
}
