package care.iop.intake.admission;

import care.iop.events.LevelOfCare;
import care.iop.intake.patient.Patient;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who may be admitted, and which waitlist entries are still in the queue, in plain Java (no CDI, no JPA, no HTTP).
 * {@link AdmissionService} loads the patient and their latest assessment, asks these rules, and turns a refusal into
 * its problem answer; waitlist queries bind {@link #ON_WAITLIST} as a parameter instead of retyping the statuses.
 */
public final class AdmissionRules {

    /** The levels of care this program provides: it is an intensive outpatient program (ASAM level 2.1). */
    public static final Set<LevelOfCare> PROVIDED_LEVELS =
            Collections.unmodifiableSet(EnumSet.of(LevelOfCare.LEVEL_2_1));

    /** Waitlist entries in these statuses are still in their track's queue (and count for positions). */
    public static final Set<WaitlistEntry.Status> ON_WAITLIST =
            Collections.unmodifiableSet(EnumSet.of(WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED));

    /** Why a patient may not be admitted, in the order the rules are checked. */
    public enum Refusal {
        /** The requested level is not one this program provides (422). */
        LEVEL_NOT_PROVIDED,
        /** The patient has no completed assessment (409). */
        NOT_ASSESSED,
        /** The latest assessment ended at another level than the one requested (409). */
        ASSESSED_AT_ANOTHER_LEVEL,
        /** The patient is already admitted (409). */
        ALREADY_ADMITTED
    }

    private AdmissionRules() {
    }

    /**
     * The first reason the patient may not be admitted at {@code requested}, or empty when they may.
     *
     * @param latestFinalLevel the final level of the patient's latest completed assessment; null when there is none
     * @param status           the patient's status now
     */
    public static Optional<Refusal> refusal(LevelOfCare requested, LevelOfCare latestFinalLevel, Patient.Status status) {
        if (!PROVIDED_LEVELS.contains(requested)) {
            return Optional.of(Refusal.LEVEL_NOT_PROVIDED);
        }
        if (latestFinalLevel == null) {
            return Optional.of(Refusal.NOT_ASSESSED);
        }
        if (latestFinalLevel != requested) {
            return Optional.of(Refusal.ASSESSED_AT_ANOTHER_LEVEL);
        }
        if (status == Patient.Status.ACTIVE) {
            return Optional.of(Refusal.ALREADY_ADMITTED);
        }
        return Optional.empty();
    }

    /** True while the entry is in its track's queue: only then may it be offered a place, declined or admitted. */
    public static boolean onWaitlist(WaitlistEntry.Status status) {
        return ON_WAITLIST.contains(status);
    }
}
