package care.iop.common.request;

import care.iop.common.audit.RefusalAudit;
import care.iop.common.problem.ProblemMapper;
import io.quarkus.arc.Arc;
import care.iop.common.problem.ProblemException;
import care.iop.common.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;
import java.util.Set;


/**
 * What happens to every HTTP request before and around the REST layer: the request id is accepted or
 * generated, echoed and put in the log context; failures raised by the HTTP layer itself (a body over the
 * size limit) still answer with a problem document.
 */
@ApplicationScoped
public class HttpEdgeFilters {

    /** TRACE echoes the request (and so its credentials) back; TRACK and CONNECT have no use here either. */
    private static final Set<String> DIAGNOSTIC_METHODS = Set.of("TRACE", "TRACK", "CONNECT");
    private static final String API_CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M")
    MemorySize maxBodySize;

    /** Runs before Quarkus' own body-size check, which would answer 413 without a problem body. */
    void requestIdAndBodyLimit(@Observes Filters filters) {
        filters.register(rc -> {
            String id = RequestIds.acceptOrGenerate(rc.request().getHeader(RequestIds.HEADER));
            rc.put(RequestIds.MDC_KEY, id);
            RequestIds.set(id);
            rc.response().putHeader(RequestIds.HEADER, id);
            rc.addHeadersEndHandler(v -> safeHeaders(rc));
            if (DIAGNOSTIC_METHODS.contains(rc.request().method().name())) {
                rc.response().putHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
                writeProblem(rc, new ProblemException(405, "method-not-allowed", "Method not allowed",
                        "This method is not supported"));
                return;
            }
            if (rc.request().uri().toLowerCase(Locale.ROOT).contains("%00")) {
                writeProblem(rc, ProblemException.badRequest("The request's address must not contain NUL characters"));
                return;
            }
            if (declaredLength(rc) > maxBodySize.asLongValue()) {
                rc.response().putHeader("Connection", "close");
                writeProblem(rc, ProblemMapper.payloadTooLarge());
                return;
            }
            rc.next();
        }, 10_000);
    }

    /**
     * Every answer: no MIME sniffing. API answers (patient data, problems, the printable plan): never stored by a
     * browser or a shared cache, and nothing runs or frames them (the printable plan's own inline style aside).
     */
    private static void safeHeaders(RoutingContext rc) {
        var headers = rc.response().headers();
        headers.set("X-Content-Type-Options", "nosniff");
        if (rc.request().path().startsWith("/api/")) {
            if (!headers.contains("Cache-Control")) {
                headers.set("Cache-Control", "no-store");
            }
            headers.set("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
        }
    }

    /**
     * A chunked body that grows past the limit fails inside the HTTP layer: answer that with a problem too. So does a
     * path no route serves: with the servlet container beside it (FHIR), the REST layer passes unmatched paths on
     * instead of answering them, and the router's own 404 would be an HTML page.
     */
    void httpLayerProblems(@Observes Router router) {
        router.errorHandler(413, rc -> writeProblem(rc, ProblemMapper.payloadTooLarge()));
        router.errorHandler(404, rc -> writeProblem(rc, new ProblemException(404, "not-found", "Not found",
                "Nothing is served at this address")));
    }

    private static long declaredLength(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void writeProblem(RoutingContext rc, ProblemException p) {
        if (rc.response().headWritten()) {
            rc.response().end();
            return;
        }
        Arc.container().instance(RefusalAudit.class).get().refused(p.status(), rc);
        Object requestId = rc.get(RequestIds.MDC_KEY);
        Problem body = Problem.from(p, rc.request().path(), requestId == null ? null : requestId.toString());
        rc.response().setStatusCode(p.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(body));
    }
}
