package care.iop.medication.mar;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.events.audit.AuditAction;
import care.iop.events.medication.DoseAdministered;
import care.iop.events.medication.DoseMissed;
import care.iop.medication.order.MedicationOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The medication administration record: doses given, refused or held, and scheduled doses that were missed. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AdministrationService {

    static final Set<String> INJECTABLE_ROUTES = Set.of("intramuscular", "subcutaneous");
    static final int MAX_TAKE_HOME_DOSES = 28;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    public record Entry(Administration.Outcome outcome, Instant scheduledFor, Instant administeredAt,
                        BigDecimal dose, String doseUnit, String lot, int takeHomeDoses, String reasonCode) {
    }

    public Administration record(MedicationOrder o, Entry e) {
        if (o.status != MedicationOrder.Status.ACTIVE) {
            throw ProblemException.conflict("The order is " + o.status.value(), "conflictingId", o.id);
        }
        if (e.outcome() == Administration.Outcome.MISSED) {
            throw ProblemException.invalid("outcome", "missed doses are marked by the service when a window passes");
        }
        Instant now = Instant.now();
        Instant givenAt = e.administeredAt() != null ? e.administeredAt() : now;
        if (givenAt.isAfter(now.plus(5, ChronoUnit.MINUTES))) {
            throw ProblemException.invalid("administeredAt", "must not be in the future");
        }
        boolean given = e.outcome() == Administration.Outcome.ADMINISTERED;
        if (!given && e.reasonCode() == null) {
            throw ProblemException.invalid("reasonCode", "is required when a dose is refused or held");
        }
        if (given && INJECTABLE_ROUTES.contains(o.route) && (e.lot() == null || e.lot().isBlank())) {
            throw ProblemException.invalid("lot", "is required for an injectable");
        }
        if (e.takeHomeDoses() > 0 && (!given || !o.matProgram)) {
            throw ProblemException.invalid("takeHomeDoses", "take-home doses are dispensed with an administered "
                    + "dose of a MAT-program order");
        }
        Instant slot = e.scheduledFor() != null ? requireSlot(o, e.scheduledFor(), givenAt)
                : nearestSlot(o, givenAt).orElse(null);
        if (slot != null && Administration.count("orderId = ?1 and scheduledFor = ?2", o.id, slot) > 0) {
            throw ProblemException.conflict("This scheduled dose is recorded already", "conflictingId", o.id);
        }
        if (given && Administration.count("orderId = ?1 and outcome = ?2 and administeredAt > ?3 and administeredAt < ?4",
                o.id, Administration.Outcome.ADMINISTERED, givenAt.minus(window(o)), givenAt.plus(window(o))) > 0) {
            throw ProblemException.conflict("A dose of this order was given within its window already",
                    "conflictingId", o.id);
        }
        Administration a = new Administration();
        a.id = UUID.randomUUID();
        a.clinicId = o.clinicId;
        a.orderId = o.id;
        a.patientId = o.patientId;
        a.scheduledFor = slot;
        a.outcome = e.outcome();
        a.administeredAt = given ? givenAt : null;
        a.dose = given ? (e.dose() != null ? e.dose() : o.dose) : null;
        a.doseUnit = given ? (e.doseUnit() != null ? e.doseUnit() : o.doseUnit) : null;
        a.lot = e.lot();
        a.takeHomeDoses = e.takeHomeDoses();
        a.reasonCode = e.reasonCode();
        a.recordedBy = caller.requireStaffId();
        a.recordedAt = now;
        a.persist();
        if (given) {
            outbox.publish(new DoseAdministered(a.id, o.id, o.rxnorm, givenAt, a.takeHomeDoses > 0, a.takeHomeDoses),
                    o.patientId, o.clinicId);
        }
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Administration", a.id, o.patientId, o.clinicId));
        return a;
    }

    /**
     * Marks every scheduled dose of the order whose window has ended without a record as missed, once each, and
     * says so ({@code dose.missed}). Returns how many.
     */
    public int markMissed(MedicationOrder o, Instant now) {
        List<Instant> passed = slots(o, o.missedCheckedUntil, now).stream()
                .filter(slot -> !slot.plus(window(o)).isAfter(now)).toList();
        int missed = 0;
        for (Instant slot : passed) {
            if (Administration.count("orderId = ?1 and scheduledFor = ?2", o.id, slot) == 0) {
                Administration a = new Administration();
                a.id = UUID.randomUUID();
                a.clinicId = o.clinicId;
                a.orderId = o.id;
                a.patientId = o.patientId;
                a.scheduledFor = slot;
                a.outcome = Administration.Outcome.MISSED;
                a.recordedAt = now;
                a.persist();
                outbox.publish(new DoseMissed(o.id, o.rxnorm, slot, slot.plus(window(o))), o.patientId, o.clinicId);
                missed++;
            }
            o.missedCheckedUntil = slot;
        }
        return missed;
    }

    /** Scheduled dose times of the order after {@code after} up to {@code until}, in order. */
    public static List<Instant> slots(MedicationOrder o, Instant after, Instant until) {
        List<Instant> slots = new ArrayList<>();
        if (o.administrationZone == null) {
            return slots;
        }
        ZoneId zone = ZoneId.of(o.administrationZone);
        LocalDate first = after.atZone(zone).toLocalDate().isBefore(o.startDate) ? o.startDate
                : after.atZone(zone).toLocalDate();
        LocalDate last = until.atZone(zone).toLocalDate();
        if (o.endDate != null && o.endDate.isBefore(last)) {
            last = o.endDate;
        }
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (LocalTime time : o.times()) {
                Instant slot = day.atTime(time).atZone(zone).toInstant();
                if (slot.isAfter(after) && !slot.isAfter(until)) {
                    slots.add(slot);
                }
            }
        }
        return slots;
    }

    /** A named slot must be one of the order's and within a window of when the dose was given. */
    private Instant requireSlot(MedicationOrder o, Instant scheduledFor, Instant givenAt) {
        if (!slots(o, scheduledFor.minusSeconds(1), scheduledFor).contains(scheduledFor)) {
            throw ProblemException.invalid("scheduledFor", "is not a scheduled dose time of this order");
        }
        if (Duration.between(scheduledFor, givenAt).abs().compareTo(window(o)) > 0) {
            throw ProblemException.invalid("scheduledFor", "is more than the order's window away from the dose");
        }
        return scheduledFor;
    }

    /** The scheduled dose nearest to {@code at}, within a window either side (a dose may come a little early). */
    private static Optional<Instant> nearestSlot(MedicationOrder o, Instant at) {
        return slots(o, at.minus(window(o)).minusSeconds(1), at.plus(window(o))).stream()
                .min(java.util.Comparator.comparing(slot -> Duration.between(slot, at).abs()));
    }

    static Duration window(MedicationOrder o) {
        return Duration.ofMinutes(o.windowMinutes == null ? 120 : o.windowMinutes);
    }
}
