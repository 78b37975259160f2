package care.iop.intake.readmission;

import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.aftercare.ReadmissionRequested;
import care.iop.intake.admission.AdmissionService;
import care.iop.intake.referral.ReferralService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * What intake learns from aftercare: a discharge ends the patient's admission (status discharged, so they can be
 * admitted again), and a readmission request opens a new referral (source aftercare). Both travel on the aftercare
 * topic keyed by the patient, so a discharge is applied before the readmission request that follows it.
 */
@ApplicationScoped
public class AftercareEventsConsumer {

    @Inject
    EventApplier applier;

    @Inject
    ReferralService referrals;

    @Inject
    AdmissionService admissions;

    private final EventHandlers handlers = EventHandlers.create()
            .on(PatientDischarged.class, (event, data) -> admissions.discharged(UUID.fromString(event.clinicid()),
                    UUID.fromString(event.subject()), data.dischargeDate()))
            .on(ReadmissionRequested.class, (event, data) -> referrals.receiveReadmission(
                    UUID.fromString(event.clinicid()), UUID.fromString(event.subject()), data.reasonCode()));

    @Incoming("aftercare-events")
    @Blocking
    public void onEvent(String record) {
        applier.apply("intake-service", record, handlers);
    }
}
