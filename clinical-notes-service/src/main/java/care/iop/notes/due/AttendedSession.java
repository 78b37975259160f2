package care.iop.notes.due;

import care.iop.events.scheduling.SessionKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A patient's attendance at a session (from scheduling): it needs a signed note by {@code dueAt}. */
@Entity
public class AttendedSession extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID sessionId;
    public UUID patientId;
    @Enumerated(EnumType.STRING)
    public SessionKind sessionKind;
    public int minutesAttended;
    public Instant sessionStartsAt;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<UUID> facilitatorIds = new ArrayList<>();
    public Instant dueAt;
    /** The signed note that covers this attendance; null while one is due. */
    public UUID noteId;
    public boolean overdueNotified;
}
