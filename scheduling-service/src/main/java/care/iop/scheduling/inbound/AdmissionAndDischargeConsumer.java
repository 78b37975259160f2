package care.iop.scheduling.inbound;

import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import care.iop.events.CloudEvent;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.intake.AssessmentCompleted;
import care.iop.events.intake.CoverageAuthorizedV2;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.PatientWaitlisted;
import care.iop.events.intake.ReferralReceived;
import care.iop.events.notes.TreatmentPlanCreated;
import care.iop.events.notes.TreatmentPlanReviewed;
import care.iop.scheduling.authorization.AuthorizationService;
import care.iop.scheduling.billing.BillingService;
import care.iop.scheduling.enrollment.EnrollmentService;
import care.iop.scheduling.patient.KnownPatient;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Intake makes patients known to a clinic (referral, assessment, waitlist, admission, payer authorisation: only
 * known patients are enrolled or booked), admits (enroll and book) and records payer authorisations (kept to warn
 * on bookings and to bill against); clinical notes' treatment plans are kept for billing; aftercare discharges (end the enrollment, release future bookings). Redelivered events are applied
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

    @Inject
    BillingService billing;

    private final EventHandlers intake = EventHandlers.create()
            .on(ReferralReceived.class, (event, data) -> know(event))
            .on(AssessmentCompleted.class, (event, data) -> know(event))
            .on(PatientWaitlisted.class, (event, data) -> know(event))
            .on(PatientAdmitted.class, (event, data) -> {
                know(event);
                enrollments.enroll(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event), data.trackCode(),
                        data.admissionId(), data.admissionDate());
            })
            .on(CoverageAuthorizedV2.class, (event, data) -> {
                know(event);
                authorizations.record(data.coverageId(), EventHandlers.clinicOf(event), EventHandlers.subjectOf(event),
                        data.authorizedUnits(), data.authorizedFrom(), data.authorizedTo(), data.payerRuleSet(),
                        data.authorizationNumber());
                billing.recompute(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event), data.authorizedFrom(),
                        data.authorizedTo());
            });

    private final EventHandlers aftercare = EventHandlers.create()
            .on(PatientDischarged.class, (event, data) -> enrollments.onDischarge(EventHandlers.clinicOf(event),
                    EventHandlers.subjectOf(event), data.dischargeDate()));

    private final EventHandlers notes = EventHandlers.create()
            .on(TreatmentPlanCreated.class, (event, data) -> billing.planCreated(EventHandlers.clinicOf(event),
                    EventHandlers.subjectOf(event), data.planId(), data.planVersion(), data.createdAt(),
                    data.nextReviewDue()))
            .on(TreatmentPlanReviewed.class, (event, data) -> billing.planReviewed(EventHandlers.clinicOf(event),
                    EventHandlers.subjectOf(event), data.planId(), data.planVersion(), data.reviewedAt(),
                    data.nextReviewDue()));

    private static void know(CloudEvent event) {
        KnownPatient.know(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event));
    }

    @Incoming("intake-events")
    @Blocking
    public void onIntakeEvent(String record) {
        applier.apply(CONSUMER, record, intake);
    }

    @Incoming("notes-events")
    @Blocking
    public void onNotesEvent(String record) {
        applier.apply(CONSUMER, record, notes);
    }

    @Incoming("aftercare-events")
    @Blocking
    public void onAftercareEvent(String record) {
        applier.apply(CONSUMER, record, aftercare);
    }
}
