package care.iop.notes.note;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.notes.NoteKind;
import care.iop.notes.note.NoteApi.AddendumRequest;
import care.iop.notes.note.NoteApi.AddendumView;
import care.iop.notes.note.NoteApi.GroupNoteRequest;
import care.iop.notes.note.NoteApi.NoteRequest;
import care.iop.notes.note.NoteApi.NoteView;
import care.iop.notes.patient.KnownPatient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Progress, psychotherapy and group notes: draft, sign, co-sign, amend, read and search. */
@Path("/api/v1/notes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Clinical notes")
@RetryOnConflict
public class NoteResource {

    @Inject
    NoteService notes;

    @Inject
    CallerContext caller;

    @Inject
    Idempotency idempotency;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @POST
    @Path("patients/{patientId}/notes")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Start a progress or psychotherapy note (a draft only its author edits)",
            description = "Sections follow the format: SOAP (subjective, objective, assessment, plan), DAP (data, "
                    + "assessment, plan) or BIRP (behavior, intervention, response, plan). A sessionId must be a "
                    + "session the patient attended (409 otherwise). Accepts Idempotency-Key.")
    public Response create(@PathParam("patientId") UUID patientId, @NotNull @Valid NoteRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            Note n = notes.createIndividual(patientId, request.kind(), request.content());
            return Response.status(Response.Status.CREATED).entity(view(n, null)).tag(ETags.of(n.version)).build();
        });
    }

    @PUT
    @Path("notes/{id}")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Edit a draft (its author only)",
            description = "Requires If-Match (428 without, 412 when stale). A signed note is 409 for everyone.")
    public Response update(@PathParam("id") UUID id, @NotNull @Valid NoteRequest request,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Note n = notes.require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, n.version, true);
        if (request.kind() != n.kind) {
            throw ProblemException.invalid("kind", "a note keeps its kind");
        }
        notes.update(n, request.content());
        em.flush();
        return Response.ok(view(n, null)).tag(ETags.of(n.version)).build();
    }

    @POST
    @Path("group-notes")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Start a group note: one narrative and a section per attendee",
            description = "Only patients scheduling recorded as attending the session may be included (409 naming "
                    + "the first who did not). Each section is filed into that patient's record. Accepts "
                    + "Idempotency-Key.")
    public Response createGroup(@NotNull @Valid GroupNoteRequest request,
                                @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            Note n = notes.createGroup(groupContent(request));
            return Response.status(Response.Status.CREATED).entity(view(n, null)).tag(ETags.of(n.version)).build();
        });
    }

    @PUT
    @Path("group-notes/{id}")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Edit a group note draft (its author only); requires If-Match")
    public Response updateGroup(@PathParam("id") UUID id, @NotNull @Valid GroupNoteRequest request,
                                @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Note n = notes.require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, n.version, true);
        notes.updateGroup(n, groupContent(request));
        em.flush();
        return Response.ok(view(n, null)).tag(ETags.of(n.version)).build();
    }

    @POST
    @Path("notes/{id}/sign")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Sign a note (its author only); from then on it never changes",
            description = "Requires If-Match. Every section of the format must be written (422). Notes by "
                    + "supervised staff go to pending-co-signature. Signed more than the configured time after the "
                    + "session (default 72 h): marked late.")
    public Response sign(@PathParam("id") UUID id, @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Note n = notes.require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, n.version, true);
        notes.sign(n);
        return Response.ok(view(n, null)).tag(ETags.of(n.version)).build();
    }

    @POST
    @Path("notes/{id}/co-sign")
    @Transactional
    @RolesAllowed(Roles.CLINICAL_SUPERVISOR)
    @Operation(summary = "Co-sign a supervised clinician's signed note (clinical supervisors); requires If-Match")
    public Response coSign(@PathParam("id") UUID id, @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Note n = notes.require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, n.version, true);
        notes.coSign(n);
        return Response.ok(view(n, null)).tag(ETags.of(n.version)).build();
    }

    @POST
    @Path("notes/{id}/addenda")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Add a signed addendum to a signed note",
            description = "Append-only; the original is kept as signed and shown with its addenda.")
    public Response amend(@PathParam("id") UUID id, @NotNull @Valid AddendumRequest request) {
        Note n = notes.require(id, LockModeType.PESSIMISTIC_WRITE);
        Addendum a = notes.addendum(n, request.text());
        return Response.status(Response.Status.CREATED).entity(AddendumView.of(a)).build();
    }

    @GET
    @Path("notes/{id}")
    @Transactional
    @Operation(summary = "A note with its addenda",
            description = "Drafts are visible to their author and clinical supervisors only; psychotherapy notes to "
                    + "their author and the clinical supervisors assigned to the author only (others read one through "
                    + "POST .../break-glass). To anyone else they do not exist (404).")
    public Response get(@PathParam("id") UUID id) {
        Note n = notes.require(id, LockModeType.NONE);
        for (UUID patient : notes.patientsOf(n)) {
            audit.record(notes.entry(AuditAction.READ, n, patient));
        }
        return Response.ok(view(n, null)).tag(ETags.of(n.version)).build();
    }

    /** A break-glass read: why (a code; free text required for {@code other}), kept with its audit record. */
    public record BreakGlassRequest(@NotNull BreakGlassReason reasonCode, @Size(max = 2000) String reasonText) {
    }

    @POST
    @Path("notes/{id}/break-glass")
    @Transactional
    @RolesAllowed(Roles.CLINICAL_SUPERVISOR)
    @Operation(summary = "Break-glass read of a note of the clinic, psychotherapy notes included (clinical supervisors)",
            description = "For a clinical supervisor who is not assigned to the author and must read the note "
                    + "(an emergency, a safety risk, care that cannot wait). A reason is required: reasonCode "
                    + "emergency-treatment, patient-safety, continuity-of-care or other (then reasonText too); 400 "
                    + "without. The read is audited as sensitive with purpose of use ETREAT, and the reason is kept "
                    + "with that audit record (events and logs carry the code only). 404 for a note of another "
                    + "clinic or none.")
    public Response breakGlass(@PathParam("id") UUID id, @NotNull @Valid BreakGlassRequest request) {
        String text = request.reasonText() == null || request.reasonText().isBlank() ? null
                : request.reasonText().strip();
        if (request.reasonCode() == BreakGlassReason.OTHER && text == null) {
            throw ProblemException.invalid("reasonText", "is required when reasonCode is other");
        }
        Note n = notes.requireForBreakGlass(id);
        notes.recordBreakGlass(n, request.reasonCode(), text);
        return Response.ok(view(n, null)).tag(ETags.of(n.version)).build();
    }

    @GET
    @Path("patients/{patientId}/notes")
    @Transactional
    @Operation(summary = "A patient's notes, searchable by date, kind, author and text",
            description = "q is full-text (PostgreSQL websearch syntax: words, \"phrases\", -exclusions). "
                    + "Psychotherapy notes are left out of this list unless kind=psychotherapy is asked for, and "
                    + "then only their author's own and, for a clinical supervisor, those of the staff they are "
                    + "assigned to are listed. Group notes show this patient's section only.")
    public Page<NoteView> search(@PathParam("patientId") UUID patientId, @QueryParam("from") LocalDate from,
                                 @QueryParam("to") LocalDate to, @QueryParam("kind") String kind,
                                 @QueryParam("authorId") UUID authorId, @QueryParam("q") @Size(max = 200) String q,
                                 @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        UUID clinic = caller.requireClinicId();
        if (!KnownPatient.exists(clinic, patientId)) {
            throw ProblemException.notFound("Patient", patientId);
        }
        int size = Page.limit(limit);
        Page.Position after = Page.decode(cursor);
        NoteKind wanted = WireEnums.parse(NoteKind.class, kind, "kind");
        StringBuilder sql = new StringBuilder("""
                select n.id from note n where n.clinic_id = :clinic
                  and (n.patient_id = :patient or n.id in (select e.note_id from group_note_entry e
                                                           where e.clinic_id = :clinic and e.patient_id = :patient))
                  and (n.status <> 'DRAFT' or n.author_id = :me or :supervisor)""");
        Map<String, Object> p = new HashMap<>(Map.of("clinic", clinic, "patient", patientId,
                "me", caller.staffId().orElse(new UUID(0, 0)),
                "supervisor", caller.hasRole(Roles.CLINICAL_SUPERVISOR)));
        if (wanted == NoteKind.PSYCHOTHERAPY) {
            sql.append(" and n.kind = 'PSYCHOTHERAPY'");
            // The author's own, and a supervisor's assigned staff's: never every supervisor's (issue #16).
            if (caller.hasRole(Roles.CLINICAL_SUPERVISOR)) {
                sql.append(" and (n.author_id = :me or exists (select 1 from staff_supervisor s where s.clinic_id = "
                        + "n.clinic_id and s.staff_id = n.author_id and s.supervisor_id = :me))");
            } else {
                sql.append(" and n.author_id = :me");
            }
        } else {
            sql.append(" and n.kind <> 'PSYCHOTHERAPY'");
            if (wanted != null) {
                sql.append(" and n.kind = :kind");
                p.put("kind", wanted.name());
            }
        }
        if (from != null) {
            sql.append(" and n.service_date >= :from");
            p.put("from", from);
        }
        if (to != null) {
            sql.append(" and n.service_date <= :to");
            p.put("to", to);
        }
        if (authorId != null) {
            sql.append(" and n.author_id = :author");
            p.put("author", authorId);
        }
        if (q != null && !q.isBlank()) {
            sql.append(" and n.search_vector @@ websearch_to_tsquery('english', :q)");
            p.put("q", q);
        }
        if (after != null) {
            sql.append(" and (n.created_at, n.id) > (:afterAt, :afterId)");
            p.put("afterAt", after.createdAt());
            p.put("afterId", after.id());
        }
        sql.append(" order by n.created_at, n.id limit ").append(size + 1);
        var query = em.createNativeQuery(sql.toString(), UUID.class);
        p.forEach(query::setParameter);
        List<UUID> ids = query.getResultList().stream().map(UUID.class::cast).toList();
        Map<UUID, Note> byId = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            Note.<Note>list("id in ?1", ids).forEach(n -> byId.put(n.id, n));
        }
        List<Note> rows = ids.stream().map(byId::get).toList();
        Page<NoteView> page = Page.of(rows, size, n -> new Page.Position(n.createdAt, n.id), n -> view(n, patientId));
        rows.stream().limit(size).forEach(n -> audit.record(notes.entry(AuditAction.READ, n, patientId)));
        return page;
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

    /** The note as {@code forPatient} sees it in their record (only their group section), or whole when null. */
    private NoteView view(Note n, UUID forPatient) {
        List<GroupNoteEntry> entries = notes.entries(n).stream()
                .filter(e -> forPatient == null || e.patientId.equals(forPatient)).toList();
        return NoteView.of(n, entries, Addendum.list("noteId = ?1 order by signedAt, id", n.id));
    }
}
