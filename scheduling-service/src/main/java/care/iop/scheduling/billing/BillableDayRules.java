package care.iop.scheduling.billing;

import care.iop.scheduling.billing.BillableDayDecision.ClaimLine;
import care.iop.scheduling.billing.BillingFacts.PhysicianCertification;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides whether a patient's day is billable to a payer, from the day's attendance, the rest of its ISO week
 * (Monday to Sunday, dates in the track's zone), the payer's rule set and the facts on file. Every rule the payer has
 * is checked and named in the reasons, passing or failing, so a biller sees why a day was or was not billed.
 *
 * <p>A week still under way can turn earlier days billable (the third qualifying day of the week makes the first two
 * billable under H0015): decisions are recomputed from the whole week, never kept from a partial one.
 */
public final class BillableDayRules {

    private final PayerRules table;

    public BillableDayRules(PayerRules table) {
        this.table = table;
    }

    /**
     * @param day  the day to decide
     * @param week the patient's service days in the same ISO week (the day itself may be among them)
     * @throws IllegalArgumentException if a week day belongs to another patient or week
     */
    public BillableDayDecision decide(String ruleSetId, ServiceDay day, List<ServiceDay> week, BillingFacts facts) {
        PayerRuleSet rules = table.ruleSet(ruleSetId);
        Checks checks = new Checks();
        List<ClaimLine> lines = new ArrayList<>();
        String perDiemClass = null;
        if (rules.billing() == PayerRuleSet.Billing.PER_DIEM) {
            perDiemClass = perDiem(rules, day, week, facts, checks, lines);
        } else {
            perService(rules, day, facts, checks, lines);
        }
        if (rules.treatmentPlanRequired()) {
            treatmentPlan(day.date(), facts, checks);
        }
        if (rules.certification() != null) {
            certification(rules, day.date(), facts, checks);
        }
        if (rules.authorizationRequired()) {
            authorization(day.date(), Math.max(1, lines.size()), facts, checks);
        }
        boolean billable = !checks.failed && !lines.isEmpty();
        return new BillableDayDecision(day.patientId(), day.date(), rules.id(), billable,
                billable ? lines : List.of(), billable ? perDiemClass : null,
                billable ? rules.conditionCodes() : List.of(), checks.reasons, table.version());
    }

    private static final class Checks {
        final List<String> reasons = new ArrayList<>();
        boolean failed;

        void pass(String reason) {
            reasons.add(reason);
        }

        void fail(String reason) {
            reasons.add(reason);
            failed = true;
        }
    }

    private String perDiem(PayerRuleSet rules, ServiceDay day, List<ServiceDay> week, BillingFacts facts,
                           Checks checks, List<ClaimLine> lines) {
        // Runs first, so any failure recorded here is this day's own.
        telehealthDay(rules, day, checks);
        if (rules.minMinutesPerDay() != null) {
            int min = rules.minMinutesPerDay();
            String text = hours(day.countableMinutes()) + (day.countableMinutes() >= min ? " >= " : " < ")
                    + hours(min) + " (" + rules.name() + " minimum per day)";
            if (day.countableMinutes() >= min) {
                checks.pass(text);
            } else {
                checks.fail(text);
            }
        }
        String perDiemClass = null;
        if (rules.perDiemClasses() != null) {
            int services = day.distinctServices();
            Optional<PayerRuleSet.PerDiemClass> match = rules.perDiemClasses().stream()
                    .filter(c -> services >= c.minServices()).reduce((first, second) -> second);
            int fewest = rules.perDiemClasses().get(0).minServices();
            if (match.isPresent()) {
                perDiemClass = match.get().perDiemClass();
                checks.pass(services(services) + ": " + rules.name() + " per-diem class " + perDiemClass);
            } else {
                checks.fail(services(services) + " < " + fewest + " (fewest for a " + rules.name()
                        + " per-diem class)");
            }
        }
        if (rules.minQualifyingDaysPerWeek() != null) {
            weeklyDays(rules, day, week, checks);
        }
        if (!checks.failed) {
            lines.add(line(rules, rules.code(), day.allTelehealth(), facts));
        }
        return perDiemClass;
    }

    private static void telehealthDay(PayerRuleSet rules, ServiceDay day, Checks checks) {
        if (day.telehealthMinutes() == 0) {
            return;
        }
        String share = day.telehealthMinutes() + " of " + day.countableMinutes() + " min by telehealth";
        if (rules.telehealth() == null) {
            checks.fail(share + ": " + rules.name() + " does not pay for telehealth");
            return;
        }
        if (!day.allTelehealth()) {
            checks.fail(share + ": a day partly in person and partly by telehealth is not coded by the"
                    + " table; bill it by hand");
            return;
        }
        checks.pass(share + ": coded as telehealth");
    }

    private static void weeklyDays(PayerRuleSet rules, ServiceDay day, List<ServiceDay> week, Checks checks) {
        LocalDate monday = day.date().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Map<LocalDate, ServiceDay> byDate = new TreeMap<>();
        for (ServiceDay other : week) {
            if (!other.patientId().equals(day.patientId())) {
                throw new IllegalArgumentException("week day " + other.date() + " is patient " + other.patientId()
                        + "'s, not " + day.patientId() + "'s");
            }
            if (!other.date().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).equals(monday)) {
                throw new IllegalArgumentException("week day " + other.date() + " is not in the week of " + monday);
            }
            byDate.put(other.date(), other);
        }
        byDate.put(day.date(), day);
        int min = rules.minMinutesPerDay();
        long qualifying = byDate.values().stream().filter(d -> d.countableMinutes() >= min).count();
        int needed = rules.minQualifyingDaysPerWeek();
        String text = qualifying + " qualifying " + (qualifying == 1 ? "day" : "days") + " in the week of "
                + monday + (qualifying >= needed ? " >= " : " < ") + needed + " (" + rules.name()
                + " days per week)";
        if (qualifying >= needed) {
            checks.pass(text);
        } else {
            checks.fail(text);
        }
    }

    private void perService(PayerRuleSet rules, ServiceDay day, BillingFacts facts, Checks checks,
                            List<ClaimLine> lines) {
        for (ServiceDay.Service service : day.services()) {
            String what = service.kind().value() + " " + service.serviceId();
            Optional<PayerRuleSet.PerService> billed = rules.perService().stream()
                    .filter(p -> p.kind() == service.kind()).findFirst();
            if (billed.isEmpty()) {
                checks.pass(what + ": not billed under " + rules.name() + " (no code for this kind)");
                continue;
            }
            PayerRuleSet.PerService p = billed.get();
            if (p.minMinutes() != null && service.minutes() < p.minMinutes()) {
                checks.pass(what + ": " + hours(service.minutes()) + " < " + hours(p.minMinutes()) + " ("
                        + p.code() + " minimum per session), not billed");
                continue;
            }
            boolean telehealth = service.telehealthMinutes() > 0;
            if (telehealth && rules.telehealth() == null) {
                checks.pass(what + ": by telehealth, which " + rules.name() + " does not pay for; not billed");
                continue;
            }
            if (telehealth && service.telehealthMinutes() < service.minutes()) {
                checks.pass(what + ": partly in person and partly by telehealth, not coded by the table; bill it"
                        + " by hand");
                continue;
            }
            checks.pass(what + ": " + p.code() + (telehealth ? " by telehealth" : ""));
            lines.add(line(rules, p.code(), telehealth, facts));
        }
        if (lines.isEmpty()) {
            checks.fail("no session billable under " + rules.name());
        }
    }

    private static ClaimLine line(PayerRuleSet rules, String code, boolean telehealth, BillingFacts facts) {
        List<String> modifiers = telehealth && rules.telehealth().modifier() != null
                ? List.of(rules.telehealth().modifier()) : List.of();
        String placeOfService = null;
        if (rules.claimForm() == PayerRuleSet.ClaimForm.PROFESSIONAL) {
            placeOfService = telehealth ? rules.telehealth().placeOfService() : facts.inPersonPlaceOfService();
            if (placeOfService == null) {
                throw new IllegalArgumentException("the clinic's in-person place of service is needed for a "
                        + rules.name() + " professional claim");
            }
        }
        return new ClaimLine(code, rules.revenueCode(), 1, modifiers, placeOfService);
    }

    private static void treatmentPlan(LocalDate date, BillingFacts facts, Checks checks) {
        facts.treatmentPlans().stream().filter(p -> p.contains(date)).findFirst().ifPresentOrElse(
                plan -> checks.pass("treatment plan in force " + plan.from() + " to " + plan.to()),
                () -> checks.fail("no individualized treatment plan in force on " + date));
    }

    private static void certification(PayerRuleSet rules, LocalDate date, BillingFacts facts, Checks checks) {
        Optional<PhysicianCertification> latest = facts.certifications().stream()
                .filter(c -> !c.signedOn().isAfter(date))
                .max(Comparator.comparing(PhysicianCertification::signedOn));
        if (latest.isEmpty()) {
            checks.fail("no physician certification on file on " + date + " (" + rules.name() + ")");
            return;
        }
        PhysicianCertification cert = latest.get();
        int months = rules.certification().recertifyEveryMonths();
        LocalDate due = cert.signedOn().plusMonths(months);
        if (!date.isBefore(due)) {
            checks.fail("physician certification signed " + cert.signedOn() + " lapsed on " + due
                    + " (recertify at least every " + months + " months)");
            return;
        }
        int min = rules.certification().minCertifiedMinutesPerWeek();
        if (cert.certifiedMinutesPerWeek() < min) {
            checks.fail("certified need " + hours(cert.certifiedMinutesPerWeek()) + " a week < " + hours(min)
                    + " (" + rules.name() + " certification)");
            return;
        }
        checks.pass("physician certification signed " + cert.signedOn() + " for " + hours(
                cert.certifiedMinutesPerWeek()) + " a week, recertification due " + due);
    }

    private static void authorization(LocalDate date, int unitsNeeded, BillingFacts facts, Checks checks) {
        BillingFacts.Authorization auth = facts.authorization();
        if (auth == null) {
            checks.fail("no authorization on file");
        } else if (!auth.dates().contains(date)) {
            checks.fail(date + " is outside the authorization " + auth.dates().from() + " to " + auth.dates().to());
        } else if (auth.unitsRemaining() < unitsNeeded) {
            checks.fail("authorization has " + units(auth.unitsRemaining()) + " remaining < " + unitsNeeded
                    + " needed");
        } else {
            checks.pass("authorized " + auth.dates().from() + " to " + auth.dates().to() + ", "
                    + units(auth.unitsRemaining()) + " remaining");
        }
    }

    /** "3 h", "45 min", "2 h 59 min". */
    static String hours(int minutes) {
        int h = minutes / 60;
        int m = minutes % 60;
        if (h == 0) {
            return m + " min";
        }
        return m == 0 ? h + " h" : h + " h " + m + " min";
    }

    private static String units(int n) {
        return n + (n == 1 ? " unit" : " units");
    }

    private static String services(int n) {
        return n + (n == 1 ? " service" : " services");
    }
}
