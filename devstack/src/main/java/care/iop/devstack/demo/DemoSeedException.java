package care.iop.devstack.demo;

/**
 * A demo seeding step that did not work: which step, which call (as whom), the HTTP status and the problem document's
 * {@code detail} (and violations), or what was waited for in vain. Its {@link #toString()} is its message, so the
 * launcher's one-line report reads well.
 */
public final class DemoSeedException extends RuntimeException {

    private final String step;
    private final int status;

    DemoSeedException(String step, int status, String message) {
        super("step \"" + step + "\": " + message);
        this.step = step;
        this.status = status;
    }

    DemoSeedException(String step, String message, Throwable cause) {
        super("step \"" + step + "\": " + message, cause);
        this.step = step;
        this.status = 0;
    }

    /** The step that failed, e.g. {@code Northside: admit Jordan Demo}. */
    public String step() {
        return step;
    }

    /** The HTTP status that was not expected, or 0 (no answer, or a wait that timed out). */
    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
