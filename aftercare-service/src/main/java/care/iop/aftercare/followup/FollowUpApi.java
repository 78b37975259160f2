package care.iop.aftercare.followup;

import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.RecoveryStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the follow-up endpoints. */
public final class FollowUpApi {

    private FollowUpApi() {
    }

    static final String CODE = "[a-z0-9][a-z0-9.-]{0,63}";

    public record Readmission(@NotNull @Pattern(regexp = CODE) String reasonCode, LevelOfCare requestedLevel) {
    }

    public record OutcomeRequest(@NotNull FollowUpOutcome outcome, @NotNull RecoveryStatus recoveryStatus,
                                 @Min(0) @Max(27) Integer phq9Total, Boolean ietInitiated,
                                 @Min(0) @Max(100) Integer ietEngagementVisits, @Valid Readmission requestReadmission) {
    }

    public record FollowUpView(UUID id, UUID patientId, UUID episodeId, String kind, LocalDate dueDate,
                               String timeZone, FollowUp.Status status, boolean overdue, FollowUpOutcome outcome,
                               RecoveryStatus recoveryStatus, Integer phq9Total, Boolean ietInitiated,
                               Integer ietEngagementVisits, Instant completedAt, long version) {
        static FollowUpView of(FollowUp f) {
            boolean overdue = f.status != FollowUp.Status.COMPLETED
                    && f.dueDate.isBefore(LocalDate.now(ZoneId.of(f.timeZone)));
            return new FollowUpView(f.id, f.patientId, f.episodeId, f.kind, f.dueDate, f.timeZone, f.status, overdue,
                    f.outcome, f.recoveryStatus, f.phq9Total, f.ietInitiated, f.ietEngagementVisits, f.completedAt,
                    f.version);
        }
    }

    public record FlagItem(UUID flagId, UUID patientId, BigDecimal score, Instant flaggedAt) {
    }

    public record Worklist(List<FollowUpView> followUps, List<FlagItem> riskFlags) {
    }

    public record ReadmissionView(UUID id, UUID patientId, UUID followUpId, String reasonCode,
                                  LevelOfCare requestedLevel, Instant requestedAt) {
        static ReadmissionView of(ReadmissionRequest r) {
            return new ReadmissionView(r.id, r.patientId, r.followUpId, r.reasonCode, r.requestedLevel, r.requestedAt);
        }
    }
}
