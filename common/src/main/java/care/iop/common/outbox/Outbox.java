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
     * @param subject  the patient the event is about (the Kafka key), or the resource id for events about no
     *                 single patient
     * @param clinicId the owning clinic, or null
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(EventData data, UUID subject, UUID clinicId) {
        EventType type = EventType.forDataClass(data.getClass());
        CloudEvent event = envelope(type, data, subject, clinicId);
        String payload = checkedPayload(type, event);
        em.unwrap(Session.class).doWork(c -> OutboxStatements.insert(c, UUID.fromString(event.id()), type.topic(),
                event.subject(), type.type(), payload));
        return event;
    }

    /** An event for {@link #publishUnordered}: its data, the Kafka key and the owning clinic (or null). */
    public record Unordered(EventData data, UUID subject, UUID clinicId) {
    }

    /**
     * Records events in one batch without the per-key ordering lock: for events with no order to keep between
     * transactions that overlap in time (records of accesses: two reads of one patient at once happened in no order).
     * Events of transactions that followed one another still reach the topic in that order, because a transaction
     * begun after another committed draws later ids, and the relay publishes in id order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishUnordered(List<Unordered> events) {
        if (events.isEmpty()) {
            return;
        }
        List<OutboxStatements.UnorderedRow> rows = events.stream().map(e -> {
            EventType type = EventType.forDataClass(e.data().getClass());
            CloudEvent event = envelope(type, e.data(), e.subject(), e.clinicId());
            return new OutboxStatements.UnorderedRow(UUID.fromString(event.id()), type.topic(), event.subject(),
                    type.type(), checkedPayload(type, event));
        }).toList();
        em.unwrap(Session.class).doWork(c -> OutboxStatements.insertUnordered(c, rows));
    }

    private CloudEvent envelope(EventType type, EventData data, UUID subject, UUID clinicId) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                "/iop/" + config.serviceName(), type.type(), subject.toString(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), "application/json",
                clinicId == null ? null : clinicId.toString(), RequestIds.current(), EventJson.toJsonNode(data));
    }

    private String checkedPayload(EventType type, CloudEvent event) {
        String payload = EventJson.write(event);
        if (config.events().validate()) {
            List<String> errors = EventSchemas.validate(EventJson.parseTree(payload));
            if (!errors.isEmpty()) {
                throw new IllegalStateException("event " + type.type() + " does not match its schema: " + errors);
            }
        }
        return payload;
    }
}
