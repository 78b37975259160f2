package care.iop.notes.note;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** A signed addition to a signed note; append-only, the original stays as it was. */
@Entity
public class Addendum extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID noteId;
    public UUID clinicId;
    public UUID authorId;
    public String text;
    public Instant signedAt;
    public String contentHash;
}
