package care.iop.scheduling.session;

import care.iop.events.scheduling.Modality;
import care.iop.events.scheduling.SessionKind;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import care.iop.scheduling.track.Weekday;
import care.iop.scheduling.track.WeeklyPattern;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the session endpoints. */
public final class SessionApi {

    public static final String REASON = "[a-z0-9][a-z0-9.-]{0,63}";
    static final String HTTPS = "https://[^\\s]{1,2000}";

    private SessionApi() {
    }

    /** Which sessions of a series a change or cancellation applies to. */
    @Schema(name = "SeriesScope")
    public enum Scope {
        THIS("this"), FOLLOWING("following");

        private final String value;

        Scope(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    /** One session. With a trackId the track's time zone is used and group capacity defaults to its limit. */
    public record SessionRequest(@NotNull SessionKind kind, UUID trackId, @NotNull LocalDate date,
                                 @NotNull LocalTime startTime,
                                 @NotNull @Min(WeeklyPattern.MIN_DURATION_MINUTES) @Max(WeeklyPattern.MAX_DURATION_MINUTES) Integer durationMinutes,
                                 @Size(max = 64) String timeZone, @NotNull Modality modality, UUID roomId,
                                 @Pattern(regexp = HTTPS) String joinUrl,
                                 @NotNull @Size(min = 1, max = 10) List<@NotNull UUID> facilitatorIds,
                                 @Min(1) @Max(50) Integer capacity) {
    }

    /** A weekly series, materialised a few weeks ahead and then kept ahead by the service. */
    public record SeriesRequest(@NotNull SessionKind kind, UUID trackId,
                                @NotNull @Size(min = 1, max = 7) List<@NotNull Weekday> days,
                                @NotNull LocalTime startTime,
                                @NotNull @Min(WeeklyPattern.MIN_DURATION_MINUTES) @Max(WeeklyPattern.MAX_DURATION_MINUTES) Integer durationMinutes,
                                @Size(max = 64) String timeZone, @NotNull LocalDate firstDate, LocalDate lastDate,
                                @NotNull Modality modality, UUID roomId, @Pattern(regexp = HTTPS) String joinUrl,
                                @NotNull @Size(min = 1, max = 10) List<@NotNull UUID> facilitatorIds,
                                @Min(1) @Max(50) Integer capacity) {
    }

    /**
     * Moves or re-equips a session (scope this) or it and the rest of its series (scope following). Fields left
     * out stay as they are; a new date applies to scope this only.
     */
    public record RescheduleRequest(Scope scope, LocalDate date, LocalTime startTime,
                                    @Min(WeeklyPattern.MIN_DURATION_MINUTES) @Max(WeeklyPattern.MAX_DURATION_MINUTES) Integer durationMinutes,
                                    Modality modality, UUID roomId, @Pattern(regexp = HTTPS) String joinUrl,
                                    @Size(min = 1, max = 10) List<@NotNull UUID> facilitatorIds,
                                    @NotNull @Pattern(regexp = REASON) String reasonCode) {
    }

    public record CancelRequest(Scope scope, @NotNull @Pattern(regexp = REASON) String reasonCode) {
    }

    public record SessionView(UUID id, SessionKind kind, Modality modality, UUID trackId, UUID seriesId, UUID roomId,
                              String joinUrl, List<UUID> facilitatorIds, String timeZone, LocalDate localDate,
                              OffsetDateTime localStart, OffsetDateTime localEnd, Instant startsAt, Instant endsAt,
                              int durationMinutes, int capacity, long booked, long waitlisted, SessionStatus status,
                              String statusReason, boolean detached, long version) {
        public static SessionView of(Session s, long booked, long waitlisted) {
            return new SessionView(s.id, s.kind, s.modality, s.trackId, s.seriesId, s.roomId, s.joinUrl,
                    List.copyOf(s.facilitatorIds), s.timeZone, s.localDate,
                    s.startsAt.atZone(s.zone()).toOffsetDateTime(), s.endsAt.atZone(s.zone()).toOffsetDateTime(),
                    s.startsAt, s.endsAt, s.durationMinutes(), s.capacity, booked, waitlisted, s.status,
                    s.statusReason, s.detached, s.version);
        }
    }

    public record SeriesView(UUID id, SessionKind kind, UUID trackId, List<Weekday> days, LocalTime startTime,
                             int durationMinutes, String timeZone, LocalDate firstDate, LocalDate lastDate,
                             LocalDate materializedUntil, Modality modality, UUID roomId, String joinUrl,
                             List<UUID> facilitatorIds, int capacity, List<SessionView> sessions, long version) {
    }

    /** The result of a change that may touch several sessions of a series. */
    public record ChangeResult(List<SessionView> changed) {
    }
}
