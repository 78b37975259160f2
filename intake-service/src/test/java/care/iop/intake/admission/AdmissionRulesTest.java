package care.iop.intake.admission;

import care.iop.events.LevelOfCare;
import care.iop.intake.admission.AdmissionRules.Refusal;
import care.iop.intake.patient.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static care.iop.events.LevelOfCare.LEVEL_1;
import static care.iop.events.LevelOfCare.LEVEL_2_1;
import static care.iop.events.LevelOfCare.LEVEL_2_5;
import static care.iop.events.LevelOfCare.LEVEL_3_5;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admission rules, as a table: the program is an intensive outpatient program (ASAM level 2.1, see
 * docs/clinical-reference.md), so it admits at 2.1 only, only after an assessment whose final level was 2.1, and
 * only a patient not already admitted. Reasons are given in the order they are checked.
 */
class AdmissionRulesTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // requested, latest assessment's final level (null: none), patient status, refusal (null: admit)
                Arguments.of(LEVEL_2_1, LEVEL_2_1, Patient.Status.REFERRED, null),
                Arguments.of(LEVEL_2_1, LEVEL_2_1, Patient.Status.WAITLISTED, null),
                Arguments.of(LEVEL_2_1, LEVEL_2_1, Patient.Status.DISCHARGED, null),
                Arguments.of(LEVEL_2_1, LEVEL_2_1, Patient.Status.INACTIVE, null),
                Arguments.of(LEVEL_2_1, LEVEL_2_1, Patient.Status.ACTIVE, Refusal.ALREADY_ADMITTED),
                Arguments.of(LEVEL_2_1, null, Patient.Status.REFERRED, Refusal.NOT_ASSESSED),
                Arguments.of(LEVEL_2_1, LEVEL_2_5, Patient.Status.REFERRED, Refusal.ASSESSED_AT_ANOTHER_LEVEL),
                Arguments.of(LEVEL_2_1, LEVEL_1, Patient.Status.REFERRED, Refusal.ASSESSED_AT_ANOTHER_LEVEL),
                // A level the program does not provide is refused first, whatever the assessment said.
                Arguments.of(LEVEL_2_5, LEVEL_2_5, Patient.Status.REFERRED, Refusal.LEVEL_NOT_PROVIDED),
                Arguments.of(LEVEL_3_5, null, Patient.Status.ACTIVE, Refusal.LEVEL_NOT_PROVIDED),
                // No assessment is reported before "already admitted"; another level likewise.
                Arguments.of(LEVEL_2_1, null, Patient.Status.ACTIVE, Refusal.NOT_ASSESSED),
                Arguments.of(LEVEL_2_1, LEVEL_2_5, Patient.Status.ACTIVE, Refusal.ASSESSED_AT_ANOTHER_LEVEL));
    }

    @ParameterizedTest(name = "admit at {0}, assessed {1}, {2}: {3}")
    @MethodSource("cases")
    void who_may_be_admitted(LevelOfCare requested, LevelOfCare assessed, Patient.Status status, Refusal refusal) {
        assertThat(AdmissionRules.refusal(requested, assessed, status).orElse(null)).isEqualTo(refusal);
    }

    @ParameterizedTest
    @EnumSource(LevelOfCare.class)
    void only_level_2_1_is_provided(LevelOfCare level) {
        boolean provided = AdmissionRules.refusal(level, level, Patient.Status.REFERRED).isEmpty();
        assertThat(provided).isEqualTo(level == LEVEL_2_1);
        assertThat(AdmissionRules.PROVIDED_LEVELS.contains(level)).isEqualTo(level == LEVEL_2_1);
    }

    @ParameterizedTest
    @EnumSource(WaitlistEntry.Status.class)
    void waiting_and_offered_entries_are_in_the_queue(WaitlistEntry.Status status) {
        boolean inQueue = status == WaitlistEntry.Status.WAITING || status == WaitlistEntry.Status.OFFERED;
        assertThat(AdmissionRules.onWaitlist(status)).isEqualTo(inQueue);
        assertThat(AdmissionRules.ON_WAITLIST.contains(status)).isEqualTo(inQueue);
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void every_refusal_can_happen(Refusal refusal) {
        assertThat(cases().map(a -> a.get()[3])).as(Arrays.toString(Refusal.values())).contains(refusal);
    }
}
