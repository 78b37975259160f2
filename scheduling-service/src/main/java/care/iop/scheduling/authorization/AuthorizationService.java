package care.iop.scheduling.authorization;

import care.iop.common.audit.AuditLog;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.scheduling.FeatureOrder;
import care.iop.scheduling.SqlEnums;
import care.iop.scheduling.booking.Booking;
import care.iop.scheduling.booking.BookingEvents;
import care.iop.scheduling.booking.BookingService;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.enrollment.Enrollment;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Payer authorisations against what is booked. A unit is a program day (per diem, as with H0015 and S9480): each
 * local date with at least one session the patient holds a place in and has not missed uses one.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AuthorizationService {

    /** Bookings in these statuses use a program day: a place held and not missed (a no-show uses none). */
    static final Set<BookingStatus> USES_A_DAY = Collections.unmodifiableSet(
            EnumSet.of(BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.FULFILLED));

    public record Usage(UUID coverageId, LocalDate authorizedFrom, LocalDate authorizedTo, int authorizedUnits,
                        long usedUnits) {
    }

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    CallerContext caller;

    /**
     * A patient's authorisations with the program days booked against each; 404 for a patient never enrolled in the
     * caller's clinic. Audited as a read.
     */
    @Transactional
    @RetryOnConflict
    public List<Usage> list(UUID patientId) {
        UUID clinic = caller.requireClinicId();
        if (Enrollment.count("clinicId = ?1 and patientId = ?2", clinic, patientId) == 0) {
            throw ProblemException.notFound("Patient", patientId);
        }
        audit.record(AuditLog.Entry.success(AuditAction.READ, "PayerAuthorization", patientId, patientId, clinic));
        return PayerAuthorization.<PayerAuthorization>list("patientId = ?1 and clinicId = ?2 order by authorizedFrom",
                patientId, clinic).stream().map(this::usage).toList();
    }

    /** Keeps (or replaces) a payer's authorisation, from intake's {@code coverage.authorized} event. */
    public void record(UUID coverageId, UUID clinicId, UUID patientId, int authorizedUnits, LocalDate from,
                       LocalDate to, String payerRuleSet, String authorizationNumber) {
        PayerAuthorization a = PayerAuthorization.<PayerAuthorization>findByIdOptional(coverageId)
                .orElseGet(PayerAuthorization::new);
        a.coverageId = coverageId;
        a.clinicId = clinicId;
        a.patientId = patientId;
        a.authorizedUnits = authorizedUnits;
        a.authorizedFrom = from;
        a.authorizedTo = to;
        a.payerRuleSet = payerRuleSet;
        a.authorizationNumber = authorizationNumber;
        a.persist();
    }

    /**
     * Marks the authorisation as announced expiring; true the first time only (billing announces it once).
     */
    public boolean announceExpiringOnce(PayerAuthorization a) {
        if (a.expiringAnnouncedAt != null) {
            return false;
        }
        a.expiringAnnouncedAt = Instant.now();
        return true;
    }

    /** A booking that takes the patient past an authorisation covering its day is made, with a warning. */
    void onPlaceTaken(@Observes @Priority(FeatureOrder.AUTHORIZATION) BookingEvents.PlaceTaken event) {
        Booking b = event.booking();
        covering(b.patientId, b.clinicId, event.session().localDate).stream()
                .filter(u -> u.usedUnits() > u.authorizedUnits()).findFirst()
                .map(u -> new BookingService.Warning("authorized-units-exceeded", "This booking makes " + u.usedUnits()
                        + " program days between " + u.authorizedFrom() + " and " + u.authorizedTo()
                        + "; the payer authorised " + u.authorizedUnits() + " (coverage " + u.coverageId() + ")"))
                .ifPresent(event::warn);
    }

    /** The authorisations covering a date, with their usage. */
    private List<Usage> covering(UUID patientId, UUID clinicId, LocalDate date) {
        return PayerAuthorization.<PayerAuthorization>list("patientId = ?1 and clinicId = ?2 and authorizedFrom <= ?3 "
                + "and authorizedTo >= ?3", patientId, clinicId, date).stream().map(this::usage).toList();
    }

    private Usage usage(PayerAuthorization a) {
        long days = ((Number) em.createNativeQuery("""
                select count(distinct s.local_date) from booking b join session s on s.id = b.session_id
                where b.patient_id = :patient and b.clinic_id = :clinic
                  and b.status in (:usesADay)
                  and s.local_date between :from and :to""")
                .setParameter("patient", a.patientId).setParameter("clinic", a.clinicId)
                .setParameter("usesADay", SqlEnums.names(USES_A_DAY))
                .setParameter("from", a.authorizedFrom).setParameter("to", a.authorizedTo).getSingleResult())
                .longValue();
        return new Usage(a.coverageId, a.authorizedFrom, a.authorizedTo, a.authorizedUnits, days);
    }
}
