package care.iop.medication.patient;

import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.intake.PatientAdmitted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Admissions make a patient known to medication; a discharge puts every active order on the discharge-review
 * worklist ({@link PatientService}). Redelivery is applied once ({@link EventApplier}, which owns each event's
 * transaction).
 */
@ApplicationScoped
public class AdmissionAndDischargeConsumer {

    static final String CONSUMER = "medication-service";

    @Inject
    EventApplier applier;

    @Inject
    PatientService patients;

    private final EventHandlers intake = EventHandlers.create()
            .on(PatientAdmitted.class, (event, data) -> patients.admitted(EventHandlers.clinicOf(event),
                    EventHandlers.subjectOf(event), data.admissionDate()));

    private final EventHandlers aftercare = EventHandlers.create()
            .on(PatientDischarged.class, (event, data) -> patients.discharged(EventHandlers.clinicOf(event),
                    EventHandlers.subjectOf(event), data.dischargeDate()));

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
}
