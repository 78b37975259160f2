package care.iop.intake.readmission;

import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import care.iop.events.aftercare.ReadmissionRequested;
import care.iop.intake.referral.ReferralService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/** Aftercare found a relapse and asks for readmission: intake opens a new referral (source aftercare). */
@ApplicationScoped
public class AftercareEventsConsumer {

    @Inject
    EventApplier applier;

    @Inject
    ReferralService referrals;

    private final EventHandlers handlers = EventHandlers.create()
            .on(ReadmissionRequested.class, (event, data) -> referrals.receiveReadmission(
                    UUID.fromString(event.clinicid()), UUID.fromString(event.subject()), data.reasonCode()));

    @Incoming("aftercare-events")
    @Blocking
    public void onEvent(String record) {
        applier.apply("intake-service", record, handlers);
    }
}
