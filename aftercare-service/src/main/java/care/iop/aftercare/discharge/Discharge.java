package care.iop.aftercare.discharge;

import care.iop.events.LevelOfCare;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The discharge: TEDS-D reason (1–7), date, length of stay, and a summary that is stored but never evented. */
@Entity
public class Discharge extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID episodeId;
    public UUID clinicId;
    public UUID patientId;
    public int reasonCode;
    public LocalDate dischargeDate;
    public int lengthOfStayDays;
    @Enumerated(EnumType.STRING)
    public LevelOfCare stepDownLevel;
    public String summary;
    public String timeZone;
    public UUID recordedBy;
    public Instant recordedAt;
}
