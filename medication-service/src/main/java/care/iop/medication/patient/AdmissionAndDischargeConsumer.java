package care.iop.medication.patient;

import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.intake.PatientAdmitted;
import care.iop.medication.Patients;
import care.iop.medication.order.MedicationOrder;
import care.iop.medication.order.OrderHistory;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.UUID;

/**
 * Admissions make a patient known to medication; a discharge puts every active order on the discharge-review
 * worklist — never stopped silently, since stopping MAT abruptly is dangerous. Redelivery is applied once.
 */
@ApplicationScoped
public class AdmissionAndDischargeConsumer {

    static final String CONSUMER = "medication-service";
    /** The system, as the actor of changes made on an event's behalf. */
    static final UUID SYSTEM = new UUID(0, 0);

    @Inject
    EventApplier applier;

    @Inject
    Patients patients;

    private final EventHandlers intake = EventHandlers.create()
            .on(PatientAdmitted.class, (event, data) -> {
                UUID clinic = EventHandlers.clinicOf(event);
                UUID patient = EventHandlers.subjectOf(event);
                patients.lock(patient);
                KnownPatient p = known(clinic, patient);
                p.admittedOn = data.admissionDate();
                p.dischargedOn = null;
                // Back in the program: orders carried over are this program's again, reviewed at the next discharge.
                MedicationOrder.<MedicationOrder>list("clinicId = ?1 and patientId = ?2 and status = ?3 and "
                        + "dischargeReview is not null", clinic, patient, MedicationOrder.Status.ACTIVE)
                        .forEach(o -> o.dischargeReview = null);
            });

    private final EventHandlers aftercare = EventHandlers.create()
            .on(PatientDischarged.class, (event, data) -> {
                UUID clinic = EventHandlers.clinicOf(event);
                UUID patient = EventHandlers.subjectOf(event);
                patients.lock(patient);
                known(clinic, patient).dischargedOn = data.dischargeDate();
                MedicationOrder.<MedicationOrder>list("clinicId = ?1 and patientId = ?2 and status = ?3", clinic,
                        patient, MedicationOrder.Status.ACTIVE).forEach(o -> {
                            if (o.dischargeReview != MedicationOrder.DischargeReview.PENDING) {
                                o.dischargeReview = MedicationOrder.DischargeReview.PENDING;
                                OrderHistory.record(o.id, "discharge-review-requested", SYSTEM, null);
                            }
                        });
            });

    @Incoming("intake-events")
    @Blocking
    public void onIntakeEvent(String record) {
        applier.apply(CONSUMER, record, intake);
    }

    @Incoming("aftercare-events")
    @Blocking
    public void onAftercareEvent(String record) {
        applier.apply(CONSUMER, record, aftercare);
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
