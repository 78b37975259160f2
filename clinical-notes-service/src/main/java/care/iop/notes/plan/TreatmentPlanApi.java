package care.iop.notes.plan;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the treatment-plan endpoints. */
public final class TreatmentPlanApi {

    private TreatmentPlanApi() {
    }

    public record PlanRequest(@NotNull @Valid PlanContent content, @NotNull Boolean patientParticipated,
                              Instant patientSignedAt) {
    }

    public record ReviewRating(@NotNull UUID objectiveId, @NotNull PlanContent.Rating rating,
                               @Size(max = 2000) String comment) {
    }

    public record ReviewRequest(@NotEmpty @Size(max = 50) List<@NotNull @Valid ReviewRating> ratings,
                                @Size(max = 4000) String summary) {
    }

    public record VersionView(int planVersion, PlanContent content, boolean patientParticipated,
                              Instant patientSignedAt, UUID createdBy, Instant createdAt) {
        static VersionView of(TreatmentPlanVersion v) {
            return new VersionView(v.planVersion, v.content, v.patientParticipated, v.patientSignedAt, v.createdBy,
                    v.createdAt);
        }
    }

    public record ReviewView(UUID id, int planVersion, UUID reviewedBy, Instant reviewedAt,
                             List<TreatmentPlanReview.ObjectiveRating> ratings, String summary,
                             LocalDate nextReviewDue) {
        static ReviewView of(TreatmentPlanReview r) {
            return new ReviewView(r.id, r.planVersion, r.reviewedBy, r.reviewedAt, r.ratings, r.summary,
                    r.nextReviewDue);
        }
    }

    public record PlanView(UUID id, UUID patientId, int currentVersion, LocalDate nextReviewDue,
                           VersionView current, ReviewView lastReview, long version) {
    }
}
