package care.iop.common.outbox;

import care.iop.common.config.IopConfig;
import care.iop.common.request.RequestIds;
import care.iop.events.CloudEvent;
import care.iop.events.EventData;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Records an event in the caller's transaction: it is published if and only if the transaction commits.
 * Calling it outside a transaction is a programming error.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EntityManager em;

    @Inject
    IopConfig config;

    /**
     * Takes the per-key ordering locks for several keys at once, in one global order (by hash), before a
     * transaction publishes events for all of them; taking them one by one in data order could deadlock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockKeys(java.util.Collection<UUID> keys) {
        if (keys.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> OutboxStatements.lockKeys(c, keys.stream().map(UUID::toString).toList()));
    }

    /**
     * @param subject  the patient the event is about (the Kafka key), or the resource id for events about no
     *                 single patient
     * @param clinicId the owning clinic, or null
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(EventData data, UUID subject, UUID clinicId) {
        EventType type = EventType.forDataClass(data.getClass());
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                "/iop/" + config.serviceName(), type.type(), subject.toString(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), "application/json",
                clinicId == null ? null : clinicId.toString(), RequestIds.current(), EventJson.toJsonNode(data));
        String payload = EventJson.write(event);
        if (config.events().validate()) {
            List<String> errors = EventSchemas.validate(EventJson.parseTree(payload));
            if (!errors.isEmpty()) {
                throw new IllegalStateException("event " + type.type() + " does not match its schema: " + errors);
            }
        }
        em.unwrap(Session.class).doWork(c -> OutboxStatements.insert(c, UUID.fromString(event.id()), type.topic(),
                event.subject(), type.type(), payload));
        return event;
    }
}
