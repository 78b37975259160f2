package care.iop.notes.note;

import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.Roles;
import care.iop.events.notes.NoteKind;
import care.iop.notes.note.NoteApi.AddendumRequest;
import care.iop.notes.note.NoteApi.AddendumView;
import care.iop.notes.note.NoteApi.GroupNoteRequest;
import care.iop.notes.note.NoteApi.NoteRequest;
import care.iop.notes.note.NoteApi.NoteView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Progress, psychotherapy and group notes: draft, sign, co-sign, amend, read and search. */
@Path("/api/v1/notes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Clinical notes")
public class NoteResource {

    @Inject
    NoteService notes;

    @POST
    @Path("patients/{patientId}/notes")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Start a progress or psychotherapy note (a draft only its author edits)",
            description = "Sections follow the format: SOAP (subjective, objective, assessment, plan), DAP (data, "
                    + "assessment, plan) or BIRP (behavior, intervention, response, plan). A patient this service "
                    + "does not know yet (intake's patient.admitted has not arrived; the same answer for an id nobody "
                    + "knows and another clinic's patient) is 409 awaiting-event naming patient.admitted, with "
                    + "Retry-After. A sessionId must be a session the patient attended: until scheduling's "
                    + "session.attended for it has arrived the answer is 409 awaiting-event with Retry-After. Accepts "
                    + "Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The draft, with its ETag; Location is the note",
            headers = @Header(name = "Location", description = "The note's address",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = NoteView.class)))
    public Response create(@PathParam("patientId") UUID patientId, @NotNull @Valid NoteRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return notes.create(patientId, request, idempotencyKey, NoteResource::created);
    }

    @PUT
    @Path("notes/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Edit a draft (its author only)",
            description = "Requires If-Match (428 without, 412 when stale). A signed note is 409 for everyone. A "
                    + "sessionId is checked as on creation (409 awaiting-event until the attendance has arrived).")
    @APIResponse(responseCode = "200", description = "The draft as edited, with its ETag",
            content = @Content(schema = @Schema(implementation = NoteView.class)))
    public Response update(@PathParam("id") UUID id, @NotNull @Valid NoteRequest request,
                           @HeaderParam(ETags.IF_MATCH) @Parameter(required = true) String ifMatch) {
        return withETag(notes.update(id, request, ifMatch));
    }

    @POST
    @Path("group-notes")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Start a group note: one narrative and a section per attendee",
            description = "Only patients scheduling recorded as attending the session may be included: until "
                    + "scheduling's session.attended has arrived for each, the answer is 409 awaiting-event naming the "
                    + "first who is missing, with Retry-After (also for a patient this service does not know yet: "
                    + "the attendance makes them known; the same answer for an id nobody knows and another clinic's "
                    + "patient). Each section is filed into that patient's record. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The group note draft, with its ETag; Location is the note",
            headers = @Header(name = "Location", description = "The note's address",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = NoteView.class)))
    public Response createGroup(@NotNull @Valid GroupNoteRequest request,
                                @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return notes.createGroup(groupContent(request), idempotencyKey, request, NoteResource::created);
    }

    @PUT
    @Path("group-notes/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Edit a group note draft (its author only); requires If-Match",
            description = "Attendees are checked as on creation (409 awaiting-event until each attendance has "
                    + "arrived).")
    @APIResponse(responseCode = "200", description = "The group note draft as edited, with its ETag",
            content = @Content(schema = @Schema(implementation = NoteView.class)))
    public Response updateGroup(@PathParam("id") UUID id, @NotNull @Valid GroupNoteRequest request,
                                @HeaderParam(ETags.IF_MATCH) @Parameter(required = true) String ifMatch) {
        return withETag(notes.updateGroup(id, groupContent(request), ifMatch));
    }

    @POST
    @Path("notes/{id}/sign")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Sign a note (its author only); from then on it never changes",
            description = "Requires If-Match. Every section of the format must be written (422). Notes by "
                    + "supervised staff go to pending-co-signature. Signed more than the configured time after the "
                    + "session (default 72 h): marked late.")
    @APIResponse(responseCode = "200",
            description = "The note as signed (signed, or pending-co-signature), with its ETag",
            content = @Content(schema = @Schema(implementation = NoteView.class)))
    @APIResponse(responseCode = "422", description = "A section of the note's format is empty (a group note: no "
            + "narrative or no attendee's section)")
    public Response sign(@PathParam("id") UUID id,
                         @HeaderParam(ETags.IF_MATCH) @Parameter(required = true) String ifMatch) {
        return withETag(notes.sign(id, ifMatch));
    }

    @POST
    @Path("notes/{id}/co-sign")
    @RolesAllowed(Roles.CLINICAL_SUPERVISOR)
    @Operation(summary = "Co-sign a supervised clinician's signed note (clinical supervisors); requires If-Match")
    @APIResponse(responseCode = "200", description = "The note as co-signed, with its ETag",
            content = @Content(schema = @Schema(implementation = NoteView.class)))
    public Response coSign(@PathParam("id") UUID id,
                           @HeaderParam(ETags.IF_MATCH) @Parameter(required = true) String ifMatch) {
        return withETag(notes.coSign(id, ifMatch));
    }

    @POST
    @Path("notes/{id}/addenda")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Add a signed addendum to a signed note",
            description = "Append-only; the original is kept as signed and shown with its addenda. Location is the "
                    + "note, which lists its addenda (an addendum has no address of its own).")
    @APIResponse(responseCode = "201", description = "The signed addendum",
            headers = @Header(name = "Location", description = "The note the addendum belongs to",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = AddendumView.class)))
    public Response amend(@PathParam("id") UUID id, @NotNull @Valid AddendumRequest request) {
        return Response.created(noteAddress(id)).entity(notes.amend(id, request.text())).build();
    }

    @GET
    @Path("notes/{id}")
    @Operation(summary = "A note with its addenda",
            description = "Drafts are visible to their author and clinical supervisors only; psychotherapy notes to "
                    + "their author and the clinical supervisors assigned to the author only (others read one through "
                    + "POST .../break-glass). To anyone else they do not exist (404).")
    @APIResponse(responseCode = "200", description = "The note with its addenda, with its ETag",
            content = @Content(schema = @Schema(implementation = NoteView.class)))
    public Response get(@PathParam("id") UUID id) {
        return withETag(notes.get(id));
    }

    /** A break-glass read: why (a code; free text required for {@code other}), kept with its audit record. */
    public record BreakGlassRequest(@NotNull BreakGlassReason reasonCode, @Size(max = 2000) String reasonText) {
    }

    @POST
    @Path("notes/{id}/break-glass")
    @RolesAllowed(Roles.CLINICAL_SUPERVISOR)
    @Operation(summary = "Break-glass read of a note of the clinic, psychotherapy notes included (clinical supervisors)",
            description = "For a clinical supervisor who is not assigned to the author and must read the note "
                    + "(an emergency, a safety risk, care that cannot wait). A reason is required: reasonCode "
                    + "emergency-treatment, patient-safety, continuity-of-care or other (then reasonText too); 400 "
                    + "without. The read is audited as sensitive with purpose of use ETREAT, and the reason is kept "
                    + "with that audit record (events and logs carry the code only). 404 for a note of another "
                    + "clinic or none.")
    @APIResponse(responseCode = "200", description = "The note with its addenda, with its ETag",
            content = @Content(schema = @Schema(implementation = NoteView.class)))
    public Response breakGlass(@PathParam("id") UUID id, @NotNull @Valid BreakGlassRequest request) {
        return withETag(notes.breakGlass(id, request.reasonCode(), request.reasonText()));
    }

    @GET
    @Path("patients/{patientId}/notes")
    @Operation(summary = "A patient's notes, searchable by date, kind, author and text",
            description = "q is full-text (PostgreSQL websearch syntax: words, \"phrases\", -exclusions). "
                    + "Psychotherapy notes are left out of this list unless kind=psychotherapy is asked for, and "
                    + "then only their author's own and, for a clinical supervisor, those of the staff they are "
                    + "assigned to are listed. Group notes show this patient's section only.")
    public Page<NoteView> search(@PathParam("patientId") UUID patientId, @QueryParam("from") LocalDate from,
                                 @QueryParam("to") LocalDate to,
                                 @QueryParam("kind") @Parameter(schema = @Schema(implementation = NoteKind.class))
                                 String kind,
                                 @QueryParam("authorId") UUID authorId, @QueryParam("q") @Size(max = 200) String q,
                                 @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return notes.search(patientId, from, to, kind, authorId, q, limit, cursor);
    }

    private static NoteService.GroupContent groupContent(GroupNoteRequest request) {
        Map<UUID, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < request.entries().size(); i++) {
            var e = request.entries().get(i);
            if (entries.put(e.patientId(), e.section()) != null) {
                throw ProblemException.invalid("entries[" + i + "].patientId", "appears twice");
            }
        }
        return new NoteService.GroupContent(request.sessionId(), request.serviceDate(), request.narrative(), entries,
                request.interventions());
    }

    private static Response created(NoteView view) {
        return Response.created(noteAddress(view.id())).entity(view).tag(ETags.of(view.version())).build();
    }

    private static URI noteAddress(UUID id) {
        return URI.create("/api/v1/notes/notes/" + id);
    }

    private static Response withETag(NoteView view) {
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }
}
