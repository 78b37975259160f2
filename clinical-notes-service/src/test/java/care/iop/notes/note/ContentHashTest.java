package care.iop.notes.note;

import care.iop.common.json.CanonicalHash;
import care.iop.events.notes.NoteFormat;
import care.iop.events.notes.NoteKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed note's hash covers the format by its upper-case name, as it was on the wire when the first notes were
 * signed, although the wire value is now kebab-case (issue #19): hashes signed before still recompute.
 */
class ContentHashTest {

    @Test
    void the_hash_covers_the_format_as_it_was_signed_before_the_wire_value_changed() {
        Note n = new Note();
        n.id = UUID.fromString("00000000-0000-4000-8000-000000000001");
        n.patientId = UUID.fromString("00000000-0000-4000-8000-000000000002");
        n.authorId = UUID.fromString("00000000-0000-4000-8000-000000000003");
        n.kind = NoteKind.PROGRESS;
        n.format = NoteFormat.DAP;
        n.serviceDate = LocalDate.of(2026, 3, 2);
        n.signedAt = Instant.parse("2026-03-02T18:00:00Z");
        n.sections = new LinkedHashMap<>(Map.of("data", "d", "assessment", "a", "plan", "p"));
        n.interventions = new ArrayList<>(List.of("cbt"));
        n.objectivesAddressed = new ArrayList<>();

        Map<String, Object> before = new LinkedHashMap<>();
        before.put("id", n.id);
        before.put("patientId", n.patientId);
        before.put("kind", "progress");
        before.put("format", "DAP");
        before.put("sessionId", null);
        before.put("serviceDate", "2026-03-02");
        before.put("authorId", n.authorId);
        before.put("signedAt", "2026-03-02T18:00:00Z");
        before.put("sections", n.sections);
        before.put("mentalStatus", null);
        before.put("risk", null);
        before.put("interventions", List.of("cbt"));
        before.put("objectivesAddressed", List.of());
        before.put("entries", Map.of());

        assertThat(NoteFormat.DAP.value()).isEqualTo("dap");
        assertThat(new NoteService().hash(n)).isEqualTo(CanonicalHash.sha256("note\n", before));
    }
}
