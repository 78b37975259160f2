package care.iop.notes.note;

import care.iop.events.notes.NoteFormat;
import care.iop.events.notes.NoteKind;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A clinical note. Progress and psychotherapy notes belong to one patient; a group note has no patient of its own
 * (its narrative is shared) and one {@link GroupNoteEntry} per attendee. Once signed, nothing here changes: the
 * database refuses it too.
 */
@Entity
public class Note extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    @Enumerated(EnumType.STRING)
    public NoteKind kind;
    @Enumerated(EnumType.STRING)
    public NoteFormat format;
    public UUID sessionId;
    public UUID authorId;
    @Enumerated(EnumType.STRING)
    public NoteStatus status;
    /** Format sections by name; for a group note the single section {@code narrative}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> sections = new LinkedHashMap<>();
    @JdbcTypeCode(SqlTypes.JSON)
    public MentalStatus mentalStatus;
    @JdbcTypeCode(SqlTypes.JSON)
    public Risk risk;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> interventions = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<UUID> objectivesAddressed = new ArrayList<>();
    public LocalDate serviceDate;
    /** The text full-text search indexes (the database derives the tsvector). */
    public String searchText;
    public Instant signedAt;
    public String contentHash;
    public boolean late;
    public boolean coSignRequired;
    public UUID coSignedBy;
    public Instant coSignedAt;
    public Instant createdAt;
    public Instant updatedAt;
    @Version
    public long version;

    public boolean isPsychotherapy() {
        return kind == NoteKind.PSYCHOTHERAPY;
    }
}
