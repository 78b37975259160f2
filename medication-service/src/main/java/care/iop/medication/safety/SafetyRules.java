package care.iop.medication.safety;

import care.iop.medication.catalogue.Catalogue;
import care.iop.medication.catalogue.Medication;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Medication safety checks for a new order: a versioned rule table kept as data
 * ({@code safety-rules-2026.1.json} next to this class, format documented in its {@code $comment}), checked against
 * the {@link Catalogue} when loaded so that a rule naming an unknown class or group fails at start-up.
 *
 * <p>This is decision support: findings are shown to the prescriber, who may override them.
 *
 * <p>Immutable and thread-safe: load once and share.
 */
public final class SafetyRules {

    static final String RESOURCE = "safety-rules-2026.1.json";

    // Rule codes travel in medication.prescribed's overriddenRules, whose schema allows this.
    private static final Pattern RULE_CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_CODE_LENGTH = 64;

    @JsonIgnoreProperties("$comment")
    record Table(String version, List<RuleEntry> rules) {
    }

    @JsonIgnoreProperties("$comment")
    record RuleEntry(String code, Severity severity, String description, When when) {
    }

    /** Exactly one of same, pair, allergy. */
    record When(String same, List<Side> pair, Boolean allergy) {
    }

    /** One side of a pair: exactly one of group, class. */
    record Side(String group, @JsonProperty("class") String medicationClass) {

        boolean matches(Medication medication) {
            return group != null
                    ? medication.groups().contains(group)
                    : medication.medicationClass().equals(medicationClass);
        }

        /** "opioid-agonist" reads as "opioid agonist" in a finding's detail. */
        String label() {
            return (group != null ? group : medicationClass).replace('-', ' ');
        }
    }

    /** What a rule looks for. A condition compares the candidate with active orders, with allergies, or neither. */
    private interface Condition {

        /** The finding's detail if the candidate conflicts with one active medication. */
        default Optional<String> against(Medication candidate, Medication active) {
            return Optional.empty();
        }

        /** The finding's detail if the candidate conflicts with the patient's allergies. */
        default Optional<String> againstAllergies(Medication candidate, Set<String> allergies) {
            return Optional.empty();
        }
    }

    private static final class SameClass implements Condition {
        @Override
        public Optional<String> against(Medication candidate, Medication active) {
            if (!candidate.medicationClass().equals(active.medicationClass())) {
                return Optional.empty();
            }
            return Optional.of(candidate.name() + " with " + active.name() + ": both "
                    + candidate.medicationClass().replace('-', ' '));
        }
    }

    private record Pair(Side first, Side second) implements Condition {
        @Override
        public Optional<String> against(Medication candidate, Medication active) {
            if (first.matches(candidate) && second.matches(active)) {
                return Optional.of(detail(candidate, active));
            }
            if (first.matches(active) && second.matches(candidate)) {
                return Optional.of(detail(active, candidate));
            }
            return Optional.empty();
        }

        // Names follow the rule's side order, so the text reads the same whichever one is new.
        private String detail(Medication firstSide, Medication secondSide) {
            return firstSide.name() + " with " + secondSide.name() + ": " + first.label() + " with " + second.label();
        }
    }

    private static final class Allergy implements Condition {
        @Override
        public Optional<String> againstAllergies(Medication candidate, Set<String> allergies) {
            if (allergies.contains(candidate.id())) {
                return Optional.of(candidate.name() + ": allergy recorded to this medication");
            }
            if (allergies.contains(candidate.medicationClass())) {
                return Optional.of(candidate.name() + ": allergy recorded to its class, "
                        + candidate.medicationClass().replace('-', ' '));
            }
            return Optional.empty();
        }
    }

    private record Rule(String code, Severity severity, Condition condition) {
    }

    private final String version;
    private final List<Rule> rules;

    private SafetyRules(String version, List<Rule> rules) {
        this.version = version;
        this.rules = List.copyOf(rules);
    }

