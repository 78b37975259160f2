package care.iop.common.testapp;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.LocalDate;
import java.util.UUID;

/** A test-only clinic-owned resource exercising the common machinery end to end. */
@Entity
public class Widget extends PanacheEntityBase {

    public enum Status { DRAFT, ACTIVE, RETIRED }

    public enum Colour { RED, GREEN, BLUE }

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public String code;
    @Enumerated(EnumType.STRING)
    public Colour colour;
    public LocalDate dueDate;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Version
    public long version;
}
