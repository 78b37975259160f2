package care.iop.notes.note;

import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.Roles;
import care.iop.notes.note.NoteApi.AddendumRequest;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
                    + "assessment, plan) or BIRP (behavior, intervention, response, plan). A sessionId must be a "
                    + "session the patient attended (409 otherwise). Accepts Idempotency-Key.")
    public Response create(@PathParam("patientId") UUID patientId, @NotNull @Valid NoteRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return notes.create(patientId, request, idempotencyKey, NoteResource::created);
    }

    @PUT
    @Path("notes/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Edit a draft (its author only)",
            description = "Requires If-Match (428 without, 412 when stale). A signed note is 409 for everyone.")
    public Response update(@PathParam("id") UUID id, @NotNull @Valid NoteRequest request,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return withETag(notes.update(id, request, ifMatch));
    }

    @POST
    @Path("group-notes")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Start a group note: one narrative and a section per attendee",
            description = "Only patients scheduling recorded as attending the session may be included (409 naming "
                    + "the first who did not). Each section is filed into that patient's record. Accepts "
                    + "Idempotency-Key.")
    public Response createGroup(@NotNull @Valid GroupNoteRequest request,
                                @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return notes.createGroup(groupContent(request), idempotencyKey, request, NoteResource::created);
    }

    @PUT
    @Path("group-notes/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Edit a group note draft (its author only); requires If-Match")
    public Response updateGroup(@PathParam("id") UUID id, @NotNull @Valid GroupNoteRequest request,
                                @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return withETag(notes.updateGroup(id, groupContent(request), ifMatch));
    }

    @POST
    @Path("notes/{id}/sign")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Sign a note (its author only); from then on it never changes",
            description = "Requires If-Match. Every section of the format must be written (422). Notes by "
                    + "supervised staff go to pending-co-signature. Signed more than the configured time after the "
                    + "session (default 72 h): marked late.")
    public Response sign(@PathParam("id") UUID id, @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return withETag(notes.sign(id, ifMatch));
    }

    @POST
    @Path("notes/{id}/co-sign")
    @RolesAllowed(Roles.CLINICAL_SUPERVISOR)
    @Operation(summary = "Co-sign a supervised clinician's signed note (clinical supervisors); requires If-Match")
    public Response coSign(@PathParam("id") UUID id, @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return withETag(notes.coSign(id, ifMatch));
    }

    @POST
    @Path("notes/{id}/addenda")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Add a signed addendum to a signed note",
            description = "Append-only; the original is kept as signed and shown with its addenda.")
    public Response amend(@PathParam("id") UUID id, @NotNull @Valid AddendumRequest request) {
        return Response.status(Response.Status.CREATED).entity(notes.amend(id, request.text())).build();
    }

    @GET
    @Path("notes/{id}")
    @Operation(summary = "A note with its addenda",
            description = "Drafts are visible to their author and clinical supervisors only; psychotherapy notes to "
                    + "their author and the clinical supervisors assigned to the author only (others read one through "
                    + "POST .../break-glass). To anyone else they do not exist (404).")
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
                                 @QueryParam("to") LocalDate to, @QueryParam("kind") String kind,
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
        return Response.status(Response.Status.CREATED).entity(view).tag(ETags.of(view.version())).build();
    }

    private static Response withETag(NoteView view) {
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }
}
