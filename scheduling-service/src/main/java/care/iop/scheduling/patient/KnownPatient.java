package care.iop.scheduling.patient;

import care.iop.common.problem.ProblemException;
import care.iop.events.EventType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A patient intake told this clinic about (referred, assessed, waitlisted, admitted, authorised by a payer).
 * Scheduling enrolls and books only known patients, so a random id or another clinic's patient is a 404 here.
 */
@Entity
@IdClass(KnownPatient.Key.class)
public class KnownPatient extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID clinicId;
        public UUID patientId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clinicId, k.clinicId) && Objects.equals(patientId, k.patientId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clinicId, patientId);
        }
    }

    @Id
    public UUID clinicId;
    @Id
    public UUID patientId;
    public Instant firstSeen;

    /** Makes the patient known to the clinic; knowing them again changes nothing. */
    public static void know(UUID clinicId, UUID patientId) {
        getEntityManager().createNativeQuery("insert into known_patient (clinic_id, patient_id, first_seen) "
                        + "values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, clinicId).setParameter(2, patientId).setParameter(3, Instant.now()).executeUpdate();
    }

    public static boolean known(UUID clinicId, UUID patientId) {
        return count("clinicId = ?1 and patientId = ?2", clinicId, patientId) > 0;
    }

    /**
     * The patient is known to the clinic, or 409 awaiting {@code awaitedEvent} (with Retry-After): intake may have
     * told us nothing yet because its event is still on its way. Another clinic's patient gets the same answer as
     * an id nobody knows, so nothing about other clinics is revealed.
     */
    public static void require(UUID clinicId, UUID patientId, EventType awaitedEvent) {
        if (!known(clinicId, patientId)) {
            throw ProblemException.awaiting(awaitedEvent.type(),
                    "Intake has not told this clinic about the patient yet");
        }
    }
}
