package care.iop.analytics;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every error as application/problem+json with the types of docs/problems.md and the request's id, as the other
 * services answer (this module does not use common, which would bring a datasource); nothing of the request is
 * echoed.
 */
public class ProblemMapper {

    /** The documented type of each status a framework exception may carry; any other 4xx is a bad request. */
    private static final Map<Integer, String[]> BY_STATUS = Map.of(
            405, new String[]{"method-not-allowed", "Method not allowed"},
            406, new String[]{"not-acceptable", "Not acceptable"},
            413, new String[]{"payload-too-large", "Payload too large"},
            415, new String[]{"unsupported-media-type", "Unsupported media type"});
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

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
        if (status >= 500) {
            return answer(500, "internal-error", "Internal error", "Quote the request id when asking about it");
        }
        String[] type = BY_STATUS.getOrDefault(status, new String[]{"bad-request", "Bad request"});
        return answer(BY_STATUS.containsKey(status) ? status : 400, type[0], type[1],
                "The request could not be answered");
    }

    /** The gateway's X-Request-Id when it looks like one, else a new id (never the raw header echoed). */
    public static String requestId(HttpHeaders headers) {
        String given = headers == null ? null : headers.getHeaderString("X-Request-Id");
        return given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    private Response answer(int status, String slug, String title, String detail) {
        return Response.status(status).type(ProblemDocument.MEDIA_TYPE).entity(ProblemDocument.of(status, slug, title,
                detail, uri == null ? null : uri.getPath(), requestId(headers))).build();
    }
}
