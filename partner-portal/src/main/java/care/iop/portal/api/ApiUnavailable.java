package care.iop.portal.api;

/** The API did not answer in time, answered 5xx, or could not be reached: the page says so and offers a retry. */
public class ApiUnavailable extends RuntimeException {

    private final int status;

    public ApiUnavailable(int status, Throwable cause) {
        super(status == 0 ? "the API could not be reached" : "the API answered " + status, cause);
        this.status = status;
    }

    /** The status the API answered, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
