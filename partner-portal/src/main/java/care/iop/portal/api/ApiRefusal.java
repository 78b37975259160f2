package care.iop.portal.api;

import java.util.Map;

/**
 * The API refused a request (4xx): its status, problem type ({@code urn:iop:problem:…}) and the fields it named.
 * Carries no submitted value, so it may be logged.
 */
public class ApiRefusal extends RuntimeException {

    private final int status;
    private final String type;
    private final Map<String, String> violations;

    public ApiRefusal(int status, String type, Map<String, String> violations) {
        super("the API answered " + status + (type == null ? "" : " " + type), null, false, false);
        this.status = status;
        this.type = type;
        this.violations = Map.copyOf(violations);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** Field (as the API names it, e.g. {@code patient.legalName.given}) → message. */
    public Map<String, String> violations() {
        return violations;
    }

    public boolean is(String problemSlug) {
        return type != null && type.equals("urn:iop:problem:" + problemSlug);
    }
}
