package care.iop.common.consumer;

/**
 * A consumed record that could not be applied. Its message becomes the DLQ record's reason, so it names the
 * event id, type and failure class only, never data.
 */
public class EventRejectedException extends RuntimeException {

    public EventRejectedException(String message) {
        super(message, null, false, false);
    }
}
