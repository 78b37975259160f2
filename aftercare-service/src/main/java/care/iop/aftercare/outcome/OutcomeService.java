package care.iop.aftercare.outcome;

import care.iop.aftercare.discharge.Discharge;
import care.iop.aftercare.episode.Episode;
import care.iop.aftercare.followup.FollowUp;
import care.iop.aftercare.risk.RiskFlag;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.events.aftercare.FollowUpOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Program outcomes for a clinic and period, from this service's own records. Aggregates only: counts and rates,
 * no patient ids, so reading them is not a patient-data read: nothing is audited, and no transaction is opened
 * (each query reads committed rows on its own).
 */
@ApplicationScoped
public class OutcomeService {

    static final int MAX_MONTHS = 24;

    /** A rate with the counts it comes from; {@code rate} is null when nothing was counted. */
    public record Rate(long numerator, long denominator, BigDecimal rate) {
        static Rate of(long numerator, long denominator) {
            return new Rate(numerator, denominator, denominator == 0 ? null
                    : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 3, RoundingMode.HALF_UP));
        }
    }

    public record Outcomes(LocalDate from, LocalDate to, long discharges, Rate completion, Rate dropOut,
                           BigDecimal averageLengthOfStayDays, Rate ietInitiation, Rate ietEngagement,
                           Rate followUpReach, Rate flagged, Rate readmitted) {
    }

    @Inject
    CallerContext caller;

    /** One entry for the period (default the last 90 days), or one per calendar month with {@code groupBy=month}. */
    public List<Outcomes> outcomes(LocalDate from, LocalDate to, String groupBy) {
        UUID clinic = caller.requireClinicId();
        LocalDate last = to != null ? to : LocalDate.now(ZoneOffset.UTC);
        LocalDate first = from != null ? from : last.minusDays(89);
        if (first.isAfter(last)) {
            throw ProblemException.invalid("from", "must be on or before to");
        }
        if (ChronoUnit.MONTHS.between(first.withDayOfMonth(1), last.withDayOfMonth(1)) >= MAX_MONTHS) {
            throw ProblemException.invalid("from", "at most " + MAX_MONTHS + " months at a time");
        }
        if (groupBy == null) {
            return List.of(compute(clinic, first, last));
        }
        if (!groupBy.equals("month")) {
            throw ProblemException.invalid("groupBy", "must be month");
        }
        List<Outcomes> months = new ArrayList<>();
        for (LocalDate start = first; !start.isAfter(last); start = start.with(TemporalAdjusters.firstDayOfNextMonth())) {
            LocalDate end = start.with(TemporalAdjusters.lastDayOfMonth());
            months.add(compute(clinic, start, end.isAfter(last) ? last : end));
        }
        return months;
    }

    Outcomes compute(UUID clinic, LocalDate from, LocalDate to) {
        List<Discharge> discharges = Discharge.list("clinicId = ?1 and dischargeDate between ?2 and ?3", clinic, from,
                to);
        long n = discharges.size();
        long completed = discharges.stream().filter(d -> d.reasonCode == 1).count();
        long droppedOut = discharges.stream().filter(d -> d.reasonCode == 2).count();
        BigDecimal los = n == 0 ? null : BigDecimal.valueOf(discharges.stream().mapToInt(d -> d.lengthOfStayDays).sum())
                .divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_UP);
        Set<UUID> episodes = discharges.stream().map(d -> d.episodeId).collect(Collectors.toSet());
        List<FollowUp> followUps = episodes.isEmpty() ? List.of()
                : FollowUp.list("clinicId = ?1 and episodeId in ?2", clinic, episodes);
        long initiated = followUps.stream().filter(f -> Boolean.TRUE.equals(f.ietInitiated)).count();
        long engaged = followUps.stream().filter(f -> f.ietEngagementVisits != null && f.ietEngagementVisits >= 2)
                .count();
        List<FollowUp> done = followUps.stream().filter(f -> f.status == FollowUp.Status.COMPLETED).toList();
        long reached = done.stream().filter(f -> f.outcome == FollowUpOutcome.REACHED).count();

        Set<UUID> inCare = Episode.<Episode>list("clinicId = ?1 and openedOn <= ?2 and (closedOn is null or "
                + "closedOn >= ?3)", clinic, to, from).stream().map(e -> e.patientId).collect(Collectors.toSet());
        long flagged = RiskFlag.<RiskFlag>list("clinicId = ?1 and flaggedAt >= ?2 and flaggedAt < ?3", clinic,
                        from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).stream()
                .map(f -> f.patientId).filter(inCare::contains).distinct().count();
        // Patients, not discharges: someone discharged from two tracks and readmitted counts once.
        Set<UUID> discharged = discharges.stream().map(d -> d.patientId).collect(Collectors.toSet());
        long readmitted = discharged.stream().filter(p -> discharges.stream().filter(d -> d.patientId.equals(p))
                .anyMatch(d -> Episode.count("clinicId = ?1 and patientId = ?2 and openedOn >= ?3 and id <> ?4",
                        clinic, p, d.dischargeDate, d.episodeId) > 0)).count();
        return new Outcomes(from, to, n, Rate.of(completed, n), Rate.of(droppedOut, n), los, Rate.of(initiated, n),
                Rate.of(engaged, n), Rate.of(reached, done.size()), Rate.of(flagged, inCare.size()),
                Rate.of(readmitted, discharged.size()));
    }
}
