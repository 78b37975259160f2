package care.iop.common.problem;

import java.util.List;
import java.util.Map;

/**
 * A client-facing failure with its HTTP status. Domain code throws these; {@link ProblemMapper} renders them.
 * Messages must carry ids and codes only, never patient data: they reach responses and logs.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.Violation> violations;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of(), Map.of());
    }

    public ProblemException(int status, String slug, String title, String detail, List<Problem.Violation> violations,
                            Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.violations = List.copyOf(violations);
        this.extensions = Map.copyOf(extensions);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "validation-failed", "Validation failed", "The request has invalid fields",
                List.of(new Problem.Violation(field, message)), Map.of());
    }

    public static ProblemException invalid(List<Problem.Violation> violations) {
        return new ProblemException(400, "validation-failed", "Validation failed", "The request has invalid fields",
                violations, Map.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    /** The answer for ids that do not exist and for ids of another clinic alike; the id is not quoted back. */
    public static ProblemException notFound(String resourceType, Object id) {
        return new ProblemException(404, "not-found", "Not found", resourceType + " was not found");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail);
    }

    /** A 409 that names the existing record the request collided with. */
    public static ProblemException conflict(String detail, String member, Object conflictingId) {
        return new ProblemException(409, "conflict", "Conflict", detail, List.of(), Map.of(member, conflictingId));
    }

    public static ProblemException illegalTransition(String resourceType, Object from, Object to) {
        return new ProblemException(409, "illegal-state-transition", "Illegal state transition",
                resourceType + " cannot go from " + from + " to " + to, List.of(),
                Map.of("currentState", String.valueOf(from), "requestedState", String.valueOf(to)));
    }

    /** Seconds a client should wait before retrying a step that waits on an event ({@link #awaiting}). */
    public static final int AWAITING_RETRY_SECONDS = 2;

    /**
     * A step that depends on an event another service has not delivered yet (the platform is eventually
     * consistent): 409 with {@code Retry-After} and the awaited event type, so a client knows to retry rather than
     * to give up. {@code awaitedEvent} is a CloudEvents type such as {@code care.iop.scheduling.attendance.recorded.v1}.
     */
    public static ProblemException awaiting(String awaitedEvent, String detail) {
        return new ProblemException(409, "awaiting-event", "Waiting for an event", detail, List.of(),
                Map.of("awaitedEvent", awaitedEvent, "retryAfterSeconds", AWAITING_RETRY_SECONDS));
    }

    public boolean isAwaitingEvent() {
        return "awaiting-event".equals(slug);
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "precondition-failed", "Precondition failed", detail);
    }

    public static ProblemException preconditionRequired(String detail) {
        return new ProblemException(428, "precondition-required", "Precondition required", detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "unprocessable", "Unprocessable request", detail);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
