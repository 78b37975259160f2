package care.iop.notes.note;

import care.iop.common.problem.Problem;
import care.iop.common.problem.ProblemException;
import care.iop.events.notes.NoteFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sections each documentation format has. Drafts may leave sections empty; a signature needs them all. */
public final class NoteFormats {

    static final int MAX_SECTION = 20_000;

    private NoteFormats() {
    }

    public static List<String> sections(NoteFormat format) {
        return switch (format) {
            case SOAP -> List.of("subjective", "objective", "assessment", "plan");
            case DAP -> List.of("data", "assessment", "plan");
            case BIRP -> List.of("behavior", "intervention", "response", "plan");
            case GROUP, FREE -> List.of();
        };
    }

    /** Refuses sections the format does not have, null sections and oversized text (400). */
    public static void checkShape(NoteFormat format, Map<String, String> sections) {
        if (format == NoteFormat.GROUP || format == NoteFormat.FREE) {
            throw ProblemException.invalid("format", "progress and psychotherapy notes are SOAP, DAP or BIRP");
        }
        List<String> allowed = sections(format);
        List<Problem.Violation> violations = new ArrayList<>();
        sections.forEach((name, text) -> {
            if (!allowed.contains(name)) {
                violations.add(new Problem.Violation("sections." + name, "is not a section of a " + format.name()
                        + " note (" + String.join(", ", allowed) + ")"));
            } else if (text == null) {
                violations.add(new Problem.Violation("sections." + name,
                        "must be text; leave a section out while it is not written yet"));
            } else if (text.length() > MAX_SECTION) {
                violations.add(new Problem.Violation("sections." + name, "is longer than " + MAX_SECTION
                        + " characters"));
            }
        });
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    /** Refuses a signature while any section of the format is empty (422, naming the sections). */
    public static void checkComplete(NoteFormat format, Map<String, String> sections) {
        List<String> missing = sections(format).stream()
                .filter(name -> sections.get(name) == null || sections.get(name).isBlank()).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable("A " + format.name() + " note is signed with every section "
                    + "written; empty: " + String.join(", ", missing));
        }
    }
}
