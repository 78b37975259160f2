package care.iop.notes.note;

import care.iop.events.notes.NoteFormat;
import care.iop.events.notes.NoteKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request and response shapes of the note endpoints. */
public final class NoteApi {

    private NoteApi() {
    }

    /** A progress or psychotherapy note (SOAP, DAP or BIRP sections). */
    public record NoteRequest(@NotNull NoteKind kind, @NotNull NoteFormat format, UUID sessionId,
                              @NotNull LocalDate serviceDate, @NotNull @Size(max = 4) Map<String, String> sections,
                              @Valid MentalStatus mentalStatus, @Valid Risk risk,
                              @Size(max = 13) List<@NotNull Intervention> interventions,
                              @Size(max = 50) List<@NotNull UUID> objectivesAddressed) {
        NoteService.Content content() {
            return new NoteService.Content(format, sessionId, serviceDate, sections, mentalStatus, risk, interventions,
                    objectivesAddressed);
        }
    }

    public record GroupEntry(@NotNull UUID patientId, @NotBlank @Size(max = 20_000) String section) {
    }

    public record GroupNoteRequest(@NotNull UUID sessionId, @NotNull LocalDate serviceDate,
                                   @NotBlank @Size(max = 20_000) String narrative,
                                   @NotEmpty @Size(max = 50) List<@NotNull @Valid GroupEntry> entries,
                                   @Size(max = 13) List<@NotNull Intervention> interventions) {
    }

    public record AddendumRequest(@NotBlank @Size(max = 20_000) String text) {
    }

    public record AddendumView(UUID id, UUID authorId, String text, Instant signedAt, String contentHash) {
        static AddendumView of(Addendum a) {
            return new AddendumView(a.id, a.authorId, a.text, a.signedAt, a.contentHash);
        }
    }

    public record EntryView(UUID patientId, String section) {
    }

    /** A note with its addenda; a group note with the attendees' sections the reader may see. */
    public record NoteView(UUID id, UUID patientId, NoteKind kind, NoteFormat format, UUID sessionId, UUID authorId,
                           NoteStatus status, LocalDate serviceDate, Map<String, String> sections,
                           MentalStatus mentalStatus, Risk risk,
                           @Schema(type = SchemaType.ARRAY, implementation = Intervention.class)
                           List<String> interventions,
                           List<UUID> objectivesAddressed, List<EntryView> entries, Instant signedAt,
                           String contentHash, boolean late, boolean coSignRequired, UUID coSignedBy,
                           Instant coSignedAt, List<AddendumView> addenda, long version) {
        static NoteView of(Note n, List<GroupNoteEntry> entries, List<Addendum> addenda) {
            return new NoteView(n.id, n.patientId, n.kind, n.format, n.sessionId, n.authorId, n.status, n.serviceDate,
                    n.sections, n.mentalStatus, n.risk, n.interventions, n.objectivesAddressed,
                    entries.stream().map(e -> new EntryView(e.patientId, e.section)).toList(), n.signedAt,
                    n.contentHash, n.late, n.coSignRequired, n.coSignedBy, n.coSignedAt,
                    addenda.stream().map(AddendumView::of).toList(), n.version);
        }
    }
}
