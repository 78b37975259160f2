package care.iop.intake.screening;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The answers do not fit the instrument. Carries every violation found, each naming the input field
 * ({@code answers}, {@code answers[3]}, {@code cssrsRecency}); messages state what is allowed and never
 * repeat the submitted value.
 */
public class InvalidAnswersException extends RuntimeException {

    /** One invalid input: the field and what is wrong with it. */
    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    public InvalidAnswersException(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
