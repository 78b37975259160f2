package care.iop.events.notes;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.clinical-notes.note.amended.v1}: A signed addendum was added to a signed note. Key (subject):
 * the patient id.
 */
public record NoteAmended(
        UUID noteId,
        UUID addendumId,
        UUID authorId,
        Instant signedAt) implements EventData {
}
