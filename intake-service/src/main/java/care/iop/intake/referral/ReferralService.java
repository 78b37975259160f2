package care.iop.intake.referral;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.intake.ReferralDeclined;
import care.iop.events.intake.ReferralOutcome;
import care.iop.events.intake.ReferralReceived;
import care.iop.events.intake.ReferralSource;
import care.iop.intake.patient.Patient;
import care.iop.intake.patient.PatientService;
import care.iop.intake.referral.ReferralApi.External;
import care.iop.intake.referral.ReferralApi.Received;
import care.iop.intake.referral.ReferralApi.ReferralRecord;
import care.iop.intake.referral.ReferralApi.ReferralRequest;
import care.iop.intake.search.Slice;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import care.iop.intake.referral.ReferralApi.StatusChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The referral pipeline: receives referrals from staff, EHRs, partners and aftercare, lists them, and moves them along
 * {@link ReferralStatus}. Owns each transaction (an event handler's transaction is joined) and is the only writer of
 * referral audit records and events.
 */
@ApplicationScoped
@Transactional
@RetryOnConflict
public class ReferralService {

    static final String RESOURCE = "Referral";

    @Inject
    EntityManager em;

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    PatientService patients;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @Inject
    ObjectMapper json;

    /**
     * Receives a referral from the caller, a partner ({@link #receiveFromPartner}) or clinic staff and EHRs
     * ({@link #receiveFromStaff}), once per Idempotency-Key; {@code answer} maps it to the stored response.
     */
    public Response receive(ReferralRequest request, String idempotencyKey, Function<Referral, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> answer.apply(
                caller.isPartner() ? receiveFromPartner(request) : receiveFromStaff(request)));
    }

    /** A referral from clinic staff or an EHR, for an existing or newly registered patient. */
    public Referral receiveFromStaff(ReferralRequest request) {
        return receiveFromStaff(request, External.NONE);
    }

    private Referral receiveFromStaff(ReferralRequest request, External external) {
        UUID clinic = caller.requireClinicId();
        if (request.source() == ReferralSource.PARTNER || request.source() == ReferralSource.AFTERCARE) {
            throw ProblemException.invalid("source", "partner and aftercare referrals arrive through their own channels");
        }
        if (request.partnerReference() != null) {
            throw ProblemException.invalid("partnerReference", "only a referring partner sends its own reference");
        }
        UUID patientId = patientFor(request);
        return open(clinic, patientId, request.source(), null, request.urgency(), request.reasonCode(),
                request.requestedTrackCode(), null, external);
    }

    /**
     * A referral an EHR sends as a FHIR ServiceRequest: received like a staff referral (same checks, event and audit),
     * keeping the sender's identifier and requester. Once per Idempotency-Key (a retry replays the first answer). A
     * referral whose identifier the clinic already holds is answered with the existing one when the sender asked for
     * that ({@code ifNoneExist}: FHIR's conditional create, nothing new written, audited as a read), else refused
     * (409 naming it); concurrent sends of one identifier queue on it, so one referral is made.
     */
    public Received receiveExternal(ReferralRequest request, External external, boolean ifNoneExist,
                                    String idempotencyKey) {
        if (caller.isPartner()) {
            throw ProblemException.forbidden("Partners refer through the partner referral API");
        }
        Response answer = idempotency.create(idempotencyKey, new ReferralApi.ExternalReferral(request, external,
                ifNoneExist), () -> receiveExternal(request, external, ifNoneExist));
        return new Received(recordOf(answer.getEntity()), answer.getStatus() == Response.Status.CREATED.getStatusCode());
    }

    private Response receiveExternal(ReferralRequest request, External external, boolean ifNoneExist) {
        UUID clinic = caller.requireClinicId();
        if (external.hasIdentifier()) {
            em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                    .setParameter(1, "referral|" + clinic + "|" + external.identifierSystem() + "|"
                            + external.identifierValue())
                    .getSingleResult();
            Optional<Referral> existing = Referral.<Referral>find(
                    "clinicId = ?1 and identifierSystem = ?2 and identifierValue = ?3", clinic,
                    external.identifierSystem(), external.identifierValue()).firstResultOptional();
            if (existing.isPresent()) {
                Referral r = existing.get();
                if (!ifNoneExist) {
                    throw ProblemException.conflict("A referral with this identifier already exists", "conflictingId",
                            r.id);
                }
                audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, r.id, r.patientId, r.clinicId));
                return Response.ok(ReferralRecord.of(r)).build();
            }
        }
        Referral r = receiveFromStaff(request, external);
        return Response.status(Response.Status.CREATED).entity(ReferralRecord.of(r)).build();
    }

    /** The entity of an answer: the record itself, or its JSON when the answer was replayed. */
    private ReferralRecord recordOf(Object entity) {
        if (entity instanceof ReferralRecord fresh) {
            return fresh;
        }
        try {
            return json.readValue((String) entity, ReferralRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the stored answer", e);
        }
    }

    /**
     * A partner's referral to a clinic. The partner never learns whether the person is already known there: a
     * likely duplicate is linked to the existing patient silently.
     */
    public Referral receiveFromPartner(ReferralRequest request) {
        UUID partner = caller.requirePartnerId();
        if (request.clinicId() == null) {
            throw ProblemException.invalid("clinicId", "must name the clinic referred to");
        }
        if (request.patient() == null || request.patientId() != null) {
            throw ProblemException.invalid("patient", "partners send the person's details, not a patient id");
        }
        UUID patientId = patients.registerForPartnerReferral(request.clinicId(), request.patient());
        return open(request.clinicId(), patientId, ReferralSource.PARTNER, partner, request.urgency(),
                request.reasonCode(), request.requestedTrackCode(), request.partnerReference(), External.NONE);
    }

    /** Aftercare asked for readmission: a new referral for a patient intake already knows. */
    public void receiveReadmission(UUID clinic, UUID patientId, String reasonCode) {
        Patient patient = em.find(Patient.class, patientId);
        if (patient == null || !patient.clinicId.equals(clinic)) {
            throw new IllegalStateException("readmission for a patient this clinic's intake does not know");
        }
        open(clinic, patientId, ReferralSource.AFTERCARE, null, care.iop.events.intake.Urgency.URGENT, reasonCode, null,
                null, External.NONE);
    }

    private Referral open(UUID clinic, UUID patientId, ReferralSource source, UUID partner,
                          care.iop.events.intake.Urgency urgency, String reasonCode, String trackCode,
                          String partnerReference, External external) {
        Referral r = Referral.received(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        r.clinicId = clinic;
        r.patientId = patientId;
        r.source = source;
        r.partnerId = partner;
        r.urgency = urgency;
        r.reasonCode = reasonCode;
        r.requestedTrackCode = trackCode;
        r.partnerReference = partnerReference;
        r.identifierSystem = external.identifierSystem();
        r.identifierValue = external.identifierValue();
        r.requesterDisplay = external.requesterDisplay();
        r.requesterIdentifierSystem = external.requesterIdentifierSystem();
        r.requesterIdentifierValue = external.requesterIdentifierValue();
        r.persistAndFlush();
        outbox.publish(new ReferralReceived(r.id, source, urgency, trackCode, partner, r.receivedAt), patientId, clinic);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, RESOURCE, r.id, patientId, clinic));
        return r;
    }

    private UUID patientFor(ReferralRequest request) {
        if ((request.patientId() == null) == (request.patient() == null)) {
            throw ProblemException.invalid("patientId", "give either patientId or patient");
        }
        return request.patientId() != null ? patients.require(request.patientId()).id
                : patients.create(request.patient(), false).id();
    }

    public Referral read(UUID id) {
        if (caller.isPartner()) {
            Referral r = Referral.<Referral>find("id = ?1 and partnerId = ?2", id, caller.requirePartnerId())
                    .firstResultOptional().orElseThrow(() -> ProblemException.notFound(RESOURCE, id));
            audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, r.id, r.patientId, r.clinicId));
            return r;
        }
        Referral r = clinicScope.require(Referral.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, r.id, r.patientId, r.clinicId));
        return r;
    }

    /** One referral of the caller's clinic as the FHIR face serves it, audited as {@link #read} audits it. */
    public ReferralRecord readRecord(UUID id) {
        return ReferralRecord.of(read(id));
    }

    /**
     * A patient's referrals of the caller's clinic, oldest first, that {@code filter} keeps: the page from
     * {@code offset}, each referral on it audited as read (as {@link #list} audits its page). An unknown patient, or
     * another clinic's, is the same 404 as in REST.
     */
    public Slice<ReferralRecord> recordsOfPatient(UUID patientId, Predicate<ReferralRecord> filter, int offset,
                                                  int count) {
        Patient patient = patients.require(patientId);
        List<ReferralRecord> matches = Referral.<Referral>list("clinicId = ?1 and patientId = ?2 order by receivedAt, id",
                        patient.clinicId, patient.id).stream()
                .map(ReferralRecord::of).filter(filter).toList();
        Slice<ReferralRecord> slice = Slice.of(matches, offset, count);
        audit.recordAll(slice.items().stream().map(r -> AuditLog.Entry.success(AuditAction.READ, RESOURCE, r.id(),
                r.patientId(), patient.clinicId)).toList());
        return slice;
    }

    /**
     * All referrals of one patient of the caller's clinic, oldest first, each audited as read (as {@link #read}
     * does; none found is one read of the patient's referrals, so the look is on the trail). An unknown patient, or
     * another clinic's, is a 404.
     */
    public List<Referral> ofPatient(UUID patientId) {
        Patient patient = patients.require(patientId);
        List<Referral> found = Referral.list("clinicId = ?1 and patientId = ?2 order by receivedAt, id",
                patient.clinicId, patient.id);
        audit.recordAll(found.isEmpty()
                ? List.of(AuditLog.Entry.success(AuditAction.READ, RESOURCE, null, patient.id, patient.clinicId))
                : found.stream().map(r -> AuditLog.Entry.success(AuditAction.READ, RESOURCE, r.id, r.patientId,
                        r.clinicId)).toList());
        return found;
    }

    /**
     * The caller's referrals (a partner's own, else the clinic's), newest first (received time, then id, both
     * descending), in {@code status} if given, received on or after the day {@code receivedFrom} and on or before the
     * day {@code receivedTo} (whole UTC days; either may be null). Pages by keyset after the cursor's (received time,
     * id), so a page stays stable while referrals arrive; each referral listed is audited as read.
     */
    public Page<Referral> list(ReferralStatus status, LocalDate receivedFrom, LocalDate receivedTo, Integer limit,
                               String cursor) {
        if (receivedFrom != null && receivedTo != null && receivedFrom.isAfter(receivedTo)) {
            throw ProblemException.invalid("receivedFrom", "must be on or before receivedTo");
        }
        int size = Page.limit(limit);
        Page.Position after = Page.decode(cursor);
        boolean partner = caller.isPartner();
        StringBuilder jpql = new StringBuilder("from Referral r where ")
                .append(partner ? "r.partnerId = :owner" : "r.clinicId = :owner");
        if (status != null) {
            jpql.append(" and r.status = :status");
        }
        if (receivedFrom != null) {
            jpql.append(" and r.receivedAt >= :from");
        }
        if (receivedTo != null) {
            jpql.append(" and r.receivedAt < :toExclusive");
        }
        if (after != null) {
            jpql.append(" and (r.receivedAt < :afterAt or (r.receivedAt = :afterAt and r.id < :afterId))");
        }
        var query = em.createQuery(jpql.append(" order by r.receivedAt desc, r.id desc").toString(), Referral.class)
                .setParameter("owner", partner ? caller.requirePartnerId() : caller.requireClinicId())
                .setMaxResults(size + 1);
        if (status != null) {
            query.setParameter("status", status);
        }
        if (receivedFrom != null) {
            query.setParameter("from", receivedFrom.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        if (receivedTo != null) {
            query.setParameter("toExclusive", receivedTo.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        if (after != null) {
            query.setParameter("afterAt", after.createdAt()).setParameter("afterId", after.id());
        }
        List<Referral> rows = query.getResultList();
        Page<Referral> page = Page.of(rows, size, r -> new Page.Position(r.receivedAt, r.id), r -> r);
        audit.recordAll(page.items().stream()
                .map(r -> AuditLog.Entry.success(AuditAction.READ, RESOURCE, r.id, r.patientId, r.clinicId)).toList());
        return page;
    }

    /**
     * Every status a referral took, oldest first: the same referral, visibility and audit as {@link #read} (a
     * partner's own only, staff their clinic's; anything else 404).
     */
    public List<ReferralStatusChange> history(UUID id) {
        return read(id).history();
    }

    /** Pipeline moves made by hand; admission and waitlisting move the referral themselves. */
    public Referral changeStatus(UUID id, StatusChange change, String ifMatch) {
        Referral r = clinicScope.require(Referral.class, id);
        ETags.check(ifMatch, r.version, false);
        switch (change.status()) {
            case ADMITTED, WAITLISTED -> throw ProblemException.invalid("status",
                    "admission and waitlisting happen through the admissions API");
            case DECLINED -> requireReason(change);
            case REFERRED_OUT -> {
                requireReason(change);
                if (change.recommendedLevel() == null) {
                    throw ProblemException.invalid("recommendedLevel", "is required when referring out");
                }
            }
            default -> { }
        }
        boolean decision = change.status() == ReferralStatus.DECLINED
                || change.status() == ReferralStatus.REFERRED_OUT;
        r.moveTo(change.status(), decision ? change.reasonCode() : null, Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (decision) {
            r.decisionReasonCode = change.reasonCode();
            r.recommendedLevel = change.recommendedLevel();
            r.destinationPartnerId = change.destinationPartnerId();
            outbox.publish(new ReferralDeclined(r.id, change.status() == ReferralStatus.DECLINED
                            ? ReferralOutcome.DECLINED : ReferralOutcome.REFERRED_OUT, r.decisionReasonCode,
                    r.recommendedLevel, r.destinationPartnerId, Instant.now()), r.patientId, r.clinicId);
        }
        em.flush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, RESOURCE, r.id, r.patientId, r.clinicId));
        return r;
    }

    private static void requireReason(StatusChange change) {
        if (change.reasonCode() == null) {
            throw ProblemException.invalid("reasonCode", "is required for this decision");
        }
    }
}
