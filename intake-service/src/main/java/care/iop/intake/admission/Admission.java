package care.iop.intake.admission;

import care.iop.events.LevelOfCare;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Entity
public class Admission extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public UUID referralId;
    public String trackCode;
    @Enumerated(EnumType.STRING)
    public LevelOfCare levelOfCare;
    public LocalDate admissionDate;
    public UUID primaryCounselorId;
    public UUID coverageId;
    public Instant createdAt;
    @Version
    public long version;
}