    /** Reads the bundled rule table and checks it against {@code catalogue}. */
    public static SafetyRules load(Catalogue catalogue) {
        try (InputStream in = SafetyRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Safety rule table " + RESOURCE + " is not on the classpath");
            }
            return load(in, catalogue);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a rule table in the bundled file's format and checks it against {@code catalogue}.
     *
     * @throws IllegalStateException if the table is malformed or inconsistent: a missing field, a repeated code, an
     *                               unknown severity or condition, a class or group no catalogue medication has
     */
    public static SafetyRules load(InputStream json, Catalogue catalogue) {
        Objects.requireNonNull(catalogue, "catalogue");
        Table table;
        try {
            table = new ObjectMapper().readValue(json, Table.class);
        } catch (IOException e) {
            throw new IllegalStateException("Invalid safety rule table: " + e.getMessage(), e);
        }
        require(table != null && table.version() != null && !table.version().isBlank(), "version is missing");
        require(table.rules() != null && !table.rules().isEmpty(), "rules are missing");
        Set<String> classes = catalogue.all().stream().map(Medication::medicationClass).collect(Collectors.toSet());
        Set<String> groups = catalogue.all().stream().flatMap(m -> m.groups().stream()).collect(Collectors.toSet());
        Set<String> codes = new HashSet<>();
        List<Rule> rules = new ArrayList<>();
        for (RuleEntry entry : table.rules()) {
            require(entry != null && entry.code() != null && entry.code().length() <= MAX_CODE_LENGTH
                    && RULE_CODE.matcher(entry.code()).matches(), "a rule code is missing or not a lower-case kebab code");
            String where = "rule " + entry.code() + ": ";
            require(codes.add(entry.code()), where + "code is repeated");
            require(entry.severity() != null, where + "severity is missing");
            require(entry.description() != null && !entry.description().isBlank(), where + "description is missing");
            require(entry.when() != null, where + "when is missing");
            rules.add(new Rule(entry.code(), entry.severity(), condition(where, entry.when(), classes, groups)));
        }
        return new SafetyRules(table.version(), rules);
    }

    /** The rule table version, e.g. {@code 2026.1}. */
    public String version() {
        return version;
    }

    /**
     * Findings for ordering {@code candidate} while {@code active} orders run and the patient has {@code allergies}
     * (each a catalogue id or a medication class). Ordered by rule order in the file, then by active order. When an
     * existing order is being changed, leave it out of {@code active}, or it conflicts with itself.
     */
    public List<Finding> check(Medication candidate, List<ActiveOrder> active, Set<String> allergies) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(allergies, "allergies");
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            rule.condition().againstAllergies(candidate, allergies)
                    .ifPresent(detail -> findings.add(new Finding(rule.code(), rule.severity(), null, detail)));
            for (ActiveOrder order : active) {
                rule.condition().against(candidate, order.medication())
                        .ifPresent(detail -> findings.add(
                                new Finding(rule.code(), rule.severity(), order.orderId(), detail)));
            }
        }
        return List.copyOf(findings);
    }

    private static Condition condition(String where, When when, Set<String> classes, Set<String> groups) {
        int kinds = (when.same() != null ? 1 : 0) + (when.pair() != null ? 1 : 0) + (when.allergy() != null ? 1 : 0);
        require(kinds == 1, where + "when needs exactly one of same, pair, allergy");
        if (when.same() != null) {
            require(when.same().equals("class"), where + "same supports only \"class\", not " + when.same());
            return new SameClass();
        }
        if (when.allergy() != null) {
            require(when.allergy(), where + "allergy must be true");
            return new Allergy();
        }
        require(when.pair().size() == 2, where + "pair needs exactly two sides");
        for (Side side : when.pair()) {
            require(side != null && (side.group() == null) != (side.medicationClass() == null),
                    where + "a pair side needs exactly one of group, class");
            require(side.group() == null || groups.contains(side.group()),
                    where + "no catalogue medication is in group " + side.group());
            require(side.medicationClass() == null || classes.contains(side.medicationClass()),
                    where + "no catalogue medication has class " + side.medicationClass());
        }
        return new Pair(when.pair().get(0), when.pair().get(1));
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("Invalid safety rule table: " + problem);
        }
    }
}
