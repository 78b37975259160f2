package care.iop.notes.patient;

import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.scheduling.SessionAttended;
import care.iop.notes.due.DueService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * Admissions (intake) make a patient known here and start the clock on the initial treatment plan; attendance
 * (scheduling) makes a note due. Redelivered events are applied once ({@link EventApplier}, which owns each event's
 * transaction; the handlers call the services).
 */
@ApplicationScoped
public class ClinicalEventsConsumer {

    static final String CONSUMER = "clinical-notes-service";

    @Inject
    EventApplier applier;

    @Inject
    PatientService patients;

    @Inject
    DueService due;

    private final EventHandlers intake = EventHandlers.create()
            .on(PatientAdmitted.class, (event, data) -> {
                UUID clinic = EventHandlers.clinicOf(event);
                UUID patient = EventHandlers.subjectOf(event);
                patients.know(clinic, patient).admittedOn = data.admissionDate();
                due.initialPlanDue(clinic, patient, data.admissionId(), data.admissionDate());
            });

    private final EventHandlers scheduling = EventHandlers.create()
            .on(SessionAttended.class, (event, data) -> {
                UUID clinic = EventHandlers.clinicOf(event);
                UUID patient = EventHandlers.subjectOf(event);
                patients.know(clinic, patient);
                due.attended(clinic, patient, data);
            });

    @Incoming("intake-events")
    @Blocking
    public void onIntakeEvent(String record) {
        applier.apply(CONSUMER, record, intake);
    }

    @Incoming("scheduling-events")
    @Blocking
    public void onSchedulingEvent(String record) {
        applier.apply(CONSUMER, record, scheduling);
    }
}
