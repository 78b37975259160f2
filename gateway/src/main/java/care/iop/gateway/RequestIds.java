package care.iop.gateway;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the gateway tells the services about a request: its X-Request-Id (taken from the caller when sensible,
 * otherwise made here; passed on and echoed) and the caller's address.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String KEY = "iop.request-id";

    private RequestIds() {
    }

    static String of(RoutingContext rc) {
        String id = rc.get(KEY);
        if (id == null) {
            String given = rc.request().getHeader(HEADER);
            id = given != null && ACCEPTABLE.matcher(given).matches() ? given : UUID.randomUUID().toString();
            rc.put(KEY, id);
            rc.request().headers().set(HEADER, id);
            rc.response().putHeader(HEADER, id);
        }
        return id;
    }

    /** The request's id if one was given or made, else null (a request that never reached the gateway's routes). */
    static String known(RoutingContext rc) {
        return rc.get(KEY);
    }

    /**
     * The address the request came from, as the gateway sees it. A caller's own X-Forwarded-For is replaced, never
     * extended: the services believe the first entry (it goes into their audit records), so it must not be the
     * caller's word. Behind a load balancer, trust it in the gateway's own quarkus.http.proxy settings.
     */
    static String clientAddress(RoutingContext rc) {
        return rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().host();
    }
}
