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

import care.iop.scheduling.track.WeeklyPattern;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** A weekly series whose sessions are materialised a few weeks ahead, up to its last date if it has one. */
@Entity
public class Series extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID trackId;
    @Enumerated(EnumType.STRING)
    public SessionKind kind;
    @Enumerated(EnumType.STRING)
    public Modality modality;
    public UUID roomId;
    public String joinUrl;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<UUID> facilitatorIds = new ArrayList<>();
    public String timeZone;
    public String days;
    public LocalTime startTime;
    public int durationMinutes;
    public int capacity;
    public LocalDate firstDate;
    public LocalDate lastDate;
    public LocalDate materializedUntil;
    public Instant createdAt;
    @Version
    public long version;

    public List<DayOfWeek> daysOfWeek() {
        return Arrays.stream(days.split(",")).map(DayOfWeek::valueOf).sorted().toList();
    }

    public void assignDays(List<DayOfWeek> list) {
        days = list.stream().distinct().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    public WeeklyPattern pattern() {
        return new WeeklyPattern(EnumSet.copyOf(daysOfWeek()), startTime, durationMinutes, ZoneId.of(timeZone));
    }
}
