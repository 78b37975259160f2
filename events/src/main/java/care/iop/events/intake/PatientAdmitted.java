package care.iop.events.intake;

import care.iop.events.EventData;
import care.iop.events.LevelOfCare;

import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.intake.patient.admitted.v1}: A patient was admitted to a program track. Key (subject): the
 * patient id.
 */
public record PatientAdmitted(
        UUID admissionId,
        String trackCode,
        LevelOfCare levelOfCare,
        LocalDate admissionDate,
        UUID primaryCounselorId) implements EventData {
}
