package care.iop.notes.note;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.util.UUID;

/** One attendee's individual section of a group note, filed into that patient's record. */
@Entity
public class GroupNoteEntry extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID noteId;
    public UUID clinicId;
    public UUID patientId;
    public String section;
}
