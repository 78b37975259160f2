package care.iop.events.aftercare;

import care.iop.events.EventData;
import care.iop.events.LevelOfCare;
import care.iop.events.Nullable;

import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.aftercare.patient.discharged.v1}: A patient was discharged from the program. Key (subject): the
 * patient id.
 */
public record PatientDischarged(
        UUID dischargeId,
        UUID episodeId,
        int reasonCode,
        LocalDate dischargeDate,
        int lengthOfStayDays,
        @Nullable LevelOfCare stepDownLevel) implements EventData {
}
