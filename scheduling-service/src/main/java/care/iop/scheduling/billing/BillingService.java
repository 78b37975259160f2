package care.iop.scheduling.billing;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.scheduling.BillableDayDetermined;
import care.iop.events.scheduling.BillableDayReversed;
import care.iop.scheduling.FeatureOrder;
import care.iop.events.scheduling.AuthorizationExpiring;
import care.iop.scheduling.authorization.AuthorizationService;
import care.iop.scheduling.authorization.PayerAuthorization;
import care.iop.scheduling.booking.Booking;
import care.iop.scheduling.booking.BookingEvents;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.track.Track;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Billable days from recorded attendance (issue #23). Whenever an enrollment's hours change (attendance recorded or
 * corrected, places taken or given up) the patient's ISO weeks concerned are decided again, in the track's zone, for
 * every payer authorization of the patient that names a billing rule set; a day whose lines change is reversed and
 * determined anew, never edited (docs/billing.md). The only writer of billable lines and of their events.
 *
 * <p>Units: a day may use what the authorization has left after the current lines outside its week and the days
 * before it in the week (earlier days are served first; other weeks' lines are taken as they stand).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class BillingService {

    private static final Logger LOG = Logger.getLogger(BillingService.class);

    private final PayerRules table = PayerRules.load();
    private final BillableDayRules rules = new BillableDayRules(table);

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    CallerContext caller;

    /** The clinic's in-person place of service on professional claims (57: non-residential SUD treatment facility). */
    @ConfigProperty(name = "iop.scheduling.billing.in-person-place-of-service", defaultValue = "57")
    String inPersonPlaceOfService;

    /** authorization.expiring when the remaining units fall under this (issue #23: default 3). */
    @ConfigProperty(name = "iop.scheduling.billing.expiring-units-threshold", defaultValue = "3")
    int expiringUnitsThreshold;

    @Inject
    AuthorizationService authorizations;

    /** The rule set ids of the payer rule table in use. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> ruleSetIds() {
        return table.ruleSetIds();
    }

    /** Claim lines of the caller's clinic with a service date from {@code from} to {@code to}; audited per patient. */
    @Transactional
    @RetryOnConflict
    public List<BillableLine> claimLines(LocalDate from, LocalDate to, String ruleSet) {
        UUID clinic = caller.requireClinicId();
        List<BillableLine> lines = ruleSet == null
                ? BillableLine.list("clinicId = ?1 and serviceDate between ?2 and ?3 "
                + "order by serviceDate, patientId, recordedAt, kind", clinic, from, to)
                : BillableLine.list("clinicId = ?1 and serviceDate between ?2 and ?3 and ruleSet = ?4 "
                + "order by serviceDate, patientId, recordedAt, kind", clinic, from, to, ruleSet);
        audit.recordAll(lines.stream().map(l -> l.patientId).distinct().map(patient -> AuditLog.Entry.success(
                AuditAction.READ, "ClaimLine", null, patient, clinic)).toList());
        return lines;
    }

    /** A treatment plan was created (from clinical notes): in force from then to its next review due. */
    public void planCreated(UUID clinicId, UUID patientId, UUID planId, int version, Instant createdAt,
                            LocalDate nextReviewDue) {
        TreatmentPlanInForce plan = TreatmentPlanInForce.<TreatmentPlanInForce>findByIdOptional(planId)
                .orElseGet(TreatmentPlanInForce::new);
        plan.planId = planId;
        plan.clinicId = clinicId;
        plan.patientId = patientId;
        plan.planVersion = Math.max(plan.planVersion, version);
        plan.inForceFrom = plan.inForceFrom == null || createdAt.isBefore(plan.inForceFrom) ? createdAt
                : plan.inForceFrom;
        plan.nextReviewDue = later(plan.nextReviewDue, nextReviewDue);
        plan.persist();
        recompute(clinicId, patientId, plan.inForceFrom.atZone(ZoneId.of("UTC")).toLocalDate().minusDays(1),
                plan.nextReviewDue);
    }

    /**
     * A plan was reviewed: in force to the new review due. A review of a plan not seen created (events out of order)
     * puts it in force from the review.
     */
    public void planReviewed(UUID clinicId, UUID patientId, UUID planId, int version, Instant reviewedAt,
                             LocalDate nextReviewDue) {
        planCreated(clinicId, patientId, planId, version, reviewedAt, nextReviewDue);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /** Attendance or bookings changed: the weeks of those days are decided again. */
    void onHoursChanged(@Observes @Priority(FeatureOrder.BILLING) BookingEvents.HoursChanged event) {
        Enrollment e = event.enrollment();
        if (e == null || e.trackId == null) {
            return;
        }
        List<PayerAuthorization> billed = billedAuthorizations(e.clinicId, e.patientId);
        if (billed.isEmpty()) {
            return;
        }
        ZoneId zone = Track.<Track>findById(e.trackId).zone();
        event.days().stream().map(BillingService::monday).distinct()
                .forEach(monday -> decideWeek(e.clinicId, e.patientId, zone, monday, billed));
    }

    /**
     * Decides again every week from {@code from} to {@code to} in which the patient attended, as when a fact the
     * rules use (an authorization, a plan) arrives after the attendance.
     */
    public void recompute(UUID clinicId, UUID patientId, LocalDate from, LocalDate to) {
        List<PayerAuthorization> billed = billedAuthorizations(clinicId, patientId);
        Optional<ZoneId> zone = trackZone(clinicId, patientId);
        if (billed.isEmpty() || zone.isEmpty()) {
            return;
        }
        Set<LocalDate> mondays = new TreeSet<>();
        Booking.<Booking>list("clinicId = ?1 and patientId = ?2 and status = ?3 and startsAt >= ?4 and startsAt < ?5",
                        clinicId, patientId, BookingStatus.FULFILLED,
                        from.minusDays(1).atStartOfDay(zone.get()).toInstant(),
                        to.plusDays(2).atStartOfDay(zone.get()).toInstant())
                .forEach(b -> mondays.add(monday(b.startsAt.atZone(zone.get()).toLocalDate())));
        BillableLine.<BillableLine>list("clinicId = ?1 and patientId = ?2 and serviceDate between ?3 and ?4",
                clinicId, patientId, from, to).forEach(l -> mondays.add(monday(l.serviceDate)));
        mondays.forEach(monday -> decideWeek(clinicId, patientId, zone.get(), monday, billed));
    }

    private static List<PayerAuthorization> billedAuthorizations(UUID clinicId, UUID patientId) {
        return PayerAuthorization.list("clinicId = ?1 and patientId = ?2 and payerRuleSet is not null "
                + "order by authorizedFrom, coverageId", clinicId, patientId);
    }

    private static Optional<ZoneId> trackZone(UUID clinicId, UUID patientId) {
        return Enrollment.<Enrollment>find("clinicId = ?1 and patientId = ?2 and trackId is not null "
                        + "order by startDate desc", clinicId, patientId).firstResultOptional()
                .map(e -> Track.<Track>findById(e.trackId).zone());
    }

    private static LocalDate monday(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** One attended week of a patient: its service days and, per date, the staff who facilitated what was attended. */
    private record Week(Map<LocalDate, ServiceDay> days, Map<LocalDate, Set<String>> staff) {
    }

    private void decideWeek(UUID clinicId, UUID patientId, ZoneId zone, LocalDate monday,
                            List<PayerAuthorization> billed) {
        Week week = attended(clinicId, patientId, zone, monday);
        List<ServiceDay> weekDays = List.copyOf(week.days().values());
        List<BillingFacts.DateRange> plans = TreatmentPlanInForce.<TreatmentPlanInForce>list(
                        "clinicId = ?1 and patientId = ?2", clinicId, patientId).stream()
                .flatMap(p -> p.dates(zone).stream()).toList();
        for (PayerAuthorization a : billed) {
            if (!table.ruleSetIds().contains(a.payerRuleSet)) {
                LOG.warnf("coverage %s names payer rule set %s, which rule table %s does not have: not billed",
                        a.coverageId, a.payerRuleSet, table.version());
                continue;
            }
            LocalDate sunday = monday.plusDays(6);
            // The authorization's current lines, read once for the week: by date inside it, summed outside it.
            Map<LocalDate, List<BillableLine>> currentByDate = currentLines(a.coverageId).stream()
                    .collect(Collectors.groupingBy(l -> l.serviceDate));
            long usedOutsideWeek = currentByDate.entrySet().stream()
                    .filter(e -> e.getKey().isBefore(monday) || e.getKey().isAfter(sunday))
                    .flatMap(e -> e.getValue().stream()).mapToLong(l -> l.units).sum();
            long usedThisWeek = 0;
            for (LocalDate date = monday; !date.isAfter(sunday); date = date.plusDays(1)) {
                int remaining = (int) Math.max(0, a.authorizedUnits - usedOutsideWeek - usedThisWeek);
                usedThisWeek += decideDay(a, date, currentByDate.getOrDefault(date, List.of()), week, weekDays, plans,
                        remaining);
            }
        }
    }

    /**
     * Decides one day under one authorization with the units left after the days before it; returns the units its
     * current lines use afterwards.
     */
    private int decideDay(PayerAuthorization a, LocalDate date, List<BillableLine> stored, Week week,
                          List<ServiceDay> weekDays, List<BillingFacts.DateRange> plans, int unitsRemaining) {
        ServiceDay day = week.days().get(date);
        boolean inAuthorization = !date.isBefore(a.authorizedFrom) && !date.isAfter(a.authorizedTo);
        if (stored.isEmpty() && (day == null || !inAuthorization)) {
            return 0;
        }
        List<BillableDayChange.LineContent> decided = List.of();
        if (day != null && inAuthorization) {
            BillingFacts facts = new BillingFacts(plans, List.of(), new BillingFacts.Authorization(
                    new BillingFacts.DateRange(a.authorizedFrom, a.authorizedTo), unitsRemaining),
                    inPersonPlaceOfService);
            BillableDayDecision d = rules.decide(a.payerRuleSet, day, weekDays, facts);
            List<String> staff = List.copyOf(week.staff().getOrDefault(date, Set.of()));
            decided = d.lines().stream().map(l -> new BillableDayChange.LineContent(l.code(), l.revenueCode(),
                    l.units(), l.modifiers(), l.placeOfService(), d.perDiemClass(), d.conditionCodes(), staff,
                    a.authorizationNumber, d.rulesVersion())).toList();
        }
        List<BillableDayChange.LineContent> storedContent = stored.stream().map(BillableLine::content).toList();
        BillableDayChange change = BillableDayChange.of(storedContent, decided);
        if (change == BillableDayChange.REVERSE || change == BillableDayChange.REVERSE_AND_DETERMINE) {
            reverse(stored, change == BillableDayChange.REVERSE_AND_DETERMINE);
        }
        if (change == BillableDayChange.DETERMINE || change == BillableDayChange.REVERSE_AND_DETERMINE) {
            determine(a, date, decided);
        }
        return decided.stream().mapToInt(BillableDayChange.LineContent::units).sum();
    }

    private void reverse(List<BillableLine> stored, boolean stillBillable) {
        Instant now = Instant.now();
        List<UUID> reversals = new ArrayList<>();
        for (BillableLine original : stored) {
            original.reversed = true;
            BillableLine r = new BillableLine();
            r.id = UUID.randomUUID();
            r.billableDayId = original.billableDayId;
            r.clinicId = original.clinicId;
            r.patientId = original.patientId;
            r.coverageId = original.coverageId;
            r.serviceDate = original.serviceDate;
            r.ruleSet = original.ruleSet;
            r.kind = BillableLine.REVERSAL;
            r.reversesLineId = original.id;
            r.setContent(original.content());
            r.recordedAt = now;
            r.persist();
            reversals.add(r.id);
        }
        BillableLine first = stored.get(0);
        outbox.publish(new BillableDayReversed(first.billableDayId, first.serviceDate, first.coverageId, first.ruleSet,
                stored.stream().map(l -> l.id).toList(), reversals, stillBillable), first.patientId, first.clinicId);
    }

    private void determine(PayerAuthorization a, LocalDate date, List<BillableDayChange.LineContent> lines) {
        UUID dayId = UUID.randomUUID();
        Instant now = Instant.now();
        List<BillableDayDetermined.Line> wire = new ArrayList<>();
        for (BillableDayChange.LineContent c : lines) {
            BillableLine l = new BillableLine();
            l.id = UUID.randomUUID();
            l.billableDayId = dayId;
            l.clinicId = a.clinicId;
            l.patientId = a.patientId;
            l.coverageId = a.coverageId;
            l.serviceDate = date;
            l.ruleSet = a.payerRuleSet;
            l.kind = BillableLine.ORIGINAL;
            l.setContent(c);
            l.recordedAt = now;
            l.persist();
            wire.add(new BillableDayDetermined.Line(l.id, c.code(), c.revenueCode(), c.units(), c.modifiers(),
                    c.placeOfService()));
        }
        BillableDayChange.LineContent first = lines.get(0);
        outbox.publish(new BillableDayDetermined(dayId, date, a.coverageId, a.payerRuleSet, wire, first.perDiemClass(),
                first.conditionCodes(), first.renderingStaffIds().stream().map(UUID::fromString).toList(),
                first.rulesVersion()), a.patientId, a.clinicId);
        em.flush();
        expiring(a, date);
    }

    /** After a day was determined: authorization.expiring, once, when the authorization is running out. */
    private void expiring(PayerAuthorization a, LocalDate date) {
        long used = currentLines(a.coverageId).stream().mapToLong(l -> l.units).sum();
        int remaining = (int) Math.max(0, a.authorizedUnits - used);
        if (ExpiringAuthorization.isExpiring(remaining, expiringUnitsThreshold, date, a.authorizedTo)
                && authorizations.announceExpiringOnce(a)) {
            outbox.publish(new AuthorizationExpiring(a.coverageId, a.payerRuleSet, a.authorizedUnits, remaining,
                    a.authorizedTo, date), a.patientId, a.clinicId);
        }
    }

    /** An authorization's lines in force: originals not reversed. */
    private static List<BillableLine> currentLines(UUID coverageId) {
        return BillableLine.list("coverageId = ?1 and kind = ?2 and reversed = false", coverageId,
                BillableLine.ORIGINAL);
    }

    /** The patient's attended pieces around the week (a day before and after, for sessions across midnight). */
    private Week attended(UUID clinicId, UUID patientId, ZoneId zone, LocalDate monday) {
        Instant from = monday.minusDays(1).atStartOfDay(zone).toInstant();
        Instant to = monday.plusDays(8).atStartOfDay(zone).toInstant();
        List<Object[]> rows = em.createQuery("select b, s from Booking b, Session s where s.id = b.sessionId "
                        + "and b.clinicId = ?1 and b.patientId = ?2 and b.status = ?3 and b.minutesAttended > 0 "
                        + "and s.startsAt >= ?4 and s.startsAt < ?5", Object[].class)
                .setParameter(1, clinicId).setParameter(2, patientId).setParameter(3, BookingStatus.FULFILLED)
                .setParameter(4, from).setParameter(5, to).getResultList();
        List<AttendedService> pieces = new ArrayList<>();
        Map<LocalDate, Set<String>> staff = new HashMap<>();
        for (Object[] row : rows) {
            Booking b = (Booking) row[0];
            Session s = (Session) row[1];
            AttendedPieces.piece(patientId, s.id, s.kind, s.modality, s.startsAt, b.minutesAttended).ifPresent(p -> {
                pieces.add(p);
                s.facilitatorIds.forEach(id -> staff.computeIfAbsent(s.startsAt.atZone(zone).toLocalDate(),
                        k -> new TreeSet<>()).add(id.toString()));
            });
        }
        Map<LocalDate, ServiceDay> days = new HashMap<>();
        ServiceMinutes.byDay(pieces, zone).stream()
                .filter(d -> !d.date().isBefore(monday) && d.date().isBefore(monday.plusDays(7)))
                .forEach(d -> days.put(d.date(), d));
        return new Week(days, staff);
    }
}
