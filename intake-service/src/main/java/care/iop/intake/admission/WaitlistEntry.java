package care.iop.intake.admission;

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
public class WaitlistEntry extends PanacheEntityBase {

    public enum Status { WAITING, OFFERED, ADMITTED, DECLINED }

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public UUID referralId;
    public String trackCode;
    public Instant addedAt;
    public LocalDate expectedStart;
    @Enumerated(EnumType.STRING)
    public Status status;
    public Instant offeredAt;
    @Version
    public long version;
}
