package care.iop.notes.note;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.json.CanonicalHash;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.EventType;
import care.iop.events.audit.AuditAction;
import care.iop.events.notes.NoteAmended;
import care.iop.events.notes.NoteFormat;
import care.iop.events.notes.NoteKind;
import care.iop.events.notes.NoteSigned;
import care.iop.notes.NotesConfig;
import care.iop.notes.note.NoteApi.AddendumView;
import care.iop.notes.note.NoteApi.NoteRequest;
import care.iop.notes.note.NoteApi.NoteView;
import care.iop.notes.due.AttendedSession;
import care.iop.notes.patient.KnownPatient;
import care.iop.notes.plan.TreatmentPlanService;
import care.iop.notes.supervision.StaffSupervisor;
import care.iop.notes.supervision.SupervisedStaff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The note lifecycle: draft (its author edits it) → signed (locked, hashed), through pending-co-signature when the
 * author is supervised; then addenda only. Drafts are visible to their author and clinical supervisors alone;
 * psychotherapy notes to their author and the clinical supervisors assigned to the author alone (any other
 * clinical supervisor of the clinic reads one only through a break-glass read). The methods the resource calls own
 * their transaction ({@code @Transactional} with {@code @RetryOnConflict}) and answer with views; the rest join it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class NoteService {

    /** What a clinician writes in a progress or psychotherapy note. */
    public record Content(NoteFormat format, UUID sessionId, LocalDate serviceDate, Map<String, String> sections,
                          MentalStatus mentalStatus, Risk risk, List<Intervention> interventions,
                          List<UUID> objectivesAddressed) {
    }

    /** What a facilitator writes in a group note: the shared narrative and one section per attendee. */
    public record GroupContent(UUID sessionId, LocalDate serviceDate, String narrative,
                               Map<UUID, String> entries, List<Intervention> interventions) {
    }

    static final String NARRATIVE = "narrative";

    /** HL7 PurposeOfUse of a break-glass read: emergency treatment. */
    public static final String BREAK_GLASS_PURPOSE = "ETREAT";

    private static final Logger LOG = Logger.getLogger(NoteService.class);

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    CallerContext caller;

    @Inject
    NotesConfig config;

    @Inject
    TreatmentPlanService plans;

    @Inject
    Idempotency idempotency;

    /** Starts a progress or psychotherapy note once per Idempotency-Key; {@code answer} maps it to the response. */
    @Transactional
    @RetryOnConflict
    public Response create(UUID patientId, NoteRequest request, String idempotencyKey,
                           Function<NoteView, Response> answer) {
        return idempotency.create(idempotencyKey, request,
                () -> answer.apply(view(createIndividual(patientId, request.kind(), request.content()), null)));
    }

    /** Edits a draft (its author only; If-Match required); a note keeps its kind. */
    @Transactional
    @RetryOnConflict
    public NoteView update(UUID id, NoteRequest request, String ifMatch) {
        Note n = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, n.version, true);
        if (request.kind() != n.kind) {
            throw ProblemException.invalid("kind", "a note keeps its kind");
        }
        update(n, request.content());
        em.flush();
        return view(n, null);
    }

    /** Starts a group note once per Idempotency-Key; {@code answer} maps it to the response. */
    @Transactional
    @RetryOnConflict
    public Response createGroup(GroupContent content, String idempotencyKey, Object requestBody,
                                Function<NoteView, Response> answer) {
        return idempotency.create(idempotencyKey, requestBody, () -> answer.apply(view(createGroup(content), null)));
    }

    /** Edits a group note draft (its author only; If-Match required). */
    @Transactional
    @RetryOnConflict
    public NoteView updateGroup(UUID id, GroupContent content, String ifMatch) {
        Note n = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, n.version, true);
        updateGroup(n, content);
        em.flush();
        return view(n, null);
    }

    /** Signs a note (its author only; If-Match required). */
    @Transactional
    @RetryOnConflict
    public NoteView sign(UUID id, String ifMatch) {
        Note n = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, n.version, true);
        sign(n);
        return view(n, null);
    }

    /** Co-signs a supervised clinician's signed note (If-Match required). */
    @Transactional
    @RetryOnConflict
    public NoteView coSign(UUID id, String ifMatch) {
        Note n = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, n.version, true);
        coSign(n);
        return view(n, null);
    }

    /** Adds a signed addendum to a signed note. */
    @Transactional
    @RetryOnConflict
    public AddendumView amend(UUID id, String text) {
        return AddendumView.of(addendum(require(id, LockModeType.PESSIMISTIC_WRITE), text));
    }

    /** A note with its addenda; audited as a read per patient it concerns. */
    @Transactional
    @RetryOnConflict
    public NoteView get(UUID id) {
        Note n = require(id, LockModeType.NONE);
        for (UUID patient : patientsOf(n)) {
            audit.record(entry(AuditAction.READ, n, patient));
        }
        return view(n, null);
    }

    /** A break-glass read (clinical supervisors): a reason is required, free text for {@code other}. */
    @Transactional
    @RetryOnConflict
    public NoteView breakGlass(UUID id, BreakGlassReason reasonCode, String reasonText) {
        String text = reasonText == null || reasonText.isBlank() ? null : reasonText.strip();
        if (reasonCode == BreakGlassReason.OTHER && text == null) {
            throw ProblemException.invalid("reasonText", "is required when reasonCode is other");
        }
        Note n = requireForBreakGlass(id);
        recordBreakGlass(n, reasonCode, text);
        return view(n, null);
    }

    /**
     * A patient's notes by date, kind, author and text, a page at a time; psychotherapy notes only when asked for,
     * and then only those the caller may read. Each note returned is audited as read.
     */
    @Transactional
    @RetryOnConflict
    public Page<NoteView> search(UUID patientId, LocalDate from, LocalDate to, String kind, UUID authorId, String q,
                                 Integer limit, String cursor) {
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
                  and (n.status <> :draft or n.author_id = :me or :supervisor)""");
        // Enum values are bound from the enums (stored by name), never typed into the SQL.
        Map<String, Object> p = new HashMap<>(Map.of("clinic", clinic, "patient", patientId,
                "me", caller.staffId().orElse(new UUID(0, 0)),
                "supervisor", caller.hasRole(Roles.CLINICAL_SUPERVISOR), "draft", NoteStatus.DRAFT.name(),
                "psychotherapy", NoteKind.PSYCHOTHERAPY.name()));
        if (wanted == NoteKind.PSYCHOTHERAPY) {
            sql.append(" and n.kind = :psychotherapy");
            // The author's own, and a supervisor's assigned staff's: never every supervisor's (issue #16).
            if (caller.hasRole(Roles.CLINICAL_SUPERVISOR)) {
                sql.append(" and (n.author_id = :me or exists (select 1 from staff_supervisor s where s.clinic_id = "
                        + "n.clinic_id and s.staff_id = n.author_id and s.supervisor_id = :me))");
            } else {
                sql.append(" and n.author_id = :me");
            }
        } else {
            sql.append(" and n.kind <> :psychotherapy");
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
        rows.stream().limit(size).forEach(n -> audit.record(entry(AuditAction.READ, n, patientId)));
        return page;
    }

    /**
     * A signed note as one patient's document (the FHIR DocumentReference): a progress note, whose id it has, or one
     * attendee's part of a group note, which has the id of that attendee's entry and shows only that patient's
     * section with the shared narrative, as the patient's note list does.
     */
    public record SignedDocument(UUID id, UUID patientId, NoteView note) {
    }

    /** One page of signed documents and how many matched in all. */
    public record DocumentPage(List<SignedDocument> items, int total) {
    }

    /**
     * The only kinds ever served as documents: psychotherapy notes (and anything else) never are, not even to a
     * caller who may read them here.
     */
    public static final Set<NoteKind> DOCUMENT_KINDS = Set.of(NoteKind.PROGRESS, NoteKind.GROUP);

    /** A signed document by id, audited as a read of its note for its patient; 404 when there is none to serve. */
    @Transactional
    @RetryOnConflict
    public SignedDocument signedDocument(UUID id) {
        List<SignedDocument> found = documents(null, id, DOCUMENT_KINDS, signedAt -> true, 0, 1).items();
        if (found.isEmpty()) {
            throw ProblemException.notFound("Note", id);
        }
        return found.get(0);
    }

    /**
     * Signed documents of the caller's clinic, newest signature first, a page at a time: of one patient and/or with
     * one id, of the given kinds (only progress and group notes ever), signed when {@code signedAt} accepts. Drafts,
     * notes awaiting co-signature and psychotherapy notes are never among them. Each document returned is audited as
     * a read of its note for its patient, as the patient's note list is.
     */
    @Transactional
    @RetryOnConflict
    public DocumentPage signedDocuments(UUID patientId, UUID documentId, Set<NoteKind> kinds,
                                        Predicate<Instant> signedAt, int offset, int count) {
        return documents(patientId, documentId, kinds, signedAt, offset, count);
    }

    private DocumentPage documents(UUID patientId, UUID documentId, Set<NoteKind> kinds, Predicate<Instant> signedAt,
                                   int offset, int count) {
        UUID clinic = caller.requireClinicId();
        Map<String, Object> p = new HashMap<>(Map.of("clinic", clinic, "signed", NoteStatus.SIGNED.name()));
        String filter = "";
        if (patientId != null) {
            filter += " and d.patient_id = :patient";
            p.put("patient", patientId);
        }
        if (documentId != null) {
            filter += " and d.doc_id = :doc";
            p.put("doc", documentId);
        }
        List<String> parts = new ArrayList<>();
        if (kinds.contains(NoteKind.PROGRESS)) {
            parts.add("select n.id as doc_id, n.id as note_id, n.patient_id, n.signed_at from note n "
                    + "where n.clinic_id = :clinic and n.status = :signed and n.kind = :progress");
            p.put("progress", NoteKind.PROGRESS.name());
        }
        if (kinds.contains(NoteKind.GROUP)) {
            parts.add("select e.id as doc_id, n.id as note_id, e.patient_id, n.signed_at from group_note_entry e "
                    + "join note n on n.id = e.note_id where e.clinic_id = :clinic and n.clinic_id = :clinic "
                    + "and n.status = :signed and n.kind = :group");
            p.put("group", NoteKind.GROUP.name());
        }
        if (parts.isEmpty()) {
            return new DocumentPage(List.of(), 0);
        }
        var query = em.createNativeQuery("select d.doc_id, d.note_id, d.patient_id, d.signed_at from ("
                + String.join(" union all ", parts) + ") d where true" + filter
                + " order by d.signed_at desc, d.doc_id");
        p.forEach(query::setParameter);
        record Row(UUID docId, UUID noteId, UUID patientId, Instant signedAt) {
        }
        List<Row> matches = ((List<?>) query.getResultList()).stream().map(Object[].class::cast)
                .map(r -> new Row((UUID) r[0], (UUID) r[1], (UUID) r[2], instant(r[3])))
                .filter(r -> signedAt.test(r.signedAt())).toList();
        List<Row> page = matches.stream().skip(offset).limit(count).toList();
        Map<UUID, Note> notes = new HashMap<>();
        if (!page.isEmpty()) {
            Note.<Note>list("id in ?1", page.stream().map(Row::noteId).distinct().toList())
                    .forEach(n -> notes.put(n.id, n));
        }
        List<SignedDocument> items = new ArrayList<>();
        for (Row row : page) {
            Note n = notes.get(row.noteId());
            // Belt and braces over the query: never a psychotherapy note, a draft or a note of another clinic.
            if (n == null || n.isPsychotherapy() || n.status != NoteStatus.SIGNED || !n.clinicId.equals(clinic)
                    || !DOCUMENT_KINDS.contains(n.kind) || !visible(n)) {
                continue;
            }
            audit.record(entry(AuditAction.READ, n, row.patientId()));
            items.add(new SignedDocument(row.docId(), row.patientId(), view(n, row.patientId())));
        }
        return new DocumentPage(items, matches.size());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }

    /** The note as {@code forPatient} sees it in their record (only their group section), or whole when null. */
    NoteView view(Note n, UUID forPatient) {
        List<GroupNoteEntry> entries = entries(n).stream()
                .filter(e -> forPatient == null || e.patientId.equals(forPatient)).toList();
        return NoteView.of(n, entries, Addendum.list("noteId = ?1 order by signedAt, id", n.id));
    }

    public Note createIndividual(UUID patientId, NoteKind kind, Content c) {
        UUID clinic = caller.requireClinicId();
        KnownPatient.requireForWrite(clinic, patientId);
        if (kind != NoteKind.PROGRESS && kind != NoteKind.PSYCHOTHERAPY) {
            throw ProblemException.invalid("kind", "is progress or psychotherapy here; group notes have their own "
                    + "endpoint");
        }
        Note n = new Note();
        n.id = UUID.randomUUID();
        n.clinicId = clinic;
        n.patientId = patientId;
        n.kind = kind;
        n.authorId = caller.requireStaffId();
        n.status = NoteStatus.DRAFT;
        n.createdAt = Instant.now();
        apply(n, c);
        n.persist();
        audit.record(entry(AuditAction.CREATE, n, patientId));
        return n;
    }

    public void update(Note n, Content c) {
        requireEditableDraft(n);
        if (n.format == NoteFormat.GROUP) {
            throw ProblemException.conflict("A group note is edited through its group endpoint", "conflictingId", n.id);
        }
        apply(n, c);
        audit.record(entry(AuditAction.UPDATE, n, n.patientId));
    }

    public Note createGroup(GroupContent c) {
        UUID clinic = caller.requireClinicId();
        Note n = new Note();
        n.id = UUID.randomUUID();
        n.clinicId = clinic;
        n.kind = NoteKind.GROUP;
        n.format = NoteFormat.GROUP;
        n.authorId = caller.requireStaffId();
        n.status = NoteStatus.DRAFT;
        n.createdAt = Instant.now();
        applyGroup(n, c);
        n.persist();
        em.flush();
        writeEntries(n, c.entries());
        for (UUID patient : c.entries().keySet()) {
            audit.record(entry(AuditAction.CREATE, n, patient));
        }
        return n;
    }

    public void updateGroup(Note n, GroupContent c) {
        requireEditableDraft(n);
        if (n.format != NoteFormat.GROUP) {
            throw ProblemException.conflict("Not a group note", "conflictingId", n.id);
        }
        if (!c.sessionId().equals(n.sessionId)) {
            throw ProblemException.invalid("sessionId", "a group note stays with its session");
        }
        applyGroup(n, c);
        GroupNoteEntry.delete("noteId", n.id);
        em.flush();
        writeEntries(n, c.entries());
        for (UUID patient : c.entries().keySet()) {
            audit.record(entry(AuditAction.UPDATE, n, patient));
        }
    }

    /** The author signs: locked from now on, hashed, marked late if past the window after the session. */
    public void sign(Note n) {
        if (!n.authorId.equals(caller.requireStaffId())) {
            throw ProblemException.forbidden("Only the author signs a note; others add signed addenda");
        }
        if (n.status != NoteStatus.DRAFT) {
            throw ProblemException.illegalTransition("Note", n.status.value(), NoteStatus.SIGNED.value());
        }
        if (n.format == NoteFormat.GROUP) {
            if (n.sections.getOrDefault(NARRATIVE, "").isBlank() || entries(n).isEmpty()) {
                throw ProblemException.unprocessable("A group note is signed with a narrative and at least one "
                        + "attendee's section");
            }
        } else {
            NoteFormats.checkComplete(n.format, n.sections);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<UUID> patients = patientsOf(n);
        List<AttendedSession> attended = n.sessionId == null ? List.of() : AttendedSession.<AttendedSession>find(
                "clinicId = ?1 and sessionId = ?2 and patientId in ?3", n.clinicId, n.sessionId, patients)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        n.late = attended.stream().anyMatch(a -> now.isAfter(a.sessionStartsAt.plus(config.signWithin())));
        n.coSignRequired = SupervisedStaff.isSupervised(n.clinicId, n.authorId);
        n.status = n.coSignRequired ? NoteStatus.PENDING_CO_SIGNATURE : NoteStatus.SIGNED;
        n.signedAt = now;
        n.contentHash = hash(n);
        n.updatedAt = now;
        attended.forEach(a -> a.noteId = n.id);
        em.flush();
        for (UUID patient : patients) {
            outbox.publish(new NoteSigned(n.id, n.kind, n.format, n.authorId, n.sessionId, now, n.late,
                    n.coSignRequired), patient, n.clinicId);
            audit.record(entry(AuditAction.SIGN, n, patient));
        }
    }

    /** A clinical supervisor co-signs a supervised clinician's note. */
    public void coSign(Note n) {
        if (!caller.hasRole(Roles.CLINICAL_SUPERVISOR)) {
            throw ProblemException.forbidden("Co-signature is for clinical supervisors");
        }
        if (n.authorId.equals(caller.requireStaffId())) {
            throw ProblemException.forbidden("A supervisor does not co-sign their own note");
        }
        if (n.status != NoteStatus.PENDING_CO_SIGNATURE) {
            throw ProblemException.illegalTransition("Note", n.status.value(), NoteStatus.SIGNED.value());
        }
        n.status = NoteStatus.SIGNED;
        n.coSignedBy = caller.requireStaffId();
        n.coSignedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        n.updatedAt = n.coSignedAt;
        em.flush();
        for (UUID patient : patientsOf(n)) {
            audit.record(entry(AuditAction.SIGN, n, patient));
        }
    }

    /** A signed addition; the note itself stays exactly as it was signed. */
    public Addendum addendum(Note n, String text) {
        if (n.signedAt == null) {
            throw ProblemException.conflict("A draft is edited, not amended; sign it first", "conflictingId", n.id);
        }
        Addendum a = new Addendum();
        a.id = UUID.randomUUID();
        a.noteId = n.id;
        a.clinicId = n.clinicId;
        a.authorId = caller.requireStaffId();
        a.text = text;
        a.signedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        a.contentHash = CanonicalHash.sha256("addendum\n", Map.of("noteId", n.id, "noteHash", n.contentHash,
                "authorId", a.authorId, "signedAt", a.signedAt.toString(), "text", text));
        a.persist();
        em.flush();
        for (UUID patient : patientsOf(n)) {
            outbox.publish(new NoteAmended(n.id, a.id, a.authorId, a.signedAt), patient, n.clinicId);
            audit.record(entry(AuditAction.UPDATE, n, patient));
        }
        return a;
    }

    /** A note of the caller's clinic they may see, or 404 (never 403: existence is not disclosed). */
    public Note require(UUID id, LockModeType lock) {
        Note n = Note.<Note>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId()).withLock(lock)
                .firstResultOptional().orElseThrow(() -> ProblemException.notFound("Note", id));
        if (!visible(n)) {
            throw ProblemException.notFound("Note", id);
        }
        return n;
    }

    public boolean visible(Note n) {
        boolean mine = caller.staffId().map(n.authorId::equals).orElse(false);
        if (n.isPsychotherapy()) {
            return mine || supervisesAuthor(n);
        }
        return n.status != NoteStatus.DRAFT || mine || caller.hasRole(Roles.CLINICAL_SUPERVISOR);
    }

    /** Any note of the caller's clinic, whoever wrote it, for a break-glass read; 404 for others. */
    public Note requireForBreakGlass(UUID id) {
        return Note.<Note>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId()).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Note", id));
    }

    /**
     * Audits a break-glass read: per patient a sensitive read with purpose of use ETREAT (HL7 emergency treatment),
     * whatever purpose the caller sent, and the reason kept with that audit record in {@code note_break_glass}.
     */
    public void recordBreakGlass(Note n, BreakGlassReason reason, String reasonText) {
        AuditLog.Actor current = audit.currentActor();
        AuditLog.Actor actor = new AuditLog.Actor(current.subject(), current.clientId(), current.roles(),
                BREAK_GLASS_PURPOSE, current.requestId(), current.sourceAddress());
        UUID staff = caller.requireStaffId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (UUID patient : patientsOf(n)) {
            UUID auditId = audit.record(actor, entry(AuditAction.READ, n, patient).asSensitive());
            em.createNativeQuery("""
                            INSERT INTO note_break_glass (audit_id, clinic_id, note_id, patient_id, staff_id,
                              actor_subject, reason_code, reason_text, occurred_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                    .setParameter(1, auditId).setParameter(2, n.clinicId).setParameter(3, n.id)
                    .setParameter(4, patient).setParameter(5, staff).setParameter(6, current.subject())
                    .setParameter(7, reason.value()).setParameter(8, reasonText).setParameter(9, now)
                    .executeUpdate();
        }
        LOG.infof("Break-glass read of note %s by staff %s (reason %s)", n.id, staff, reason.value());
    }

    /** The caller is a clinical supervisor assigned to the note's author. */
    public boolean supervisesAuthor(Note n) {
        return caller.hasRole(Roles.CLINICAL_SUPERVISOR) && caller.staffId()
                .map(me -> StaffSupervisor.isAssigned(n.clinicId, n.authorId, me)).orElse(false);
    }

    public List<GroupNoteEntry> entries(Note n) {
        return n.format != NoteFormat.GROUP ? List.of()
                : GroupNoteEntry.list("noteId = ?1 order by patientId", n.id);
    }

    public List<UUID> patientsOf(Note n) {
        return n.patientId != null ? List.of(n.patientId) : entries(n).stream().map(e -> e.patientId).toList();
    }

    public AuditLog.Entry entry(AuditAction action, Note n, UUID patient) {
        AuditLog.Entry e = AuditLog.Entry.success(action, "Note", n.id, patient, n.clinicId);
        return n.isPsychotherapy() ? e.asSensitive() : e;
    }

    private void requireEditableDraft(Note n) {
        if (n.status != NoteStatus.DRAFT) {
            throw ProblemException.conflict("A signed note never changes; add a signed addendum instead",
                    "conflictingId", n.id);
        }
        if (!n.authorId.equals(caller.requireStaffId())) {
            throw ProblemException.forbidden("Only the author edits a draft");
        }
    }

    private void apply(Note n, Content c) {
        NoteFormats.checkShape(c.format(), c.sections());
        if (c.sessionId() != null && AttendedSession.count("clinicId = ?1 and sessionId = ?2 and patientId = ?3",
                n.clinicId, c.sessionId(), n.patientId) == 0) {
            // Scheduling's session.attended may still be on its way (eventually consistent): the client retries.
            throw ProblemException.awaiting(EventType.SESSION_ATTENDED.type(), "No attendance of patient "
                    + n.patientId + " at session " + c.sessionId() + " has arrived from scheduling yet");
        }
        List<UUID> objectives = c.objectivesAddressed() == null ? List.of() : c.objectivesAddressed();
        Set<UUID> known = plans.currentObjectiveIds(n.clinicId, n.patientId);
        for (int i = 0; i < objectives.size(); i++) {
            if (!known.contains(objectives.get(i))) {
                throw ProblemException.invalid("objectivesAddressed[" + i + "]",
                        "is not an objective of the patient's current treatment plan");
            }
        }
        n.format = c.format();
        n.sessionId = c.sessionId();
        n.serviceDate = c.serviceDate();
        n.sections = new LinkedHashMap<>(c.sections());
        n.mentalStatus = c.mentalStatus();
        n.risk = c.risk();
        n.interventions = wire(c.interventions());
        n.objectivesAddressed = new ArrayList<>(objectives.stream().distinct().toList());
        n.searchText = String.join("\n", n.sections.values().stream().filter(Objects::nonNull).toList());
        n.updatedAt = Instant.now();
    }

    private void applyGroup(Note n, GroupContent c) {
        if (c.entries().isEmpty()) {
            throw ProblemException.invalid("entries", "a group note has at least one attendee");
        }
        List<UUID> attended = AttendedSession.<AttendedSession>list("clinicId = ?1 and sessionId = ?2", n.clinicId,
                c.sessionId()).stream().map(a -> a.patientId).toList();
        for (UUID patient : c.entries().keySet()) {
            // An attendance also makes its patient known here, so a patient this clinic does not know (an id nobody
            // knows, another clinic's patient) gets this same answer: what they lack is the attendance.
            if (!attended.contains(patient)) {
                throw ProblemException.awaiting(EventType.SESSION_ATTENDED.type(), "Only patients who attended the "
                        + "session can be in its group note; no attendance of patient " + patient + " at session "
                        + c.sessionId() + " has arrived from scheduling yet");
            }
        }
        n.sessionId = c.sessionId();
        n.serviceDate = c.serviceDate();
        n.sections = new LinkedHashMap<>(Map.of(NARRATIVE, c.narrative()));
        n.interventions = wire(c.interventions());
        n.searchText = c.narrative();
        n.updatedAt = Instant.now();
    }

    private void writeEntries(Note n, Map<UUID, String> entries) {
        entries.forEach((patient, section) -> {
            GroupNoteEntry e = new GroupNoteEntry();
            e.id = UUID.randomUUID();
            e.noteId = n.id;
            e.clinicId = n.clinicId;
            e.patientId = patient;
            e.section = section;
            e.persist();
        });
    }

    private static List<String> wire(List<Intervention> interventions) {
        return interventions == null ? new ArrayList<>()
                : new ArrayList<>(interventions.stream().distinct().map(Intervention::value).toList());
    }

    /** SHA-256 over everything the signature covers, in a canonical form anyone can recompute. */
    String hash(Note n) {
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("id", n.id);
        signed.put("patientId", n.patientId);
        signed.put("kind", n.kind.value());
        // The format's name (SOAP), not its wire value (soap): the hashes of notes signed before the wire value
        // became kebab-case (issue #19) must still recompute.
        signed.put("format", n.format.name());
        signed.put("sessionId", n.sessionId);
        signed.put("serviceDate", n.serviceDate.toString());
        signed.put("authorId", n.authorId);
        signed.put("signedAt", n.signedAt.toString());
        signed.put("sections", n.sections);
        signed.put("mentalStatus", n.mentalStatus);
        signed.put("risk", n.risk);
        signed.put("interventions", n.interventions);
        signed.put("objectivesAddressed", n.objectivesAddressed);
        signed.put("entries", entries(n).stream().sorted(Comparator.comparing(e -> e.patientId))
                .collect(Collectors.toMap(e -> e.patientId.toString(), e -> e.section, (a, b) -> a,
                        LinkedHashMap::new)));
        return CanonicalHash.sha256("note\n", signed);
    }
}
