package care.iop.events.notes;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.clinical-notes.note.signed.v1}: A clinical note was signed (its content is never published). Key
 * (subject): the patient id.
 */
public record NoteSigned(
        UUID noteId,
        NoteKind kind,
        NoteFormat format,
        UUID authorId,
        @Nullable UUID sessionId,
        Instant signedAt,
        boolean late,
        boolean coSignRequired) implements EventData {
}
