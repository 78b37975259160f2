package care.iop.common.problem;

import care.iop.common.audit.RefusalAudit;
import care.iop.common.http.WireEnums;
import care.iop.common.json.StrictJsonInput;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import care.iop.common.request.RequestIds;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where failures become RFC 9457 responses. Client mistakes are 4xx with a reason; anything
 * unexpected is a 500 that carries the request id and nothing else: no stack trace, no exception message
 * (messages from drivers can quote data), in the body or the log line.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper(priority = 1)
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response validation(ValidationException e, UriInfo uri) {
        return respond(classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return respond(classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response jsonParse(JsonParseException e, UriInfo uri) {
        return respond(classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        return respond(classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return respond(classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unexpected(Throwable e, UriInfo uri) {
        return respond(classify(e), uri);
    }

    private static Response respond(ProblemException p, UriInfo uri) {
        String requestId = RequestIds.current();
        auditRefusal(p.status());
        if (p.status() >= 500) {
            LOG.debugf("%d %s request=%s", p.status(), p.slug(), requestId);
        }
        Problem body = Problem.from(p, uri == null ? null : uri.getRequestUri().getRawPath(), requestId);
        Response.ResponseBuilder response = Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(body);
        if (p.status() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"iop\"");
        }
        if (p.status() == 503) {
            response.header("Retry-After", "5");
        }
        if (p.isAwaitingEvent()) {
            response.header("Retry-After", Integer.toString(ProblemException.AWAITING_RETRY_SECONDS));
        }
        return response.build();
    }

    /** A refused or failed request is audited in a transaction of its own (its own rolled back). */
    public static void auditRefusal(int status) {
        if (!Arc.container().requestContext().isActive()) {
            return;
        }
        RoutingContext http = Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        if (http == null) {
            return;
        }
        Arc.container().instance(RefusalAudit.class).get().refused(status, http);
    }

    /** Maps any throwable (walking its causes) to the problem a client should see. */
    public static ProblemException classify(Throwable thrown) {
        ProblemException known = classifyChain(thrown);
        if (known != null) {
            return known;
        }
        LOG.errorf("unexpected failure, request=%s: %s", RequestIds.current(), SafeTrace.of(thrown));
        return new ProblemException(500, "internal-error", "Internal error",
                "An unexpected error occurred. Quote the request id when reporting it.");
    }

    /** The problem a throwable is known to mean (walking its causes), or null for an unexpected failure. */
    public static ProblemException known(Throwable thrown) {
        return classifyChain(thrown);
    }

    private static ProblemException classifyChain(Throwable thrown) {
        ProblemException known = classifyCauses(thrown);
        if (known != null) {
            return known;
        }
        // A failed JTA commit reports why (e.g. the database went away mid-commit) as exceptions suppressed by its
        // RollbackException, not as its cause: look there too, or a database outage at commit would be a 500.
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Throwable suppressed : t.getSuppressed()) {
                known = classifyCauses(suppressed);
                if (known != null) {
                    return known;
                }
            }
        }
        return null;
    }

    private static ProblemException classifyCauses(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // The REST layer wraps e.g. a JSON parse error in a bare 400: the cause says more.
            if (t instanceof WebApplicationException && t.getCause() != null) {
                ProblemException inner = classifyChain(t.getCause());
                if (inner != null) {
                    return inner;
                }
            }
            ProblemException known = classifyOne(t);
            if (known != null) {
                return known;
            }
        }
        return null;
    }

    private static ProblemException classifyOne(Throwable t) {
        if (t instanceof ProblemException p) {
            return p;
        }
        if (t instanceof jakarta.validation.ConstraintViolationException cve) {
            return fromViolations(cve);
        }
        if (t instanceof JsonProcessingException jpe && jpe.getProcessor() instanceof JsonParser) {
            return fromJson(jpe); // reading the request; a failure writing JSON is ours (500)
        }
        if (t instanceof UnauthorizedException || t instanceof AuthenticationFailedException) {
            return new ProblemException(401, "unauthorized", "Unauthorized",
                    "A valid bearer token is required");
        }
        if (t instanceof ForbiddenException) {
            return ProblemException.forbidden("The caller's roles do not allow this operation");
        }
        if (t instanceof OptimisticLockException || t instanceof StaleStateException
                || TransientFailures.isConcurrencyConflict(t)) {
            // A race the client did not ask about, still lost after @RetryOnConflict's attempts: never a 412, which
            // answers a stale If-Match alone (ETags.check).
            return new ProblemException(503, "service-unavailable", "Service unavailable",
                    "A concurrent change got in the way; retry the request");
        }
        if (TransientFailures.isDatabaseUnavailable(t)) {
            return unavailable();
        }
        if (t instanceof org.hibernate.exception.ConstraintViolationException cv) {
            return fromSqlState(cv.getSQLState(), cv.getConstraintName());
        }
        if (t instanceof SQLException sql) {
            if ("P0001".equals(sql.getSQLState())) {
                // Raised by a guard trigger: the row is final (a signed note, an append-only record).
                return ProblemException.conflict("The record is final and cannot be changed");
            }
            if (sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return ProblemException.badRequest("The request holds a value that cannot be stored");
            }
        }
        if (t instanceof WebApplicationException wae) {
            return fromWebApplication(wae);
        }
        return null;
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "service-unavailable", "Service unavailable",
                "The service cannot reach its database right now; retry shortly");
    }

    /** Answers never name the database: no constraint, table or SQLState reaches the client. */
    private static ProblemException fromSqlState(String sqlState, String constraint) {
        LOG.debugf("constraint violation %s %s request=%s", sqlState, constraint, RequestIds.current());
        return switch (String.valueOf(sqlState)) {
            case "23505" -> ProblemException.conflict("The request conflicts with an existing record");
            case "23503" -> ProblemException.conflict("The request refers to a record that does not exist or is in use");
            default -> ProblemException.badRequest("The request breaks a data rule");
        };
    }

    private static ProblemException fromWebApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return switch (status) {
            case 400 -> ProblemException.badRequest("The request is malformed: check parameters and headers");
            case 401 -> new ProblemException(401, "unauthorized", "Unauthorized", "A valid bearer token is required");
            case 403 -> ProblemException.forbidden("The caller's roles do not allow this operation");
            case 404 -> new ProblemException(404, "not-found", "Not found", "No such resource");
            case 405 -> new ProblemException(405, "method-not-allowed", "Method not allowed",
                    "This resource does not support the request method");
            case 406 -> new ProblemException(406, "not-acceptable", "Not acceptable",
                    "The resource cannot produce the requested media type");
            case 413 -> payloadTooLarge();
            case 415 -> new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                    "Send the body as application/json");
            default -> status >= 500
                    ? null
                    : new ProblemException(status, "http-" + status, Response.Status.fromStatusCode(status) == null
                    ? "Client error" : Response.Status.fromStatusCode(status).getReasonPhrase(), "The request was refused");
        };
    }

    public static ProblemException payloadTooLarge() {
        return new ProblemException(413, "payload-too-large", "Payload too large",
                "The request body exceeds the size limit");
    }

    private static ProblemException fromJson(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException)
                || String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
                return new ProblemException(400, "malformed-json", "Malformed JSON",
                        "A key appears twice in one object" + where);
            }
            return new ProblemException(400, "malformed-json", "Malformed JSON", "The body is not valid JSON" + where);
        }
        JsonMappingException jme = (JsonMappingException) e;
        String field = path(jme);
        String message;
        if (jme instanceof StrictJsonInput.Refused refused) {
            message = refused.reason();
        } else if (jme instanceof UnrecognizedPropertyException) {
            message = "unknown property";
        } else if (jme instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()) {
            message = "must be one of " + Arrays.stream(ife.getTargetType().getEnumConstants())
                    .map(c -> WireEnums.wireName((Enum<?>) c)).collect(Collectors.joining(", "));
        } else if (jme instanceof InvalidFormatException ife && ife.getTargetType() != null) {
            message = "has the wrong format for " + ife.getTargetType().getSimpleName();
        } else if (jme instanceof ValueInstantiationException) {
            message = "is not acceptable";
        } else if (jme instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            message = "has the wrong type; expected " + mie.getTargetType().getSimpleName();
        } else {
            message = "cannot be read";
        }
        return ProblemException.invalid(field.isEmpty() ? "$" : field, message);
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static ProblemException fromViolations(jakarta.validation.ConstraintViolationException e) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            if (isReturnValue(v.getPropertyPath())) {
                return null; // our bug, not the client's: falls through to a 500
            }
            violations.add(new Problem.Violation(field(v.getPropertyPath()), v.getMessage()));
        }
        violations.sort(java.util.Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message));
        return ProblemException.invalid(violations);
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** "create.body.contact.phone" → "contact.phone"; a lone parameter keeps its own name. */
    static String field(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean last = i == nodes.size() - 1;
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
                    || node.getKind() == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER && !last) {
                continue;
            }
            // A node inside a container carries the container's index: "tags" + "[0]label" is tags[0].label.
            if (node.isInIterable() && !parts.isEmpty() && (node.getIndex() != null || node.getKey() != null)) {
                int container = parts.size() - 1;
                parts.set(container, parts.get(container) + "["
                        + (node.getIndex() != null ? node.getIndex() : node.getKey()) + "]");
            }
            String name = node.getName() == null ? "" : node.getName();
            if (!name.isEmpty() && !name.startsWith("<")) {
                parts.add(name);
            }
        }
        return parts.isEmpty() ? "$" : String.join(".", parts);
    }
}
