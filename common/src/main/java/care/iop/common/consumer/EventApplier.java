package care.iop.common.consumer;

import care.iop.common.config.IopConfig;
import care.iop.common.problem.TransientFailures;
import care.iop.common.request.RequestIds;
import care.iop.common.transaction.ConflictRetry;
import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.List;
import java.util.Optional;

/**
 * Applies consumed events exactly once per consumer. Each attempt is one transaction holding both the effect
 * and the event's id in {@code processed_event}: a redelivered event finds its id and does nothing. A failing
 * handler is retried with exponential backoff; after the last attempt (or at once, for a record that is not a
 * valid event) an {@link EventRejectedException} is thrown so the channel's {@code dead-letter-queue} failure
 * strategy moves the record to {@code <topic>.dlq} with the reason, and the consumer goes on with the next.
 *
 * <pre>{@code
 * @Incoming("intake-events") @Blocking
 * public void onIntakeEvent(String record) {
 *     applier.apply("scheduling", record, handlers);
 * }
 * }</pre>
 */
@ApplicationScoped
public class EventApplier {

    private static final Logger LOG = Logger.getLogger(EventApplier.class);
    private static final Duration MAX_TRANSIENT_BACKOFF = Duration.ofSeconds(5);

    @Inject
    EntityManager em;

    @Inject
    IopConfig config;

    /**
     * Applies one record; returns true if it had an effect, false if it was a duplicate or not for us. Runs in
     * a request context of its own (handlers use request-scoped beans such as the audit log's caller).
     */
    @ActivateRequestContext
    public boolean apply(String consumer, String record, EventHandlers handlers) {
        CloudEvent event = parse(record);
        if (!handlers.handles(event.type())) {
            return false; // another consumer's business, or a newer type this consumer does not know yet
        }
        List<String> errors = EventSchemas.validateData(event.type(), event.data());
        if (!errors.isEmpty()) {
            throw new EventRejectedException("event " + event.id() + " of type " + event.type() + " does not match its "
                    + "schema: " + errors.size() + " errors, first at " + errors.get(0).split(":")[0]);
        }
        Optional<Runnable> handler = handlers.handlerFor(event);
        if (handler.isEmpty()) {
            return false;
        }
        boolean[] applied = {false};
        RequestIds.runWith(event.requestid(), () -> applied[0] = applyWithRetries(consumer, event, handler.get()));
        return applied[0];
    }

    private boolean applyWithRetries(String consumer, CloudEvent event, Runnable handler) {
        Duration backoff = config.consumer().initialBackoff();
        int maxAttempts = config.consumer().maxAttempts();
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    if (!markProcessed(consumer, event)) {
                        return false;
                    }
                    handler.run();
                    return true;
                });
            } catch (RuntimeException e) {
                String failure = describe(e);
                if (TransientFailures.anyInChain(e) || ConflictRetry.isConflict(e)) {
                    // The database is away or a concurrent transaction won a race (optimistic lock, serialisation,
                    // deadlock): waiting keeps this partition's order; dead-lettering would lose the effect.
                    LOG.warnf("%s waits for the database before event %s (%s): %s", consumer, event.id(), event.type(),
                            failure);
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_TRANSIENT_BACKOFF) > 0 ? MAX_TRANSIENT_BACKOFF
                            : backoff.multipliedBy(2);
                    attempt--;
                    continue;
                }
                if (attempt >= maxAttempts) {
                    LOG.errorf("%s gives up on event %s (%s) after %d attempts: %s", consumer, event.id(),
                            event.type(), attempt, failure);
                    throw new EventRejectedException("event " + event.id() + " of type " + event.type()
                            + " failed " + attempt + " times in " + consumer + ": " + failure);
                }
                LOG.warnf("%s failed on event %s (%s), attempt %d, retrying in %s: %s", consumer, event.id(),
                        event.type(), attempt, backoff, failure);
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** True if this consumer had not yet applied the event (the row is written in the effect's transaction). */
    private boolean markProcessed(String consumer, CloudEvent event) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO processed_event (consumer, event_id, event_type) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                ps.setString(1, consumer);
                ps.setString(2, event.id());
                ps.setString(3, event.type());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The envelope only: the data is checked once we know this consumer handles the type. */
    private static CloudEvent parse(String record) {
        if (record == null) {
            throw new EventRejectedException("empty record (tombstone)");
        }
        CloudEvent event;
        try {
            event = EventJson.parse(record);
        } catch (RuntimeException e) {
            throw new EventRejectedException("record is not JSON");
        }
        if (event.id() == null || event.type() == null || event.subject() == null || event.data() == null) {
            throw new EventRejectedException("record is not a CloudEvent (id, type, subject and data are required)");
        }
        if (!isUuid(event.subject()) || (event.clinicid() != null && !isUuid(event.clinicid()))) {
            throw new EventRejectedException("subject and clinicid must be uuids");
        }
        return event;
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Exception classes and SQL states only (handler exception messages may quote data), plus our own codes. */
    private static String describe(Throwable e) {
        String ours = e instanceof EventRejectedException || e instanceof care.iop.common.problem.ProblemException
                ? " (" + e.getMessage() + ")" : "";
        return care.iop.common.problem.SafeTrace.summary(e) + ours;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventRejectedException("interrupted while retrying");
        }
    }
}
