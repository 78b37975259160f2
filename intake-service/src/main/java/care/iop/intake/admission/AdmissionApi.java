package care.iop.intake.admission;

import care.iop.events.LevelOfCare;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Request and response shapes of admission and the waitlist. */
public final class AdmissionApi {

    /** A track code: upper-case letters, digits and hyphens. */
    public static final String TRACK = "[A-Z0-9][A-Z0-9-]{0,31}";

    private AdmissionApi() {
    }

    public record AdmissionRequest(@NotNull UUID patientId, UUID referralId,
                                   @NotNull @Pattern(regexp = TRACK) String trackCode,
                                   @NotNull LevelOfCare levelOfCare, @NotNull LocalDate admissionDate,
                                   @NotNull UUID primaryCounselorId, UUID coverageId) {
    }

    public record AdmissionView(UUID id, UUID patientId, UUID referralId, String trackCode, LevelOfCare levelOfCare,
                                LocalDate admissionDate, UUID primaryCounselorId, UUID coverageId, long version) {
        static AdmissionView of(Admission a) {
            return new AdmissionView(a.id, a.patientId, a.referralId, a.trackCode, a.levelOfCare, a.admissionDate,
                    a.primaryCounselorId, a.coverageId, a.version);
        }
    }

    public record WaitlistRequest(@NotNull UUID patientId, UUID referralId,
                                  @NotNull @Pattern(regexp = TRACK) String trackCode, LocalDate expectedStart) {
    }

    public record Decline(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,63}") String reasonCode) {
    }

    public record WaitlistView(UUID id, UUID patientId, UUID referralId, String trackCode, Integer position,
                               Instant addedAt, LocalDate expectedStart, WaitlistEntry.Status status,
                               Instant offeredAt, long version) {
        /** {@code position} in the track's queue, 1 first; null when the entry is no longer waiting. */
        static WaitlistView of(WaitlistEntry w, Integer position) {
            return new WaitlistView(w.id, w.patientId, w.referralId, w.trackCode, position, w.addedAt, w.expectedStart,
                    w.status, w.offeredAt, w.version);
        }
    }
}
