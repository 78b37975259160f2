package care.iop.common.http;

import care.iop.common.problem.ProblemException;
import jakarta.ws.rs.core.EntityTag;

import java.util.Arrays;

/**
 * ETags are the entity {@code version}: {@code "3"}. {@link #check} applies {@code If-Match} before a change,
 * inside the transaction. Should another transaction change the row in between, the JPA {@code @Version} check
 * fails and {@code @RetryOnConflict} runs the transaction again, checking If-Match against the new version: 412
 * answers a stale If-Match only, never a race the client did not ask about.
 * If-Match uses strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
 */
public final class ETags {

    public static final String IF_MATCH = "If-Match";

    private ETags() {
    }

    public static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * @param ifMatch  the request's If-Match header (may be null)
     * @param required true where a change without If-Match is refused (428): clinical notes and plans
     */
    public static void check(String ifMatch, long currentVersion, boolean required) {
        if (ifMatch == null || ifMatch.isBlank()) {
            if (required) {
                throw ProblemException.preconditionRequired(
                        "This resource changes only with If-Match carrying the ETag you last read");
            }
            return;
        }
        boolean matches = Arrays.stream(ifMatch.split(","))
                .map(String::trim)
                .anyMatch(tag -> tag.equals("*") || tag.equals("\"" + currentVersion + "\""));
        if (!matches) {
            throw ProblemException.preconditionFailed("If-Match does not match the current version "
                    + "(ETag \"" + currentVersion + "\"); fetch the resource again");
        }
    }
}
