package care.iop.common.consumer;

import care.iop.events.CloudEvent;
import care.iop.events.EventData;
import care.iop.events.EventJson;
import care.iop.events.EventType;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/** Which event types a consumer reacts to, each with a handler that receives the envelope and typed data. */
public final class EventHandlers {

    private final Map<String, BiConsumer<CloudEvent, EventData>> byType = new HashMap<>();

    public static EventHandlers create() {
        return new EventHandlers();
    }

    @SuppressWarnings("unchecked")
    public <T extends EventData> EventHandlers on(Class<T> dataClass, BiConsumer<CloudEvent, T> handler) {
        byType.put(EventType.forDataClass(dataClass).type(), (event, data) -> handler.accept(event, (T) data));
        return this;
    }

    /** The clinic an event belongs to; one that names none cannot be applied and goes to the dead-letter topic. */
    public static UUID clinicOf(CloudEvent event) {
        if (event.clinicid() == null) {
            throw new EventRejectedException("the event names no clinic (clinicid)");
        }
        return UUID.fromString(event.clinicid());
    }

    /** The event's subject, the patient or session it is about (the applier has checked it is a uuid). */
    public static UUID subjectOf(CloudEvent event) {
        return UUID.fromString(event.subject());
    }

    boolean handles(String type) {
        return byType.containsKey(type);
    }

    Optional<Runnable> handlerFor(CloudEvent event) {
        BiConsumer<CloudEvent, EventData> handler = byType.get(event.type());
        if (handler == null) {
            return Optional.empty();
        }
        EventType type = EventType.forType(event.type()).orElseThrow();
        EventData data = EventJson.read(event.data(), type.dataClass());
        return Optional.of(() -> handler.accept(event, data));
    }
}
