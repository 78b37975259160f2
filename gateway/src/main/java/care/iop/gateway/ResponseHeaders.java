package care.iop.gateway;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Set;

/**
 * What every answer of the gateway carries, set just before its headers are written (so a service's copy of the same
 * header is replaced, not repeated): {@code X-Content-Type-Options: nosniff}; exactly one {@code X-Request-Id}; and on
 * API and FHIR answers (proxied or the gateway's own views and problems) {@code Cache-Control: no-store} unless the answer
 * already says how it may be cached. {@code TRACE}, {@code TRACK} and {@code CONNECT} are refused with a 405 problem
 * before anything else, and never reach a service.
 */
@ApplicationScoped
public class ResponseHeaders {

    static final Set<String> REFUSED_METHODS = Set.of("TRACE", "TRACK", "CONNECT");
    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    void routes(@Observes Router router) {
        router.route().order(-2_000).handler(rc -> {
            rc.addHeadersEndHandler(v -> complete(rc));
            if (REFUSED_METHODS.contains(rc.request().method().name())) {
                rc.response().putHeader("Allow", ALLOWED_METHODS);
                Problems.send(rc, 405, "method-not-allowed", "Method not allowed", "This method is not served");
            } else {
                rc.next();
            }
        });
    }

    private static void complete(RoutingContext rc) {
        MultiMap headers = rc.response().headers();
        headers.set("X-Content-Type-Options", "nosniff");
        String requestId = RequestIds.known(rc);
        if (requestId != null) {
            headers.set(RequestIds.HEADER, requestId);
        }
        String path = rc.request().path();
        if (path != null && (path.startsWith("/api/") || FhirRoute.isFhir(path)) && !headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
    }
}
