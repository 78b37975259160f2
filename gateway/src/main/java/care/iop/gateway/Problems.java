package care.iop.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * RFC 9457 problem documents the gateway answers itself, in the services' shape ({@code urn:iop:problem:<slug>},
 * title, status, detail, instance, requestId). The gateway has no database, so it does not take the services'
 * common library (which brings one); this is the same contract, written here. On FHIR paths ({@code /fhir/**}) the
 * same refusal is an {@link OperationOutcomes OperationOutcome} instead: every caller of {@link #send} and
 * {@link #document} answers in the protocol of the path it was asked on.
 */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    /** A refusal's content type and body for a request to {@code path}: an OperationOutcome on FHIR paths. */
    record Document(String contentType, Buffer body) {
    }

    static Document document(String path, int status, String slug, String title, String detail, String requestId) {
        if (FhirRoute.isFhir(path)) {
            return new Document(OperationOutcomes.CONTENT_TYPE, OperationOutcomes.body(slug, detail));
        }
        return new Document(CONTENT_TYPE, body(status, slug, title, detail, path, requestId));
    }

    static Buffer body(int status, String slug, String title, String detail, String instance, String requestId) {
        return new JsonObject().put("type", "urn:iop:problem:" + slug).put("title", title).put("status", status)
                .put("detail", detail).put("instance", instance).put("requestId", requestId).toBuffer();
    }

    /**
     * The gateway's own views read no body; one sent anyway is refused, as the services refuse it (issue #15),
     * rather than ignored. Returns true when it answered.
     */
    static boolean refusedBody(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        boolean body = rc.request().getHeader("Transfer-Encoding") != null
                || (length != null && !length.trim().equals("0"));
        if (body) {
            send(rc, 400, "bad-request", "Bad request", "This operation takes no request body");
        }
        return body;
    }

    static void send(RoutingContext rc, int status, String slug, String title, String detail) {
        if (rc.response().ended()) {
            return;
        }
        Document document = document(rc.request().path(), status, slug, title, detail, RequestIds.of(rc));
        rc.response().setStatusCode(status).putHeader("Content-Type", document.contentType()).end(document.body());
    }
}
