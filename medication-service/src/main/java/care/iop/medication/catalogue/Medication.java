package care.iop.medication.catalogue;

import care.iop.events.medication.DeaSchedule;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of the medication {@link Catalogue}.
 *
 * @param id              stable catalogue id, lower-case kebab, e.g. {@code naltrexone-xr-injectable}
 * @param name            display name, e.g. {@code naltrexone extended-release injectable suspension}
 * @param rxnorm          RxNorm concept id (RxCUI), digits only: the ingredient (IN) or, for combinations, the
 *                        multiple-ingredient concept (MIN)
 * @param rxnormTty       RxNorm term type of {@code rxnorm}: {@code IN} or {@code MIN}
 * @param medicationClass therapeutic class code, e.g. {@code ssri}, {@code benzodiazepine}
 * @param groups          pharmacological groups safety rules select on, e.g. {@code opioid-agonist}
 * @param deaSchedule     federal DEA schedule, {@link DeaSchedule#NONE} when not controlled
 * @param mat             whether it is medication for addiction treatment (opioid or alcohol use disorder)
 * @param routes          allowed routes of administration, e.g. {@code oral}, {@code sublingual}
 * @param screensAs       drug-screen substance codes a patient taking it tests positive for, e.g. {@code BUP}
 */
public record Medication(String id,
                         String name,
                         String rxnorm,
                         String rxnormTty,
                         String medicationClass,
                         Set<String> groups,
                         DeaSchedule deaSchedule,
                         boolean mat,
                         Set<String> routes,
                         Set<String> screensAs) {

    public Medication {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rxnorm, "rxnorm");
        Objects.requireNonNull(rxnormTty, "rxnormTty");
        Objects.requireNonNull(medicationClass, "medicationClass");
        Objects.requireNonNull(deaSchedule, "deaSchedule");
        groups = frozen(groups, "groups");
        routes = frozen(routes, "routes");
        screensAs = frozen(screensAs, "screensAs");
    }

    // Keeps the file's order, so a medication serialises the same way every time.
    private static Set<String> frozen(Set<String> values, String what) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(values, what)));
    }
}
