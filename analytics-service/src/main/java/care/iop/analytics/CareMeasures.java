package care.iop.analytics;

import care.iop.analytics.Measures.Episode;
import care.iop.analytics.Measures.PatientView;
import care.iop.analytics.PatientFacts.Admission;
import care.iop.analytics.PatientFacts.Assessment;
import care.iop.analytics.PatientFacts.ComplianceWeek;
import care.iop.analytics.PatientFacts.Discharge;
import care.iop.analytics.PatientFacts.DischargePlan;
import care.iop.analytics.PatientFacts.MatOrder;
import care.iop.analytics.PatientFacts.Note;
import care.iop.analytics.PatientFacts.NoteOverdue;
import care.iop.analytics.PatientFacts.Phq9;
import care.iop.analytics.PatientFacts.RiskAcknowledgement;
import care.iop.analytics.PatientFacts.RiskFlag;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The care-process measures of one period (docs/analytics.md): weeks meeting the hours target, IET initiation and
 * engagement, PHQ-9 response and remission, MAT continuity at discharge, notes signed late and relapse-risk flags
 * acknowledged. Plain rules over each patient's {@link PatientView}; {@link Counter} adds patients up.
 */
final class CareMeasures {

    /** HEDIS IET: initiation on the index date or in the 13 days after it (14 days in all). */
    static final int IET_INITIATION_DAYS = 14;
    /** HEDIS IET: engagement from the day after initiation through 34 days after it. */
    static final int IET_ENGAGEMENT_DAYS = 34;
    /** HEDIS IET (since MY 2022): a new episode has no SUD encounter in the 194 days before it. */
    static final int IET_NEGATIVE_HISTORY_DAYS = 194;
    /** NQF 0710/0711/1884/1885: the index PHQ-9 is above 9; remission is below 5; windows are ± 60 days. */
    static final int PHQ9_INDEX_ABOVE = 9;
    static final int PHQ9_REMISSION_BELOW = 5;
    static final int PHQ9_WINDOW_DAYS = 60;
    /** Intake screens come before the admission: a stay's baseline PHQ-9 may be up to 30 days before it. */
    static final int PHQ9_BEFORE_ADMISSION_DAYS = 30;
    /** A measure dated before a stay (an assessment, a baseline screen) takes the track of an admission this soon after. */
    static final int TRACK_LOOKAHEAD_DAYS = 30;
    static final int DEATH = 6;

    private CareMeasures() {
    }

