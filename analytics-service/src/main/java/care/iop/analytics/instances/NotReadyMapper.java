package care.iop.analytics.instances;

import care.iop.analytics.ProblemDocument;
import care.iop.analytics.ProblemMapper;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@link NotReady} as a 503 problem document, like the module's other problems, with Retry-After. The reason (which
 * may name an instance's host) is logged, not answered.
 */
public class NotReadyMapper {

    public static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(NotReadyMapper.class);

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    @ServerExceptionMapper
    public Response notReady(NotReady e) {
        LOG.infof("answered 503, not ready: %s", e.getMessage());
        ProblemDocument problem = ProblemDocument.of(e.status(), e.slug(), e.title(),
                "The measures cannot be answered whole now (the stream is loading or rebalancing, or an instance "
                        + "is not answering); retry shortly",
                uri == null ? null : uri.getPath(), ProblemMapper.requestId(headers));
        return Response.status(e.status()).type(ProblemDocument.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).entity(problem).build();
    }
}
