package care.iop.events;

/**
 * The {@code data} of an event: implemented by exactly one record per {@link EventType}. Holds ids, codes,
 * enums, scores, counts, dates and instants only, never direct identifiers or free text.
 */
public interface EventData {
}
