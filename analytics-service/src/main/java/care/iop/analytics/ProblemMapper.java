package care.iop.analytics;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as application/problem+json; nothing of the request is echoed. */
public class ProblemMapper {

    @Context
    UriInfo uri;

    @ServerExceptionMapper
    public Response problem(AnalyticsProblem p) {
        return answer(p.status(), p.slug(), p.title(), p.getMessage());
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return answer(401, "unauthorized", "Unauthorized", "A valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return answer(403, "forbidden", "Forbidden",
                "Analytics are for clinic-admin, clinical-supervisor and auditor of the clinic");
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return answer(404, "not-found", "Not found", "No such resource");
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return answer(406, "not-acceptable", "Not acceptable", "Answers are application/json or text/csv");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return answer(status, "http-" + status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), "The request could not be answered");
    }

    private Response answer(int status, String slug, String title, String detail) {
        return Response.status(status).type(ProblemDocument.MEDIA_TYPE)
                .entity(ProblemDocument.of(status, slug, title, detail, uri == null ? null : uri.getPath())).build();
    }
}