    /** The exact numbers of one period. */
    public record Raw(int hoursWeeks, int hoursWeeksMet, int ietEpisodes, int ietInitiated, int ietEngaged,
                      int phq9Cohort6, int phq9Response6, int phq9Remission6, int phq9Cohort12, int phq9Response12,
                      int phq9Remission12, int phq9Discharges, int phq9ResponseAtDischarge,
                      int phq9RemissionAtDischarge, int matDischarges, int matContinued, int notesSigned,
                      int notesLate, int notesOverdue, int flagsAcknowledged, int flagsRaised,
                      int flagsRaisedAcknowledged, List<Long> minutesToAcknowledge) {
        static final Raw NONE = new Raw(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** Adds up the patients of one clinic for one period (and track, or null for all). */
    static final class Counter {
        private final LocalDate start;
        private final LocalDate end;
        private final String track;
        private int hoursWeeks;
        private int hoursWeeksMet;
        private int ietEpisodes;
        private int ietInitiated;
        private int ietEngaged;
        private final int[] phq9Six = new int[3];
        private final int[] phq9Twelve = new int[3];
        private final int[] phq9AtDischarge = new int[3];
        private int matDischarges;
        private int matContinued;
        /** A group note is told once per patient: note id to late, counted once. */
        private final Map<String, Boolean> notes = new HashMap<>();
        private int notesOverdue;
        private int flagsAcknowledged;
        private int flagsRaised;
        private int flagsRaisedAcknowledged;
        private final List<Long> minutesToAcknowledge = new ArrayList<>();

        Counter(LocalDate start, LocalDate end, String track) {
            this.start = start;
            this.end = end;
            this.track = track;
        }

        void add(PatientView p) {
            hoursTarget(p);
            iet(p);
            phq9(p);
            matContinuity(p);
            notes(p);
            flags(p);
        }

        Raw raw() {
            List<Long> minutes = new ArrayList<>(minutesToAcknowledge);
            minutes.sort(null);
            int late = (int) notes.values().stream().filter(Boolean::booleanValue).count();
            return new Raw(hoursWeeks, hoursWeeksMet, ietEpisodes, ietInitiated, ietEngaged, phq9Six[0], phq9Six[1],
                    phq9Six[2], phq9Twelve[0], phq9Twelve[1], phq9Twelve[2], phq9AtDischarge[0], phq9AtDischarge[1],
                    phq9AtDischarge[2], matDischarges, matContinued, notes.size(), late, notesOverdue,
                    flagsAcknowledged, flagsRaised, flagsRaisedAcknowledged, minutes);
        }

        private boolean inPeriod(LocalDate day) {
            return !day.isBefore(start) && !day.isAfter(end);
        }

        private boolean inTrack(String trackCode) {
            return track == null || track.equals(trackCode);
        }

        private void hoursTarget(PatientView p) {
            for (ComplianceWeek w : p.complianceWeeks()) {
                if (inPeriod(w.weekStart()) && inTrack(trackOfWeek(p, w.weekStart()))) {
                    hoursWeeks++;
                    if (w.metTarget()) {
                        hoursWeeksMet++;
                    }
                }
            }
        }

        private void iet(PatientView p) {
            for (LocalDate index : ietIndexDates(p)) {
                if (!inPeriod(index) || !inTrack(trackAround(p, index))) {
                    continue;
                }
                ietEpisodes++;
                TreeSet<LocalDate> services = treatmentDates(p);
                Optional<LocalDate> initiation = Optional.ofNullable(services.ceiling(index))
                        .filter(d -> d.isBefore(index.plusDays(IET_INITIATION_DAYS)));
                if (initiation.isEmpty()) {
                    continue;
                }
                ietInitiated++;
                LocalDate first = initiation.get().plusDays(1);
                LocalDate last = initiation.get().plusDays(IET_ENGAGEMENT_DAYS);
                boolean matStarted = p.matOrders().stream()
                        .anyMatch(m -> !m.startDate().isBefore(first) && !m.startDate().isAfter(last));
                if (matStarted || services.subSet(first, true, last, true).size() >= 2) {
                    ietEngaged++;
                }
            }
        }

        private void phq9(PatientView p) {
            Optional<Phq9> baseline = p.phq9().stream().filter(s -> s.total() > PHQ9_INDEX_ABOVE).findFirst();
            if (baseline.isPresent() && inPeriod(baseline.get().date())
                    && inTrack(trackAround(p, baseline.get().date()))) {
                Phq9 b = baseline.get();
                measuredAt(p, b, 6, phq9Six);
                measuredAt(p, b, 12, phq9Twelve);
            }
            for (Episode e : p.episodes()) {
                Discharge d = e.discharge();
                Admission a = e.admission();
                if (d == null || a == null || d.reason() == DEATH || !inPeriod(d.date()) || !inTrack(a.trackCode())) {
                    continue;
                }
                LocalDate from = a.date().minusDays(PHQ9_BEFORE_ADMISSION_DAYS);
                Optional<Phq9> stayBaseline = p.phq9().stream().filter(s -> s.total() > PHQ9_INDEX_ABOVE
                        && !s.date().isBefore(from) && !s.date().isAfter(d.date())).findFirst();
                if (stayBaseline.isEmpty()) {
                    continue;
                }
                Phq9 sb = stayBaseline.get();
                Phq9 latest = p.phq9().stream().filter(s -> s.at().isAfter(sb.at()) && !s.date().isAfter(d.date()))
                        .reduce((x, y) -> y).orElse(null);
                count(phq9AtDischarge, sb, latest);
            }
        }

        /** NQF 0711/1884 (6 months) and 0710/1885 (12 months): the latest PHQ-9 within ± 60 days of the mark. */
        private void measuredAt(PatientView p, Phq9 baseline, int months, int[] counts) {
            LocalDate mark = baseline.date().plusMonths(months);
            LocalDate from = mark.minusDays(PHQ9_WINDOW_DAYS);
            LocalDate to = mark.plusDays(PHQ9_WINDOW_DAYS);
            boolean died = p.episodes().stream().anyMatch(e -> e.discharge() != null
                    && e.discharge().reason() == DEATH && !e.discharge().date().isAfter(to));
            if (died) {
                return;
            }
            Phq9 latest = p.phq9().stream().filter(s -> !s.date().isBefore(from) && !s.date().isAfter(to))
                    .reduce((x, y) -> y).orElse(null);
            count(counts, baseline, latest);
        }

        private static void count(int[] counts, Phq9 baseline, Phq9 latest) {
            counts[0]++;
            if (latest != null && 2 * latest.total() <= baseline.total()) {
                counts[1]++;
            }
            if (latest != null && latest.total() < PHQ9_REMISSION_BELOW) {
                counts[2]++;
            }
        }

        private void matContinuity(PatientView p) {
            for (Episode e : p.episodes()) {
                Discharge d = e.discharge();
                if (d == null || d.reason() == DEATH || !inPeriod(d.date())
                        || (track != null && (e.admission() == null || !track.equals(e.admission().trackCode())))) {
                    continue;
                }
                boolean activeMat = p.matOrders().stream().anyMatch(m -> activeOn(p, m, d.date()));
                if (!activeMat) {
                    continue;
                }
                matDischarges++;
                Optional<DischargePlan> plan = p.dischargePlans().stream()
                        .filter(x -> x.episodeId().equals(d.episodeId())).max(DischargePlan.LATEST);
                if (plan.isPresent() && plan.get().arrangesMat()) {
                    matContinued++;
                }
            }
        }

        /** Started on or before the day and not discontinued before it (an order stopped on the day was active). */
        private static boolean activeOn(PatientView p, MatOrder m, LocalDate day) {
            LocalDate stopped = p.discontinued().get(m.orderId());
            return !m.startDate().isAfter(day) && (stopped == null || !stopped.isBefore(day));
        }

        private void notes(PatientView p) {
            for (Note n : p.notes()) {
                if (inPeriod(n.date()) && inTrack(p.trackOn(n.date()))) {
                    notes.merge(n.noteId(), n.late(), Boolean::logicalOr);
                }
            }
            for (NoteOverdue n : p.overdueNotes()) {
                if (inPeriod(n.date()) && inTrack(p.trackOn(n.date()))) {
                    notesOverdue++;
                }
            }
        }

        private void flags(PatientView p) {
            Map<String, RiskAcknowledgement> acks = new HashMap<>();
            for (RiskAcknowledgement a : p.riskAcknowledgements()) {
                acks.put(a.flagId(), a);
                if (inPeriod(a.date()) && inTrack(p.trackOn(a.date()))) {
                    flagsAcknowledged++;
                }
            }
            for (RiskFlag f : p.riskFlags()) {
                if (!inPeriod(f.date()) || !inTrack(p.trackOn(f.date()))) {
                    continue;
                }
                flagsRaised++;
                RiskAcknowledgement a = acks.get(f.flagId());
                if (a != null) {
                    flagsRaisedAcknowledged++;
                    if (f.at() != null && !a.at().isBefore(f.at())) {
                        minutesToAcknowledge.add(Duration.between(f.at(), a.at()).toMinutes());
                    }
                }
            }
        }
    }

    /**
     * The index dates of new IET episodes: each assessment at the clinic with no assessment, admission or treatment
     * service of the patient there in the 194 days before it (an earlier assessment the same day also counts).
     */
    static List<LocalDate> ietIndexDates(PatientView p) {
        List<LocalDate> index = new ArrayList<>();
        TreeSet<LocalDate> history = treatmentDates(p);
        p.admissions().forEach(a -> history.add(a.date()));
        LocalDate previousAssessment = null;
        for (Assessment a : p.assessments()) {
            LocalDate from = a.date().minusDays(IET_NEGATIVE_HISTORY_DAYS);
            boolean seenBefore = !history.subSet(from, true, a.date(), false).isEmpty()
                    || (previousAssessment != null && !previousAssessment.isBefore(from));
            if (!seenBefore) {
                index.add(a.date());
            }
            previousAssessment = a.date();
        }
        return index;
    }

    /** Dates of treatment services: attended sessions and MAT orders' start dates. */
    static TreeSet<LocalDate> treatmentDates(PatientView p) {
        TreeSet<LocalDate> dates = new TreeSet<>();
        p.attendance().stream().filter(PatientFacts.Attendance::attended).forEach(s -> dates.add(s.date()));
        p.matOrders().forEach(m -> dates.add(m.startDate()));
        return dates;
    }

    /** The track of the stay covering the day, else of the first admission in the 30 days after it, else null. */
    static String trackAround(PatientView p, LocalDate day) {
        String covering = p.trackOn(day);
        if (covering != null) {
            return covering;
        }
        return p.admissions().stream()
                .filter(a -> !a.date().isBefore(day) && !a.date().isAfter(day.plusDays(TRACK_LOOKAHEAD_DAYS)))
                .map(Admission::trackCode).findFirst().orElse(null);
    }

    /** The track of a stay covering any day of the week starting on {@code weekStart}. */
    static String trackOfWeek(PatientView p, LocalDate weekStart) {
        for (int i = 0; i < 7; i++) {
            String t = p.trackOn(weekStart.plusDays(i));
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
