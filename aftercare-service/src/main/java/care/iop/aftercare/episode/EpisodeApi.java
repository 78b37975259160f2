package care.iop.aftercare.episode;

import care.iop.aftercare.discharge.Discharge;
import care.iop.aftercare.discharge.DischargePlan;
import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.MatContinuity;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the episode endpoints. */
public final class EpisodeApi {

    private EpisodeApi() {
    }

    static final String CODE = "[a-z0-9][a-z0-9.-]{0,63}";

    public record TransitionRequest(@NotNull LevelOfCare toLevel, @NotNull LocalDate onDate,
                                    @NotNull @Pattern(regexp = CODE) String reasonCode) {
    }

    public record PlanRequest(@NotNull LocalDate targetDate, @NotNull LevelOfCare stepDownLevel,
                              UUID receivingPartnerId, Instant firstAppointmentAt, MatContinuity matContinuity,
                              @Size(max = 500) String housing, @Size(max = 500) String workSchool,
                              @Size(max = 10) List<@NotBlank @Size(max = 100) String> supportGroups,
                              Boolean alumniGroup) {
    }

    public record DischargeRequest(@NotNull @Min(1) @Max(7) Integer reasonCode, @NotNull LocalDate dischargeDate,
                                   @NotBlank @Size(max = 20_000) String summary, LevelOfCare stepDownLevel,
                                   @Size(max = 64) String timeZone) {
    }

    public record TransitionView(LevelOfCare fromLevel, LevelOfCare toLevel, LocalDate onDate, String reasonCode) {
    }

    public record PlanView(UUID id, LocalDate targetDate, LevelOfCare stepDownLevel, UUID receivingPartnerId,
                           Instant firstAppointmentAt, MatContinuity matContinuity, String housing, String workSchool,
                           List<String> supportGroups, boolean alumniGroup, long version) {
        static PlanView of(DischargePlan p) {
            return p == null ? null : new PlanView(p.id, p.targetDate, p.stepDownLevel, p.receivingPartnerId,
                    p.firstAppointmentAt, p.matContinuity, p.housing, p.workSchool, List.copyOf(p.supportGroups),
                    p.alumniGroup, p.version);
        }
    }

    public record DischargeView(UUID id, int reasonCode, LocalDate dischargeDate, int lengthOfStayDays,
                                LevelOfCare stepDownLevel, String summary) {
        static DischargeView of(Discharge d) {
            return d == null ? null : new DischargeView(d.id, d.reasonCode, d.dischargeDate, d.lengthOfStayDays,
                    d.stepDownLevel, d.summary);
        }
    }

    public record EpisodeView(UUID id, UUID patientId, UUID admissionId, LocalDate openedOn, LocalDate closedOn,
                              Episode.Status status, LevelOfCare currentLevel, List<TransitionView> transitions,
                              PlanView dischargePlan, DischargeView discharge, long version) {
    }

    static EpisodeView view(Episode e) {
        List<TransitionView> transitions = LevelTransition.<LevelTransition>list("episodeId = ?1 order by onDate, "
                + "recordedAt", e.id).stream().map(t -> new TransitionView(t.fromLevel, t.toLevel, t.onDate,
                t.reasonCode)).toList();
        return new EpisodeView(e.id, e.patientId, e.admissionId, e.openedOn, e.closedOn, e.status, e.currentLevel,
                transitions, PlanView.of(DischargePlan.<DischargePlan>find("episodeId", e.id).firstResult()),
                DischargeView.of(Discharge.<Discharge>find("episodeId", e.id).firstResult()), e.version);
    }
}
