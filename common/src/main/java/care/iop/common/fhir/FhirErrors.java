package care.iop.common.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import care.iop.common.problem.Problem;
import care.iop.common.problem.ProblemException;
import care.iop.common.problem.ProblemMapper;
import care.iop.common.problem.SafeTrace;
import care.iop.common.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;

/**
 * Every failure on {@code /fhir/r4} answers as an OperationOutcome with FHIR's status semantics, never problem+json
 * and never a stack trace: the domain's {@link ProblemException}s (also when HAPI wrapped them) keep their status and
 * plain-words detail, a field violation becomes an issue whose {@code expression} names the element, HAPI's own
 * 4xx stand, anything else is a 500 that quotes the request id. Refusals are audited as on the REST API.
 */
@ApplicationScoped
@Interceptor
public class FhirErrors {

    private static final Logger LOG = Logger.getLogger(FhirErrors.class);

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException answer(Throwable thrown) {
        BaseServerResponseException answer = toFhir(thrown);
        ProblemMapper.auditRefusal(answer.getStatusCode());
        if (answer.getStatusCode() == 401) {
            answer.addResponseHeader("WWW-Authenticate", "Bearer realm=\"iop\"");
        }
        if (answer.getStatusCode() == 503) {
            answer.addResponseHeader("Retry-After", "5");
        }
        return answer;
    }

    static BaseServerResponseException toFhir(Throwable thrown) {
        ProblemException known = ProblemMapper.known(thrown);
        if (known != null) {
            return fromProblem(known);
        }
        if (causedBy(thrown, DataFormatException.class)) {
            // HAPI parsing a search value or element (e.g. date=ge2025-13-45) before any provider runs; its message
            // quotes the value, which may be anything a caller typed, so it is not repeated.
            return withOutcome(new InvalidRequestException("A value is not in the format FHIR defines for it"), 400,
                    "A value is not in the format FHIR defines for it (dates YYYY, YYYY-MM, YYYY-MM-DD or an "
                            + "instant; tokens system|code; references Type/id)");
        }
        if (thrown instanceof BaseServerResponseException hapi && hapi.getStatusCode() < 500) {
            if (hapi.getOperationOutcome() == null) {
                hapi.setOperationOutcome(outcome(hapi.getStatusCode(), hapi.getMessage(), null));
            }
            return hapi;
        }
        LOG.errorf("unexpected FHIR failure, request=%s: %s", RequestIds.current(), SafeTrace.of(thrown));
        return withOutcome(BaseServerResponseException.newInstance(500, "Internal error"), 500,
                "An unexpected error occurred. Quote the request id " + RequestIds.current() + " when reporting it.");
    }

    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static BaseServerResponseException fromProblem(ProblemException problem) {
        BaseServerResponseException answer = BaseServerResponseException.newInstance(problem.status(),
                problem.getMessage());
        OperationOutcome outcome = new OperationOutcome();
        if (problem.violations().isEmpty()) {
            outcome.addIssue(issue(problem.status(), problem.getMessage(), null));
        }
        for (Problem.Violation violation : problem.violations()) {
            outcome.addIssue(issue(problem.status(), violation.message(), violation.field()));
        }
        answer.setOperationOutcome(outcome);
        return answer;
    }

    private static BaseServerResponseException withOutcome(BaseServerResponseException answer, int status,
                                                           String diagnostics) {
        answer.setOperationOutcome(outcome(status, diagnostics, null));
        return answer;
    }

    static OperationOutcome outcome(int status, String diagnostics, String expression) {
        return new OperationOutcome().addIssue(issue(status, diagnostics, expression));
    }

    private static OperationOutcome.OperationOutcomeIssueComponent issue(int status, String diagnostics,
                                                                       String expression) {
        var issue = new OperationOutcome.OperationOutcomeIssueComponent()
                .setSeverity(status >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR)
                .setCode(issueType(status))
                .setDiagnostics(diagnostics);
        if (expression != null && !expression.isBlank()) {
            issue.addExpression(expression);
        }
        return issue;
    }

    static IssueType issueType(int status) {
        return switch (status) {
            case 400 -> IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404, 410 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            case 413, 414 -> IssueType.TOOLONG;
            case 422 -> IssueType.PROCESSING;
            case 428 -> IssueType.REQUIRED;
            case 429 -> IssueType.THROTTLED;
            case 503 -> IssueType.TRANSIENT;
            case 504 -> IssueType.TIMEOUT;
            default -> status >= 500 ? IssueType.EXCEPTION : IssueType.PROCESSING;
        };
    }
}
