package care.iop.events.notes;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.clinical-notes.note.overdue.v1}: A session's note for a patient was not signed by its due time.
 * Key (subject): the patient id.
 */
public record NoteOverdue(
        UUID sessionId,
        UUID clinicianId,
        Instant dueAt) implements EventData {
}
