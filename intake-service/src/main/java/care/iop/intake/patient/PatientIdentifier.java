package care.iop.intake.patient;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.util.UUID;

/** An identifier another system (an EHR) holds for the patient: unique per clinic and system. */
@Entity
public class PatientIdentifier extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public String system;
    public String value;
}
