package care.iop.common.request;

import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id of the work in progress: an HTTP request's {@code X-Request-Id} or a consumed event's
 * {@code requestid}. It lives in the log context (MDC, which Quarkus carries along the request's Vert.x
 * context), so log lines, problems, events and audit records all quote the same id.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    /** The current id, or null outside any request or event. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }

    /** A caller's id if it is safe to log and echo; otherwise a new one. */
    public static String acceptOrGenerate(String offered) {
        return offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    public static void set(String requestId) {
        if (requestId == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, requestId);
        }
    }

    /** Runs work under a request id (for event consumers and scheduled jobs), restoring the previous one. */
    public static void runWith(String requestId, Runnable work) {
        String previous = current();
        set(requestId == null ? UUID.randomUUID().toString() : requestId);
        try {
            work.run();
        } finally {
            set(previous);
        }
    }
}
