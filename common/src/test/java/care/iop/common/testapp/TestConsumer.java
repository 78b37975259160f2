package care.iop.common.testapp;

import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.concurrent.atomic.AtomicInteger;

/** Applies the test app's widget events to consumer_effect; a widget code of FAIL-nnn makes the handler fail. */
@ApplicationScoped
public class TestConsumer {

    public static final AtomicInteger ATTEMPTS_ON_FAILING_EVENT = new AtomicInteger();

    @Inject
    EventApplier applier;

    @Inject
    EntityManager em;

    private final EventHandlers handlers = EventHandlers.create()
            .on(WidgetEvents.DATA_CLASS, (event, data) -> {
                if (WidgetEvents.isFailing(data)) {
                    ATTEMPTS_ON_FAILING_EVENT.incrementAndGet();
                    throw new IllegalStateException("handler failure for a test");
                }
                em.createNativeQuery("INSERT INTO consumer_effect (event_id, subject, total) VALUES (?1, ?2, ?3)")
                        .setParameter(1, event.id())
                        .setParameter(2, java.util.UUID.fromString(event.subject()))
                        .setParameter(3, WidgetEvents.number(data))
                        .executeUpdate();
            });

    @Incoming("test-in")
    @Blocking
    public void onEvent(String record) {
        applier.apply("common-test", record, handlers);
    }
}
