package care.iop.scheduling.session;

import care.iop.events.scheduling.Modality;
import care.iop.events.scheduling.SessionKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One session at one time: a group, an individual, family or medication-management visit. The instants are the
 * truth; the time zone and local date say where on the clinic's calendar it falls.
 */
@Entity
public class Session extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID trackId;
    public UUID seriesId;
    @Enumerated(EnumType.STRING)
    public SessionKind kind;
    @Enumerated(EnumType.STRING)
    public Modality modality;
    public UUID roomId;
    public String joinUrl;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<UUID> facilitatorIds = new ArrayList<>();
    public String timeZone;
    public LocalDate localDate;
    public Instant startsAt;
    public Instant endsAt;
    public int capacity;
    @Enumerated(EnumType.STRING)
    public SessionStatus status;
    public String statusReason;
    /** Edited on its own ("this session only"), so later edits of its series leave it alone. */
    public boolean detached;
    public Instant createdAt;
    @Version
    public long version;

    public int durationMinutes() {
        return (int) Duration.between(startsAt, endsAt).toMinutes();
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public boolean isGroup() {
        return isGroup(kind);
    }

    /** Group kinds take many patients up to the group size limit; the others take one. */
    public static final List<SessionKind> GROUP_KINDS = List.of(SessionKind.GROUP_THERAPY, SessionKind.PSYCHOEDUCATION,
            SessionKind.SKILLS_GROUP);

    public static boolean isGroup(SessionKind kind) {
        return GROUP_KINDS.contains(kind);
    }
}
