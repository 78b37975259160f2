package care.iop.medication.patient;

import care.iop.medication.Patients;
import care.iop.medication.order.OrderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What intake's admissions and aftercare's discharges change here, in the event consumer's transaction
 * ({@code EventApplier} owns it): the patient becomes known to the clinic, and their orders go to the discharge
 * review at a discharge (never stopped silently, since stopping MAT abruptly is dangerous) and back to the program
 * at a readmission.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PatientService {

    /** The system, as the actor of changes made on an event's behalf. */
    static final UUID SYSTEM = new UUID(0, 0);

    @Inject
    Patients patients;

    @Inject
    OrderService orders;

    public void admitted(UUID clinicId, UUID patientId, LocalDate admissionDate) {
        patients.lock(patientId);
        KnownPatient p = known(clinicId, patientId);
        p.admittedOn = admissionDate;
        p.dischargedOn = null;
        orders.returnedToProgram(clinicId, patientId);
    }

    public void discharged(UUID clinicId, UUID patientId, LocalDate dischargeDate) {
        patients.lock(patientId);
        known(clinicId, patientId).dischargedOn = dischargeDate;
        orders.dischargeReviewRequested(clinicId, patientId, SYSTEM);
    }

    private static KnownPatient known(UUID clinic, UUID patient) {
        KnownPatient p = KnownPatient.<KnownPatient>find("clinicId = ?1 and patientId = ?2", clinic, patient)
                .firstResultOptional().orElse(null);
        if (p == null) {
            p = new KnownPatient();
            p.clinicId = clinic;
            p.patientId = patient;
            p.firstSeen = Instant.now();
            p.persist();
        }
        return p;
    }
}
