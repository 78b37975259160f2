package care.iop.scheduling.enrollment;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.events.audit.AuditAction;
import care.iop.events.scheduling.EnrollmentEndReason;
import care.iop.events.scheduling.EnrollmentEnded;
import care.iop.events.scheduling.EnrollmentStarted;
import care.iop.scheduling.booking.Booking;
import care.iop.scheduling.booking.BookingService;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.compliance.ComplianceService;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.session.SessionStatus;
import care.iop.scheduling.track.Track;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Enrollment in a track: started by an admission (or by hand), ended by a discharge (or by hand). */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EnrollmentService {

    private static final Logger LOG = Logger.getLogger(EnrollmentService.class);

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    BookingService bookings;

    @Inject
    ComplianceService compliance;

    /**
     * Enrolls a patient in a track by its code. Without such a track yet the enrollment waits for it
     * (pending-track); a closed group that has already started waits for its next cohort.
     */
    public Enrollment enroll(UUID clinicId, UUID patientId, String trackCode, UUID admissionId, LocalDate startDate) {
        if (admissionId != null) {
            Optional<Enrollment> already = Enrollment.find("admissionId", admissionId).firstResultOptional();
            if (already.isPresent()) {
                return already.get();
            }
        }
        Optional<Enrollment> running = Enrollment.<Enrollment>find("clinicId = ?1 and patientId = ?2 and status <> ?3",
                clinicId, patientId, Enrollment.Status.ENDED).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
        if (running.isPresent()) {
            if (admissionId == null) {
                throw ProblemException.conflict("The patient is already enrolled", "conflictingId", running.get().id);
            }
            // A new admission while the last one still runs: its discharge has not reached us yet (it travels on
            // another topic), so the new admission wins and the old enrollment ends here.
            end(running.get(), startDate.isBefore(running.get().startDate) ? running.get().startDate : startDate,
                    EnrollmentEndReason.OTHER);
        }
        Enrollment e = new Enrollment();
        e.id = UUID.randomUUID();
        e.clinicId = clinicId;
        e.patientId = patientId;
        e.trackCode = trackCode;
        e.admissionId = admissionId;
        e.startDate = startDate;
        e.status = Enrollment.Status.PENDING_TRACK;
        e.createdAt = Instant.now();
        e.persist();
        Track.<Track>find("clinicId = ?1 and code = ?2", clinicId, trackCode).firstResultOptional()
                .ifPresent(track -> start(e, track));
        em.flush();
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Enrollment", e.id, patientId, clinicId));
        return e;
    }

    /** A track was created: enrollments that were waiting for its code start now. */
    public void activatePending(Track track) {
        Enrollment.<Enrollment>list("clinicId = ?1 and trackCode = ?2 and status = ?3", track.clinicId, track.code,
                Enrollment.Status.PENDING_TRACK).forEach(e -> start(e, track));
    }

    /** A closed group has a new cohort start: the enrollments waiting for it are booked from that date. */
    public void bookWaitingForCohort(Track track) {
        for (Enrollment e : Enrollment.<Enrollment>list("trackId = ?1 and status = ?2", track.id,
                Enrollment.Status.WAITING_FOR_COHORT)) {
            if (!track.cohortStartDate.isBefore(e.startDate)) {
                e.status = Enrollment.Status.ACTIVE;
                bookUpcoming(e, track.cohortStartDate);
            }
        }
    }

    /** A new group session of a track: every active enrollment that has started by then gets a place. */
    public void bookEnrollmentsInto(Session s) {
        for (Enrollment e : Enrollment.<Enrollment>list("trackId = ?1 and status = ?2 and startDate <= ?3",
                s.trackId, Enrollment.Status.ACTIVE, s.localDate)) {
            bookings.bookIfFree(s, e);
        }
    }

    /** Ends an enrollment and releases its bookings of sessions that have not started. */
    public int end(Enrollment e, LocalDate endDate, EnrollmentEndReason reason) {
        if (e.status == Enrollment.Status.ENDED) {
            throw ProblemException.illegalTransition("Enrollment", e.status.value(), Enrollment.Status.ENDED.value());
        }
        e.status = Enrollment.Status.ENDED;
        e.endDate = endDate;
        e.endReason = reason;
        // Everything not attended after the last day goes, including sessions between a back-dated end and now.
        List<Booking> future = Booking.list("enrollmentId = ?1 and status in ?2 and attendance is null and sessionId in "
                + "(select s.id from Session s where s.localDate > ?3)", e.id,
                List.of(BookingStatus.BOOKED, BookingStatus.WAITLIST, BookingStatus.CHECKED_IN), endDate);
        int released = 0;
        for (Booking b : future) {
            boolean held = b.status != BookingStatus.WAITLIST;
            b.status = BookingStatus.CANCELLED;
            b.statusReason = "enrollment-ended";
            if (held) {
                released++;
            }
        }
        em.flush();
        compliance.endAfter(e, endDate);
        future.stream().map(b -> b.sessionId).distinct()
                .forEach(id -> bookings.promoteWaitlist(em.find(Session.class, id, LockModeType.PESSIMISTIC_WRITE)));
        outbox.publish(new EnrollmentEnded(e.id, endDate, reason, released), e.patientId, e.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Enrollment", e.id, e.patientId, e.clinicId));
        return released;
    }

    /** The patient was discharged (aftercare): their running enrollment ends. */
    /**
     * The patient was discharged (aftercare): the enrollment running on the discharge date ends. An enrollment that
     * started after that date belongs to a later admission and stays.
     */
    public void onDischarge(UUID clinicId, UUID patientId, LocalDate dischargeDate) {
        Enrollment.<Enrollment>find("clinicId = ?1 and patientId = ?2 and status <> ?3 and startDate <= ?4",
                        clinicId, patientId, Enrollment.Status.ENDED, dischargeDate)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .ifPresentOrElse(e -> end(e, dischargeDate, EnrollmentEndReason.DISCHARGED),
                        () -> LOG.infof("Discharge of patient %s: no enrollment of clinic %s was running on its date",
                                patientId, clinicId));
    }

    private void start(Enrollment e, Track track) {
        e.trackId = track.id;
        boolean cohortRunning = track.groupType == Track.GroupType.CLOSED && track.cohortStartDate != null
                && track.cohortStartDate.isBefore(e.startDate);
        e.status = cohortRunning ? Enrollment.Status.WAITING_FOR_COHORT : Enrollment.Status.ACTIVE;
        em.flush();
        outbox.publish(new EnrollmentStarted(e.id, track.id, track.code, e.admissionId, e.startDate), e.patientId,
                e.clinicId);
        if (!cohortRunning) {
            LocalDate from = track.groupType == Track.GroupType.CLOSED && track.cohortStartDate != null
                    && track.cohortStartDate.isAfter(e.startDate) ? track.cohortStartDate : e.startDate;
            bookUpcoming(e, from);
        }
    }

    /** Books the enrollment into the track's group sessions from a date on that have not started yet. */
    private void bookUpcoming(Enrollment e, LocalDate from) {
        List<Session> upcoming = Session.list("trackId = ?1 and status = ?2 and localDate >= ?3 and startsAt > ?4 "
                + "order by startsAt", e.trackId, SessionStatus.BOOKED, from, Instant.now());
        upcoming.stream().filter(Session::isGroup).forEach(s -> bookings.bookIfFree(s, e));
    }
}
