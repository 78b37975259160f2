package care.iop.scheduling.inbound;

import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import care.iop.events.CloudEvent;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.intake.AssessmentCompleted;
import care.iop.events.intake.CoverageAuthorized;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.PatientWaitlisted;
import care.iop.events.intake.ReferralReceived;
import care.iop.scheduling.authorization.AuthorizationService;
import care.iop.scheduling.enrollment.EnrollmentService;
import care.iop.scheduling.patient.KnownPatient;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Intake makes patients known to a clinic (referral, assessment, waitlist, admission, payer authorisation: only
 * known patients are enrolled or booked), admits (enroll and book) and records payer authorisations (kept to warn
 * on bookings); aftercare discharges (end the enrollment, release future bookings). Redelivered events are applied
 * once. This adapter sits above the features it feeds (see {@link care.iop.scheduling.FeatureOrder}).
 */
@ApplicationScoped
public class AdmissionAndDischargeConsumer {

    static final String CONSUMER = "scheduling-service";

    @Inject
    EventApplier applier;

    @Inject
    EnrollmentService enrollments;

    @Inject
    AuthorizationService authorizations;

    private final EventHandlers intake = EventHandlers.create()
            .on(ReferralReceived.class, (event, data) -> know(event))
            .on(AssessmentCompleted.class, (event, data) -> know(event))
            .on(PatientWaitlisted.class, (event, data) -> know(event))
            .on(PatientAdmitted.class, (event, data) -> {
                know(event);
                enrollments.enroll(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event), data.trackCode(),
                        data.admissionId(), data.admissionDate());
            })
            .on(CoverageAuthorized.class, (event, data) -> {
                know(event);
                authorizations.record(data.coverageId(), EventHandlers.clinicOf(event), EventHandlers.subjectOf(event),
                        data.authorizedUnits(), data.authorizedFrom(), data.authorizedTo());
            });

    private final EventHandlers aftercare = EventHandlers.create()
            .on(PatientDischarged.class, (event, data) -> enrollments.onDischarge(EventHandlers.clinicOf(event),
                    EventHandlers.subjectOf(event), data.dischargeDate()));

    private static void know(CloudEvent event) {
        KnownPatient.know(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event));
    }

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
