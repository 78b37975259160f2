package care.iop.intake.admission;

import care.iop.common.audit.AuditLog;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.EventType;
import care.iop.events.audit.AuditAction;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.PatientWaitlisted;
import care.iop.intake.admission.AdmissionApi.AdmissionRequest;
import care.iop.intake.admission.AdmissionApi.WaitlistRequest;
import care.iop.intake.assessment.Assessment;
import care.iop.intake.patient.Coverage;
import care.iop.intake.patient.Patient;
import care.iop.intake.referral.Referral;
import care.iop.intake.referral.ReferralStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Admission to a program track and the tracks' waitlists. Owns each transaction, asks {@link AdmissionRules} who may
 * be admitted, and is the only writer of admission and waitlist audit records and events.
 */
@ApplicationScoped
@Transactional
@RetryOnConflict
public class AdmissionService {

    /** A waitlist entry and its place in the queue (1 first; null when it is no longer waiting). */
    public record Placed(WaitlistEntry entry, Integer position) {
    }

    @Inject
    ClinicScope clinicScope;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    /**
     * Admits a patient (once per Idempotency-Key; {@code answer} maps the admission to the stored response): the
     * patient's referral moves to admitted and their waitlist entries end.
     */
    public Response admit(AdmissionRequest request, String idempotencyKey, Function<Admission, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> answer.apply(admit(request)));
    }

    private Admission admit(AdmissionRequest request) {
        Patient patient = clinicScope.require(Patient.class, request.patientId(), LockModeType.PESSIMISTIC_WRITE);
        Optional<Assessment> latest = Assessment.<Assessment>find("patientId = ?1 order by completedAt desc", patient.id)
                .firstResultOptional();
        AdmissionRules.refusal(request.levelOfCare(), latest.map(a -> a.finalLevel).orElse(null), patient.status)
                .ifPresent(refusal -> {
                    throw switch (refusal) {
                        case LEVEL_NOT_PROVIDED -> ProblemException.unprocessable(
                                "This program admits at level 2.1 (IOP) only, not " + request.levelOfCare().value());
                        case NOT_ASSESSED -> ProblemException.conflict(
                                "The patient has no completed assessment; assess before admitting");
                        case ASSESSED_AT_ANOTHER_LEVEL -> ProblemException.conflict("The latest assessment's final "
                                + "level is " + latest.get().finalLevel.value() + ", not "
                                + request.levelOfCare().value(), "assessmentId", latest.get().id);
                        case ALREADY_ADMITTED -> referredSinceAdmission(patient)
                                ? ProblemException.awaiting(EventType.PATIENT_DISCHARGED.type(), "Patient " + patient.id
                                + " is admitted and was referred again since: the new admission waits for aftercare's "
                                + "discharge of the current stay")
                                : ProblemException.conflict("The patient is already admitted");
                    };
                });
        if (request.coverageId() != null) {
            clinicScope.require(Coverage.class, request.coverageId());
        }
        Referral referral = referralOf(request.referralId(), patient);
        if (referral != null) {
            referral.moveTo(ReferralStatus.ADMITTED, Instant.now().truncatedTo(ChronoUnit.MICROS));
        }
        WaitlistEntry.<WaitlistEntry>list("patientId = ?1 and status in ?2", patient.id, onWaitlist())
                .forEach(w -> w.status = WaitlistEntry.Status.ADMITTED);
        Admission a = new Admission();
        a.id = UUID.randomUUID();
        a.clinicId = patient.clinicId;
        a.patientId = patient.id;
        a.referralId = request.referralId();
        a.trackCode = request.trackCode();
        a.levelOfCare = request.levelOfCare();
        a.admissionDate = request.admissionDate();
        a.primaryCounselorId = request.primaryCounselorId();
        a.coverageId = request.coverageId();
        a.createdAt = Instant.now();
        a.persistAndFlush();
        patient.status = Patient.Status.ACTIVE;
        outbox.publish(new PatientAdmitted(a.id, a.trackCode, a.levelOfCare, a.admissionDate, a.primaryCounselorId),
                patient.id, patient.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Admission", a.id, patient.id, patient.clinicId));
        return a;
    }

    /**
     * Puts a patient on a track's waitlist (once per Idempotency-Key; {@code answer} maps the entry and its position
     * to the stored response); their referral moves to waitlisted.
     */
    public Response waitlist(WaitlistRequest request, String idempotencyKey, Function<Placed, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> answer.apply(waitlist(request)));
    }

    private Placed waitlist(WaitlistRequest request) {
        Patient patient = clinicScope.require(Patient.class, request.patientId(), LockModeType.PESSIMISTIC_WRITE);
        if (WaitlistEntry.count("patientId = ?1 and trackCode = ?2 and status in ?3", patient.id, request.trackCode(),
                onWaitlist()) > 0) {
            throw ProblemException.conflict("The patient is already on this track's waitlist");
        }
        Referral referral = referralOf(request.referralId(), patient);
        if (referral != null) {
            referral.moveTo(ReferralStatus.WAITLISTED, Instant.now().truncatedTo(ChronoUnit.MICROS));
        }
        WaitlistEntry w = new WaitlistEntry();
        w.id = UUID.randomUUID();
        w.clinicId = patient.clinicId;
        w.patientId = patient.id;
        w.referralId = request.referralId();
        w.trackCode = request.trackCode();
        w.addedAt = Instant.now();
        w.expectedStart = request.expectedStart();
        w.status = WaitlistEntry.Status.WAITING;
        w.persistAndFlush();
        patient.status = Patient.Status.WAITLISTED;
        int position = position(w);
        outbox.publish(new PatientWaitlisted(w.id, w.trackCode, position, w.addedAt, w.expectedStart), patient.id,
                patient.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "WaitlistEntry", w.id, patient.id, patient.clinicId));
        return new Placed(w, position);
    }

    /**
     * Aftercare discharged the patient: an admitted patient becomes discharged, and may be admitted again. A late
     * discharge of an earlier stay (dated before the patient's latest admission) changes nothing, nor does one for a
     * patient who is not admitted. Audited as an update of the patient by the event.
     */
    public void discharged(UUID clinic, UUID patientId, LocalDate dischargeDate) {
        Patient patient = Patient.<Patient>find("id = ?1 and clinicId = ?2", patientId, clinic)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().orElse(null);
        if (patient == null || patient.status != Patient.Status.ACTIVE) {
            return;
        }
        boolean laterAdmission = Admission.count("patientId = ?1 and admissionDate > ?2", patientId, dischargeDate) > 0;
        if (laterAdmission) {
            return;
        }
        patient.status = Patient.Status.DISCHARGED;
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Patient", patient.id, patient.id, clinic));
    }

    /** One admission of the caller's clinic, audited as a read of it (another clinic's is a 404). */
    public Admission read(UUID id) {
        Admission a = clinicScope.require(Admission.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Admission", a.id, a.patientId, a.clinicId));
        return a;
    }

    /**
     * One waitlist entry of the caller's clinic with its position in the queue (null once it left it), audited as a
     * read of it (another clinic's is a 404).
     */
    public Placed entry(UUID id) {
        WaitlistEntry w = clinicScope.require(WaitlistEntry.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "WaitlistEntry", w.id, w.patientId, w.clinicId));
        return new Placed(w, AdmissionRules.onWaitlist(w.status) ? position(w) : null);
    }

    /** A track's queue in the caller's clinic, in order with positions; each entry is audited as read. */
    public List<Placed> queue(String trackCode) {
        UUID clinic = caller.requireClinicId();
        List<WaitlistEntry> entries = WaitlistEntry.list("clinicId = ?1 and trackCode = ?2 and status in ?3 "
                + "order by addedAt, id", clinic, trackCode, onWaitlist());
        audit.recordAll(entries.stream()
                .map(w -> AuditLog.Entry.success(AuditAction.READ, "WaitlistEntry", w.id, w.patientId, clinic)).toList());
        int[] position = {0};
        return entries.stream().map(w -> new Placed(w, ++position[0])).toList();
    }

    /** Offers a freed place to the first patient still waiting on the track (404 when nobody is waiting). */
    public Placed offerNext(String trackCode) {
        UUID clinic = caller.requireClinicId();
        WaitlistEntry next = WaitlistEntry.<WaitlistEntry>find("clinicId = ?1 and trackCode = ?2 and status = ?3 "
                        + "order by addedAt, id", clinic, trackCode, WaitlistEntry.Status.WAITING)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Waitlist entry for track", trackCode));
        next.status = WaitlistEntry.Status.OFFERED;
        next.offeredAt = Instant.now();
        next.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "WaitlistEntry", next.id, next.patientId, clinic));
        return new Placed(next, position(next));
    }

    /** Takes a patient off the waitlist; only an entry still in the queue can be declined. */
    public WaitlistEntry decline(UUID id) {
        WaitlistEntry w = clinicScope.require(WaitlistEntry.class, id);
        if (!AdmissionRules.onWaitlist(w.status)) {
            throw ProblemException.illegalTransition("WaitlistEntry", w.status.value(),
                    WaitlistEntry.Status.DECLINED.value());
        }
        w.status = WaitlistEntry.Status.DECLINED;
        w.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "WaitlistEntry", w.id, w.patientId, w.clinicId));
        return w;
    }

    /**
     * Whether the patient was referred again after their latest admission: the staff then take the stay to be over, so
     * an admission still refused as "already admitted" is waiting for aftercare's discharge event, not a mistake.
     */
    private static boolean referredSinceAdmission(Patient patient) {
        return Admission.<Admission>find("patientId = ?1 order by createdAt desc", patient.id).firstResultOptional()
                .map(latest -> Referral.count("patientId = ?1 and receivedAt > ?2", patient.id, latest.createdAt) > 0)
                .orElse(false);
    }

    private Referral referralOf(UUID referralId, Patient patient) {
        if (referralId == null) {
            return null;
        }
        Referral referral = clinicScope.require(Referral.class, referralId);
        if (!referral.patientId.equals(patient.id)) {
            throw ProblemException.invalid("referralId", "belongs to another patient");
        }
        return referral;
    }

    private static int position(WaitlistEntry w) {
        return (int) WaitlistEntry.count("clinicId = ?1 and trackCode = ?2 and status in ?3 and "
                + "(addedAt < ?4 or (addedAt = ?4 and id <= ?5))", w.clinicId, w.trackCode, onWaitlist(), w.addedAt, w.id);
    }

    /** {@link AdmissionRules#ON_WAITLIST} as a query parameter. */
    private static List<WaitlistEntry.Status> onWaitlist() {
        return List.copyOf(AdmissionRules.ON_WAITLIST);
    }
}
