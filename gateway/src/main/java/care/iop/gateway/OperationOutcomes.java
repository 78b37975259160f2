package care.iop.gateway;

import io.vertx.core.buffer.Buffer;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The gateway's own refusals on {@code /fhir/**}, as FHIR clients expect them: an {@code OperationOutcome}
 * ({@code application/fhir+json}) with one issue of severity {@code error}, a FHIR issue code and the same plain-words
 * detail a problem document would carry in {@code detail} — no stack trace, nothing the caller sent. {@link Problems}
 * sends these instead of problem documents on FHIR paths, so every refusal of the gateway (token, rate limit, URI or
 * body size, routing, a service down or slow) answers in the caller's protocol.
 */
final class OperationOutcomes {

    static final String CONTENT_TYPE = "application/fhir+json";

    private OperationOutcomes() {
    }

    static Buffer body(String slug, String detail) {
        return Buffer.buffer(Fhir.json().encodeResourceToString(outcome(slug, detail)));
    }

    static OperationOutcome outcome(String slug, String detail) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(issueType(slug)).setDiagnostics(detail);
        return outcome;
    }

    /** The FHIR issue code for a refusal the gateway names by its problem slug. */
    static IssueType issueType(String slug) {
        return switch (slug) {
            case "unauthorized" -> IssueType.LOGIN;
            case "forbidden" -> IssueType.FORBIDDEN;
            case "not-found" -> IssueType.NOTFOUND;
            case "method-not-allowed" -> IssueType.NOTSUPPORTED;
            case "payload-too-large", "uri-too-long" -> IssueType.TOOCOSTLY;
            case "too-many-requests" -> IssueType.THROTTLED;
            case "service-unavailable", "identity-provider-unavailable", "bad-gateway" -> IssueType.TRANSIENT;
            case "gateway-timeout" -> IssueType.TIMEOUT;
            case "bad-request", "validation-failed" -> IssueType.INVALID;
            case "internal-error" -> IssueType.EXCEPTION;
            default -> IssueType.PROCESSING;
        };
    }
}
