package care.iop.intake.fhir;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.problem.Problem;
import care.iop.common.problem.ProblemException;
import care.iop.common.problem.ProblemMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/** Reading what an EHR writes: refusals that name the element (422), references to our patients. */
final class FhirInput {

    private FhirInput() {
    }

    /** A 422 whose one issue names the element ({@code expression}) and says what is allowed. */
    static UnprocessableEntityException refuse(String expression, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.PROCESSING)
                .setDiagnostics(expression + ": " + message)
                .addExpression(expression);
        return new UnprocessableEntityException(expression + ": " + message, outcome);
    }

    /**
     * The REST request's own constraints (Bean Validation, as the REST API applies them with {@code @Valid}) on a
     * request mapped from a resource: a violation is a 422 naming the element it came from ({@code element} maps the
     * request's property path to a FHIRPath; null: the resource as a whole).
     */
    static <T> void validate(Validator validator, T request, String resourceType, Function<String, String> element) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (violations.isEmpty()) {
            return;
        }
        OperationOutcome outcome = new OperationOutcome();
        List<String> details = violations.stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> {
                    String mapped = element.apply(v.getPropertyPath().toString());
                    String expression = mapped == null ? resourceType : mapped;
                    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                            .setCode(OperationOutcome.IssueType.PROCESSING)
                            .setDiagnostics(expression + ": " + v.getMessage()).addExpression(expression);
                    return expression + ": " + v.getMessage();
                }).toList();
        throw new UnprocessableEntityException(String.join("; ", details), outcome);
    }

    /** The patient a {@code Patient/<id>} reference names (the id only: the patient must still be checked). */
    static UUID patient(Reference reference, String element) {
        if (reference == null || !reference.hasReference()) {
            throw refuse(element, "a reference Patient/<id> to a patient of this clinic is required");
        }
        String text = reference.getReference();
        if (!text.startsWith("Patient/")) {
            throw refuse(element, "must reference a patient of this clinic as Patient/<id>");
        }
        UUID id = FhirIds.referenceOrNull(text, "Patient");
        if (id == null || !id.toString().equals(text.substring("Patient/".length()))) {
            throw refuse(element, "must reference a patient of this clinic as Patient/<id>");
        }
        return id;
    }

    /**
     * Runs a service call whose field violations (a 400 naming the REST request's fields) are answered as a 422
     * naming the FHIR elements instead: {@code element} maps a REST field to its FHIRPath expression, or to null for
     * a field that is not in the resource (a header, say), whose violation then stands as it is.
     */
    static <T> T withElements(Supplier<T> call, Function<String, String> element) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            ProblemException known = ProblemMapper.known(e);
            if (known == null || known.violations().isEmpty()
                    || known.violations().stream().anyMatch(v -> element.apply(v.field()) == null)) {
                throw e;
            }
            List<Problem.Violation> violations = known.violations().stream()
                    .map(v -> new Problem.Violation(element.apply(v.field()), v.message())).toList();
            throw new ProblemException(422, "unprocessable", "Unprocessable resource",
                    "The resource has elements that cannot be accepted", violations, known.extensions());
        }
    }
}
