package care.iop.analytics;

import care.iop.analytics.MeasuresAnswer.LengthOfStay;
import care.iop.analytics.MeasuresAnswer.PeriodMeasures;
import care.iop.analytics.MeasuresAnswer.Rate;
import care.iop.analytics.MeasuresAnswer.ReasonCount;
import care.iop.analytics.PatientFacts.Admission;
import care.iop.analytics.PatientFacts.Assessment;
import care.iop.analytics.PatientFacts.Attendance;
import care.iop.analytics.PatientFacts.ComplianceWeek;
import care.iop.analytics.PatientFacts.Discharge;
import care.iop.analytics.PatientFacts.DischargePlan;
import care.iop.analytics.PatientFacts.FollowUp;
import care.iop.analytics.PatientFacts.MatOrder;
import care.iop.analytics.PatientFacts.Note;
import care.iop.analytics.PatientFacts.NoteOverdue;
import care.iop.analytics.PatientFacts.Phq9;
import care.iop.analytics.PatientFacts.RiskAcknowledgement;
import care.iop.analytics.PatientFacts.RiskFlag;
import care.iop.analytics.PatientFacts.Screen;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The measures (docs/analytics.md) of one clinic, computed from every patient's facts. Plain rules: no Kafka, no
 * framework. {@link #raw} gives the exact numbers; {@link #answer} the suppressed answer that is served.
 */
public final class Measures {

    /** At most this many periods in one answer (about five years of weeks). */
    public static final int MAX_PERIODS = 261;

    /** Follow-up windows after discharge, in days (day 7 counts, day 8 does not; day 30 counts, 31 does not). */
    static final int FOLLOW_UP_SHORT = 7;
    static final int FOLLOW_UP_LONG = 30;
    /** TEDS-D reasons excluded from the follow-up denominator: 4 transferred, 6 death. */
    private static final int TRANSFERRED = 4;
    private static final int DEATH = 6;

    private Measures() {
    }

    /**
     * A discharge counts in the follow-up denominator unless the patient was transferred (4) or died (6), or was
     * admitted again at the clinic within 30 days of the discharge (back in care, as HEDIS FUH excludes
     * readmissions in the 30-day follow-up period).
     */
    static boolean followUpEligible(Discharge d, Long daysToNextAdmission) {
        return d.reason() != TRANSFERRED && d.reason() != DEATH
                && (daysToNextAdmission == null || daysToNextAdmission > FOLLOW_UP_LONG);
    }

    /** One admission with the discharge that closed it, if any. */
    record Episode(Admission admission, Discharge discharge) {
    }

    /** The exact numbers of one period. */
    public record Raw(String label, LocalDate start, LocalDate end, int census, int admissions, int discharges,
                      int[] dischargesByReason, List<Long> staysDays, int readmitted30, int readmitted90,
                      int attended, int scheduled, int followUpDischarges, int followedUp7, int followedUp30,
                      int screens, int unexpectedPositive, int riskFlags, CareMeasures.Raw care) {

        /** Without the care-process measures (all zero). */
        public Raw(String label, LocalDate start, LocalDate end, int census, int admissions, int discharges,
                   int[] dischargesByReason, List<Long> staysDays, int readmitted30, int readmitted90, int attended,
                   int scheduled, int followUpDischarges, int followedUp7, int followedUp30, int screens,
                   int unexpectedPositive, int riskFlags) {
            this(label, start, end, census, admissions, discharges, dischargesByReason, staysDays, readmitted30,
                    readmitted90, attended, scheduled, followUpDischarges, followedUp7, followedUp30, screens,
                    unexpectedPositive, riskFlags, CareMeasures.Raw.NONE);
        }

        public int completed() {
            return dischargesByReason[0];
        }
    }

    public static List<Raw> raw(Iterable<PatientFacts> patients, String clinicId, PeriodKind kind, LocalDate from,
                                LocalDate to, String track) {
        List<LocalDate> starts = periodStarts(kind, from, to);
        List<Raw> rows = new ArrayList<>();
        List<PatientView> views = new ArrayList<>();
        for (PatientFacts facts : patients) {
            views.add(PatientView.of(facts, clinicId));
        }
        for (LocalDate start : starts) {
            LocalDate end = kind.endOf(start);
            int census = 0;
            int admissions = 0;
            int discharges = 0;
            int[] byReason = new int[7];
            List<Long> stays = new ArrayList<>();
            int re30 = 0;
            int re90 = 0;
            int attended = 0;
            int scheduled = 0;
            int followUpDischarges = 0;
            int followedUp7 = 0;
            int followedUp30 = 0;
            int screens = 0;
            int unexpectedPositive = 0;
            int riskFlags = 0;
            CareMeasures.Counter care = new CareMeasures.Counter(start, end, track);
            for (PatientView p : views) {
                care.add(p);
                for (Episode e : p.episodes()) {
                    Admission a = e.admission();
                    Discharge d = e.discharge();
                    boolean inTrack = a != null && (track == null || track.equals(a.trackCode()));
                    if (a != null && inTrack) {
                        if (!a.date().isAfter(end) && (d == null || d.date().isAfter(end))) {
                            census++;
                        }
                        if (within(a.date(), start, end)) {
                            admissions++;
                        }
                    }
                    if (d != null && within(d.date(), start, end) && (track == null || inTrack)) {
                        discharges++;
                        if (d.reason() >= 1 && d.reason() <= 7) {
                            byReason[d.reason() - 1]++;
                        }
                        if (a != null) {
                            stays.add(ChronoUnit.DAYS.between(a.date(), d.date()));
                        }
                        Long gap = p.daysToNextAdmission(e);
                        if (gap != null && gap <= 30) {
                            re30++;
                        }
                        if (gap != null && gap <= 90) {
                            re90++;
                        }
                        if (followUpEligible(d, gap)) {
                            followUpDischarges++;
                            Long contact = p.daysToFollowUp(d);
                            if (contact != null && contact <= FOLLOW_UP_SHORT) {
                                followedUp7++;
                            }
                            if (contact != null && contact <= FOLLOW_UP_LONG) {
                                followedUp30++;
                            }
                        }
                    }
                }
                for (Attendance s : p.attendance()) {
                    if (!within(s.date(), start, end) || (track != null && !track.equals(p.trackOn(s.date())))) {
                        continue;
                    }
                    if (s.attended()) {
                        attended++;
                        scheduled++;
                    } else if (!s.excused()) {
                        scheduled++;
                    }
                }
                for (Screen sc : p.screens()) {
                    if (within(sc.date(), start, end) && (track == null || track.equals(p.trackOn(sc.date())))) {
                        screens++;
                        if (sc.unexpectedPositive()) {
                            unexpectedPositive++;
                        }
                    }
                }
                for (RiskFlag f : p.riskFlags()) {
                    if (within(f.date(), start, end) && (track == null || track.equals(p.trackOn(f.date())))) {
                        riskFlags++;
                    }
                }
            }
            stays.sort(Comparator.naturalOrder());
            rows.add(new Raw(kind.label(start), start, end, census, admissions, discharges, byReason, stays, re30,
                    re90, attended, scheduled, followUpDischarges, followedUp7, followedUp30, screens,
                    unexpectedPositive, riskFlags, care.raw()));
        }
        return rows;
    }

    public static MeasuresAnswer answer(Iterable<PatientFacts> patients, java.util.UUID clinicId, PeriodKind kind,
                                        LocalDate from, LocalDate to, String track) {
        List<PeriodMeasures> periods = raw(patients, clinicId.toString(), kind, from, to, track).stream()
                .map(Measures::suppressed).toList();
        return new MeasuresAnswer(clinicId, kind, from, to, track, periods);
    }

    static PeriodMeasures suppressed(Raw r) {
        CareMeasures.Raw c = r.care();
        List<ReasonCount> reasons = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            reasons.add(new ReasonCount(i + 1, SmallCellSuppression.count(r.dischargesByReason()[i])));
        }
        int n = r.staysDays().size();
        boolean showStays = n >= SmallCellSuppression.THRESHOLD;
        LengthOfStay los = new LengthOfStay(SmallCellSuppression.count(n),
                showStays ? quantile(r.staysDays(), 0.5) : null,
                showStays ? quantile(r.staysDays(), 0.25) : null,
                showStays ? quantile(r.staysDays(), 0.75) : null);
        return new PeriodMeasures(r.label(), r.start(), r.end(), SmallCellSuppression.count(r.census()),
                SmallCellSuppression.count(r.admissions()), SmallCellSuppression.count(r.discharges()), reasons,
                SmallCellSuppression.rate(r.completed(), r.discharges()), los,
                rate(r.readmitted30(), r.discharges()), rate(r.readmitted90(), r.discharges()),
                rate(r.attended(), r.scheduled()), rate(r.followedUp7(), r.followUpDischarges()),
                rate(r.followedUp30(), r.followUpDischarges()), rate(r.unexpectedPositive(), r.screens()),
                SmallCellSuppression.count(r.riskFlags()),
                rate(c.hoursWeeksMet(), c.hoursWeeks()), rate(c.ietInitiated(), c.ietEpisodes()),
                rate(c.ietEngaged(), c.ietEpisodes()), rate(c.phq9Response6(), c.phq9Cohort6()),
                rate(c.phq9Remission6(), c.phq9Cohort6()), rate(c.phq9Response12(), c.phq9Cohort12()),
                rate(c.phq9Remission12(), c.phq9Cohort12()), rate(c.phq9ResponseAtDischarge(), c.phq9Discharges()),
                rate(c.phq9RemissionAtDischarge(), c.phq9Discharges()), rate(c.matContinued(), c.matDischarges()),
                rate(c.notesLate(), c.notesSigned()), SmallCellSuppression.count(c.notesOverdue()),
                SmallCellSuppression.count(c.flagsAcknowledged()),
                rate(c.flagsRaisedAcknowledged(), c.flagsRaised()), medianHours(c.minutesToAcknowledge()));
    }

    /** The median in hours (2 places) of sorted minutes; withheld for 1–10 values, as length of stay. */
    static Double medianHours(List<Long> sortedMinutes) {
        if (sortedMinutes.size() < SmallCellSuppression.THRESHOLD) {
            return null;
        }
        return BigDecimal.valueOf(quantile(sortedMinutes, 0.5)).divide(BigDecimal.valueOf(60), 2,
                RoundingMode.HALF_UP).doubleValue();
    }

    private static Rate rate(int numerator, int denominator) {
        return new Rate(SmallCellSuppression.count(numerator), SmallCellSuppression.count(denominator),
                SmallCellSuppression.rate(numerator, denominator));
    }

    /** Linear interpolation between closest ranks (Excel PERCENTILE.INC, R type 7) of sorted values. */
    static Double quantile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        double h = (sorted.size() - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (h - lo) * (sorted.get(hi) - sorted.get(lo));
    }

    static List<LocalDate> periodStarts(PeriodKind kind, LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to is before from");
        }
        List<LocalDate> starts = new ArrayList<>();
        for (LocalDate s = kind.startOf(from); !s.isAfter(to); s = kind.endOf(s).plusDays(1)) {
            if (starts.size() == MAX_PERIODS) {
                throw new IllegalArgumentException("at most " + MAX_PERIODS + " periods in one answer");
            }
            starts.add(s);
        }
        return starts;
    }

    private static boolean within(LocalDate day, LocalDate start, LocalDate end) {
        return !day.isBefore(start) && !day.isAfter(end);
    }

    /** One patient's facts of one clinic, with admissions paired to the discharges that closed them. */
    record PatientView(List<Episode> episodes, List<Admission> admissions, List<Attendance> attendance,
                       List<FollowUp> followUps, List<Screen> screens, List<RiskFlag> riskFlags,
                       List<ComplianceWeek> complianceWeeks, List<Assessment> assessments, List<Phq9> phq9,
                       List<MatOrder> matOrders, Map<String, LocalDate> discontinued,
                       List<DischargePlan> dischargePlans, List<Note> notes, List<NoteOverdue> overdueNotes,
                       List<RiskAcknowledgement> riskAcknowledgements) {

        static PatientView of(PatientFacts facts, String clinicId) {
            Comparator<Admission> byAdmission = Comparator.comparing(Admission::date)
                    .thenComparing(Admission::admissionId);
            List<Admission> admissions = facts.admissions().values().stream()
                    .filter(a -> clinicId.equals(a.clinicId())).sorted(byAdmission).toList();
            List<Discharge> discharges = facts.discharges().values().stream()
                    .filter(d -> clinicId.equals(d.clinicId()))
                    .sorted(Comparator.comparing(Discharge::date).thenComparing(Discharge::dischargeId)).toList();
            // Each discharge closes the latest admission on or before its date that is still open.
            List<Admission> open = new ArrayList<>();
            List<Episode> episodes = new ArrayList<>();
            int next = 0;
            for (Discharge d : discharges) {
                while (next < admissions.size() && !admissions.get(next).date().isAfter(d.date())) {
                    open.add(admissions.get(next++));
                }
                Admission closed = closedBy(open, d);
                episodes.add(new Episode(closed, d));
            }
            while (next < admissions.size()) {
                open.add(admissions.get(next++));
            }
            open.forEach(a -> episodes.add(new Episode(a, null)));
            List<Attendance> attendance = facts.attendance().values().stream()
                    .filter(s -> clinicId.equals(s.clinicId())).toList();
            List<FollowUp> followUps = facts.followUps().values().stream()
                    .filter(f -> clinicId.equals(f.clinicId()) && f.reached()).toList();
            List<Screen> screens = facts.screens().values().stream()
                    .filter(s -> clinicId.equals(s.clinicId())).toList();
            List<RiskFlag> riskFlags = facts.riskFlags().values().stream()
                    .filter(f -> clinicId.equals(f.clinicId())).toList();
            Map<String, LocalDate> discontinued = new HashMap<>();
            facts.discontinuations().values().stream().filter(d -> clinicId.equals(d.clinicId()))
                    .forEach(d -> discontinued.put(d.orderId(), d.date()));
            return new PatientView(episodes, admissions, attendance, followUps, screens, riskFlags,
                    ofClinic(facts.complianceWeeks(), ComplianceWeek::clinicId, clinicId),
                    ofClinic(facts.assessments(), Assessment::clinicId, clinicId).stream()
                            .sorted(Comparator.comparing(Assessment::date).thenComparing(Assessment::assessmentId))
                            .toList(),
                    ofClinic(facts.phq9(), Phq9::clinicId, clinicId).stream()
                            .sorted(Comparator.comparing(Phq9::at).thenComparing(Phq9::screeningId)).toList(),
                    ofClinic(facts.matOrders(), MatOrder::clinicId, clinicId), discontinued,
                    ofClinic(facts.dischargePlans(), DischargePlan::clinicId, clinicId),
                    ofClinic(facts.notes(), Note::clinicId, clinicId),
                    ofClinic(facts.overdueNotes(), NoteOverdue::clinicId, clinicId),
                    ofClinic(facts.riskAcknowledgements(), RiskAcknowledgement::clinicId, clinicId));
        }

        private static <T> List<T> ofClinic(Map<String, T> facts, Function<T, String> clinicOf, String clinicId) {
            return facts.values().stream().filter(f -> clinicId.equals(clinicOf.apply(f))).toList();
        }

        /** The latest open admission before the discharge date; a same-day admission only if there is none. */
        private static Admission closedBy(List<Admission> open, Discharge d) {
            for (int i = open.size() - 1; i >= 0; i--) {
                if (open.get(i).date().isBefore(d.date())) {
                    return open.remove(i);
                }
            }
            return open.isEmpty() ? null : open.remove(open.size() - 1);
        }

        /** Days from the episode's discharge to the patient's first later admission (another episode's), or null. */
        Long daysToNextAdmission(Episode e) {
            Discharge d = e.discharge();
            return admissions.stream()
                    .filter(a -> a != e.admission() && !a.date().isBefore(d.date()))
                    .map(a -> ChronoUnit.DAYS.between(d.date(), a.date()))
                    .min(Long::compare).orElse(null);
        }

        /**
         * Days from the discharge to the patient's first follow-up at the clinic that reached them, completed 1 or
         * more days after the discharge date (a contact on the discharge day itself does not count, as in HEDIS
         * FUH), or null.
         */
        Long daysToFollowUp(Discharge d) {
            return followUps.stream()
                    .map(f -> ChronoUnit.DAYS.between(d.date(), f.date()))
                    .filter(days -> days >= 1)
                    .min(Long::compare).orElse(null);
        }

        /** The track of the admission whose episode covers {@code day}, or null. */
        String trackOn(LocalDate day) {
            for (Episode e : episodes) {
                Admission a = e.admission();
                if (a != null && !a.date().isAfter(day) && (e.discharge() == null || !e.discharge().date().isBefore(day))) {
                    return a.trackCode();
                }
            }
            return null;
        }
    }
}
