package care.iop.e2e.fuzz;

import java.util.Map;

/**
 * One request: which operation, as whom, what it was made of ({@code mutation} names the rule that bent it, or
 * {@code valid}), and the exact method, path, headers and body sent.
 */
record FuzzCase(OpenApi.Operation op, long number, String requestId, String account, String mutation, String method,
                String pathAndQuery, Map<String, String> headers, byte[] body) {

    /** Whether the request was meant to be acceptable (a valid body, parameters and headers). */
    boolean valid() {
        return mutation.equals("valid") || mutation.equals("warm-up");
    }
}
