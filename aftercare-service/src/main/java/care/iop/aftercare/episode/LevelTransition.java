package care.iop.aftercare.episode;

import care.iop.events.LevelOfCare;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A move between levels of care within an episode (step-down from residential, into IOP, out to outpatient). */
@Entity
public class LevelTransition extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID episodeId;
    @Enumerated(EnumType.STRING)
    public LevelOfCare fromLevel;
    @Enumerated(EnumType.STRING)
    public LevelOfCare toLevel;
    public LocalDate onDate;
    public String reasonCode;
    public Instant recordedAt;

    public static LevelTransition record(UUID episodeId, LevelOfCare from, LevelOfCare to, LocalDate on, String reason) {
        LevelTransition t = new LevelTransition();
        t.id = UUID.randomUUID();
        t.episodeId = episodeId;
        t.fromLevel = from;
        t.toLevel = to;
        t.onDate = on;
        t.reasonCode = reason;
        t.recordedAt = Instant.now();
        t.persist();
        return t;
    }
}
