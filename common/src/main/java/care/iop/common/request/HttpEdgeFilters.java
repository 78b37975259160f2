package care.iop.common.request;

import care.iop.common.problem.ProblemMapper;
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


/**
 * What happens to every HTTP request before and around the REST layer: the request id is accepted or
 * generated, echoed and put in the log context; failures raised by the HTTP layer itself (a body over the
 * size limit) still answer with a problem document.
 */
@ApplicationScoped
public class HttpEdgeFilters {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M")
    MemorySize maxBodySize;

    /** Runs before Quarkus' own body-size check, which would answer 413 without a problem body. */
    void requestIdAndBodyLimit(@Observes Filters filters) {
        filters.register(rc -> {
            String id = RequestIds.acceptOrGenerate(rc.request().getHeader(RequestIds.HEADER));
            rc.put(RequestIds.MDC_KEY, id);
            RequestIds.set(id);
            rc.response().putHeader(RequestIds.HEADER, id);
            if (declaredLength(rc) > maxBodySize.asLongValue()) {
                rc.response().putHeader("Connection", "close");
                writeProblem(rc, ProblemMapper.payloadTooLarge());
                return;
            }
            rc.next();
        }, 10_000);
    }

    /** A chunked body that grows past the limit fails inside the HTTP layer: answer that with a problem too. */
    void httpLayerProblems(@Observes Router router) {
        router.errorHandler(413, rc -> writeProblem(rc, ProblemMapper.payloadTooLarge()));
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
        Object requestId = rc.get(RequestIds.MDC_KEY);
        Problem body = Problem.from(p, rc.request().path(), requestId == null ? null : requestId.toString());
        rc.response().setStatusCode(p.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(body));
    }
}
