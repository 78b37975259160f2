package care.iop.notes.note;

import care.iop.common.problem.ProblemException;
import care.iop.events.notes.NoteFormat;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoteFormatsTest {

    @Test
    void a_draft_may_leave_a_section_out() {
        NoteFormats.checkShape(NoteFormat.SOAP, Map.of("subjective", "Reports fewer cravings."));
    }

    @Test
    void a_null_section_is_refused_naming_it_so_every_stored_section_is_text() {
        Map<String, String> sections = new HashMap<>();
        sections.put("subjective", "Reports fewer cravings.");
        sections.put("plan", null);
        assertThatThrownBy(() -> NoteFormats.checkShape(NoteFormat.SOAP, sections))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.violations()).singleElement()
                            .satisfies(v -> assertThat(v.field()).isEqualTo("sections.plan"));
                });
    }

    @Test
    void a_section_of_another_format_is_refused() {
        assertThatThrownBy(() -> NoteFormats.checkShape(NoteFormat.DAP, Map.of("subjective", "x")))
                .isInstanceOf(ProblemException.class);
    }
}
