package care.iop.gateway;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a request under {@code /fhir/r4} goes, decided from its method and path alone (plain Java, no I/O): the
 * gateway's own CapabilityStatement or SMART configuration, one owning service ({@link FhirOwners}), both owners of a
 * two-owner type (searches), or a refusal the gateway answers itself.
 */
final class FhirRoute {

    static final String BASE = "/fhir/r4";
    static final String METADATA = "metadata";
    static final String SMART_CONFIGURATION = ".well-known/smart-configuration";

    /** A path segment FHIR uses: a type, an id (FHIR allows [A-Za-z0-9-.]{1,64}), _search, _history, $operation. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9$_][A-Za-z0-9._$-]{0,63}");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    enum Kind { METADATA, SMART_CONFIGURATION, PROXY, FAN_OUT, REFUSE }

    /**
     * @param areas  the services to ask (one for PROXY, the owners in order for FAN_OUT)
     * @param bundle whether the answer is a Bundle whose links name the owner (searches, history, operations)
     * @param status for REFUSE: 404 or 405, with the issue's {@code slug}, plain-words {@code detail} and, for 405,
     *               the methods that {@code allow}
     */
    record Decision(Kind kind, String type, List<String> areas, boolean bundle, int status, String slug,
                    String detail, String allow) {

        static Decision to(Kind kind, String type, List<String> areas, boolean bundle) {
            return new Decision(kind, type, areas, bundle, 0, null, null, null);
        }

        static Decision notFound(String detail) {
            return new Decision(Kind.REFUSE, null, List.of(), false, 404, "not-found", detail, null);
        }

        static Decision notAllowed(String type, String allow, String detail) {
            return new Decision(Kind.REFUSE, type, List.of(), false, 405, "method-not-allowed", detail, allow);
        }
    }

    private FhirRoute() {
    }

    static boolean isFhir(String path) {
        return path != null && (path.equals("/fhir") || path.startsWith("/fhir/"));
    }

    static Decision of(String method, String path) {
        if (path == null || !path.startsWith(BASE + "/")) {
            return Decision.notFound("No FHIR endpoint at this path: the FHIR R4 base is " + BASE
                    + " (its CapabilityStatement is " + BASE + "/" + METADATA + ")");
        }
        String rest = path.substring(BASE.length() + 1);
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (rest.equals(METADATA) || rest.equals(SMART_CONFIGURATION)) {
            if (!read) {
                return Decision.notAllowed(null, "GET, HEAD", "This document is read with GET");
            }
            return Decision.to(rest.equals(METADATA) ? Kind.METADATA : Kind.SMART_CONFIGURATION, null, List.of(),
                    false);
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] segments = rest.split("/", -1);
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return Decision.notFound("No FHIR endpoint at this path");
            }
        }
        String type = segments[0];
        List<FhirOwners.Owner> owners = FhirOwners.owners(type);
        if (owners.isEmpty()) {
            return Decision.notFound("This server serves no resource type by that name; the types it serves are "
                    + "listed in " + BASE + "/" + METADATA);
        }
        if (!METHODS.contains(method)) {
            return Decision.notAllowed(type, "GET, HEAD, POST, PUT, PATCH, DELETE", "This method is not served");
        }
        boolean shared = owners.size() > 1;
        List<String> areas = owners.stream().map(FhirOwners.Owner::area).toList();
        if (segments.length == 1) {
            if (!shared) {
                return Decision.to(Kind.PROXY, type, areas, read);
            }
            if (read) {
                return Decision.to(Kind.FAN_OUT, type, areas, true);
            }
            return Decision.notAllowed(type, "GET, HEAD", "Creating or conditionally changing a " + type
                    + " is not offered here: two services hold " + type + " resources, and which one a new "
                    + "record would belong to cannot be told from the request");
        }
        String second = segments[1];
        if (second.equals("_search") && segments.length == 2) {
            if (!shared) {
                return Decision.to(Kind.PROXY, type, areas, true);
            }
            if (method.equals("POST") || read) {
                return Decision.to(Kind.FAN_OUT, type, areas, true);
            }
            return Decision.notAllowed(type, "GET, POST", "A search is a GET or a POST");
        }
        if (second.startsWith("_") || second.startsWith("$")) {
            if (!shared) {
                return Decision.to(Kind.PROXY, type, areas, true);
            }
            return Decision.notAllowed(type, "", "Type-level history and operations are not offered for " + type
                    + ", which two services hold; search it, or use an instance's id");
        }
        return FhirOwners.ownerOf(type, second)
                .map(area -> Decision.to(Kind.PROXY, type, List.of(area), segments.length > 2))
                .orElseGet(() -> Decision.notFound("No " + type + " has this id: " + type + " ids start with "
                        + String.join(" or ", owners.stream().map(FhirOwners.Owner::idPrefix).toList())));
    }
}
