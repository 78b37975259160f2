package care.iop.notes.patient;

import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.scheduling.SessionAttended;
import care.iop.notes.NotesConfig;
import care.iop.notes.due.AttendedSession;
import care.iop.notes.plan.PlanDue;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.UUID;

/**
 * Admissions (intake) make a patient known here and start the clock on the initial treatment plan; attendance
 * (scheduling) makes a note due. Redelivered events are applied once.
 */
@ApplicationScoped
public class ClinicalEventsConsumer {

    static final String CONSUMER = "clinical-notes-service";

    @Inject
    EventApplier applier;

    @Inject
    NotesConfig config;

    private final EventHandlers intake = EventHandlers.create()
            .on(PatientAdmitted.class, (event, data) -> {
                UUID clinic = EventHandlers.clinicOf(event);
                UUID patient = EventHandlers.subjectOf(event);
                KnownPatient known = know(clinic, patient);
                known.admittedOn = data.admissionDate();
                if (PlanDue.count("admissionId", data.admissionId()) == 0) {
                    PlanDue due = new PlanDue();
                    due.clinicId = clinic;
                    due.patientId = patient;
                    due.admissionId = data.admissionId();
                    due.admittedOn = data.admissionDate();
                    due.dueAt = data.admissionDate().atStartOfDay(ZoneOffset.UTC).toInstant()
                            .plus(config.initialPlanWithin());
                    due.persist();
                }
            });

    private final EventHandlers scheduling = EventHandlers.create()
            .on(SessionAttended.class, (event, data) -> {
                UUID clinic = EventHandlers.clinicOf(event);
                UUID patient = EventHandlers.subjectOf(event);
                know(clinic, patient);
                AttendedSession a = AttendedSession.<AttendedSession>find("sessionId = ?1 and patientId = ?2",
                        data.sessionId(), patient).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                        .orElse(null);
                if (a == null) {
                    a = new AttendedSession();
                    a.id = UUID.randomUUID();
                    a.clinicId = clinic;
                    a.sessionId = data.sessionId();
                    a.patientId = patient;
                }
                // A corrected attendance replaces the figures; the due time stays tied to the session.
                a.sessionKind = data.kind();
                a.minutesAttended = data.minutesAttended();
                a.sessionStartsAt = data.sessionStartsAt();
                a.facilitatorIds = new ArrayList<>(data.facilitatorIds());
                a.dueAt = data.sessionStartsAt().plus(config.signWithin());
                a.persist();
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

    private static KnownPatient know(UUID clinic, UUID patient) {
        KnownPatient known = KnownPatient.<KnownPatient>find("clinicId = ?1 and patientId = ?2", clinic, patient)
                .firstResultOptional().orElse(null);
        if (known == null) {
            known = new KnownPatient();
            known.clinicId = clinic;
            known.patientId = patient;
            known.firstSeen = Instant.now();
            known.persist();
        }
        return known;
    }
}
