package care.iop.intake.assessment;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.AsamDimensions;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Level-of-care decision support: a versioned rule table kept as data
 * ({@code level-of-care-rules-v1.json} next to this class, format documented in its {@code $comment}). A rule fires
 * when all its conditions hold; the recommendation is the highest level among fired rules. This is transparent,
 * platform-authored decision support, not the (licensed) ASAM algorithm; the clinician decides the final level.
 *
 * <p>Immutable and thread-safe: load once and share.
 */
public final class LevelOfCareRules {

    static final String RESOURCE = "level-of-care-rules-v1.json";

    /** Orders levels by their ASAM number: 0.5 &lt; 1 &lt; 2.1 &lt; 2.5 &lt; 3.1 &lt; 3.3 &lt; 3.5 &lt; 3.7 &lt; 4. */
    public static final Comparator<LevelOfCare> BY_INTENSITY = Comparator.comparing(l -> new BigDecimal(l.value()));

    private static final LevelOfCare HIGHEST_KEPT_IN_PROGRAM = LevelOfCare.LEVEL_2_5;

    /**
     * The recommended level, the ids of the rules that fired (in table order) and the table version they came from.
     */
    public record Recommendation(LevelOfCare level, List<String> firedRules, String rulesVersion) {
        public Recommendation {
            firedRules = List.copyOf(firedRules);
        }
    }

    @JsonIgnoreProperties("$comment")
    record Table(String version, List<Rule> rules) {
    }

    @JsonIgnoreProperties("$comment")
    record Rule(String id, String description, List<Condition> conditions, String recommends) {
    }

    /** Exactly one of dimension / anyOf / allOf; min and max inclusive, at least one given. */
    @JsonIgnoreProperties("$comment")
    record Condition(Integer dimension, List<Integer> anyOf, List<Integer> allOf, Integer min, Integer max) {

        boolean holds(int[] ratings) {
            if (dimension != null) {
                return inRange(ratings[dimension - 1]);
            }
            if (anyOf != null) {
                return anyOf.stream().anyMatch(d -> inRange(ratings[d - 1]));
            }
            return allOf.stream().allMatch(d -> inRange(ratings[d - 1]));
        }

        private boolean inRange(int rating) {
            return (min == null || rating >= min) && (max == null || rating <= max);
        }
    }

    private record CompiledRule(String id, List<Condition> conditions, LevelOfCare level) {
        boolean fires(int[] ratings) {
            return conditions.stream().allMatch(c -> c.holds(ratings));
        }
    }

    private final String version;
    private final List<CompiledRule> rules;

    private LevelOfCareRules(String version, List<CompiledRule> rules) {
        this.version = version;
        this.rules = List.copyOf(rules);
    }

    /** Reads and checks the bundled rule table. */
    public static LevelOfCareRules load() {
        try (InputStream in = LevelOfCareRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Level-of-care rule table " + RESOURCE + " is not on the classpath");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses and checks a rule table: well-formed conditions, known levels, unique ids, and every one of the 5^6
     * rating combinations firing at least one rule (so a table with a gap fails at start-up, not on a patient).
     */
    static LevelOfCareRules fromJson(InputStream json) throws IOException {
        Table table = new ObjectMapper().readValue(json, Table.class);
        require(table.version() != null && !table.version().isBlank(), "version is missing");
        require(table.rules() != null && !table.rules().isEmpty(), "rules are missing");
        Set<String> ids = new HashSet<>();
        List<CompiledRule> compiled = new ArrayList<>();
        for (Rule rule : table.rules()) {
            require(rule.id() != null && !rule.id().isBlank(), "a rule has no id");
            require(ids.add(rule.id()), "rule id " + rule.id() + " is repeated");
            require(rule.description() != null && !rule.description().isBlank(),
                    "rule " + rule.id() + " has no description");
            require(rule.conditions() != null && !rule.conditions().isEmpty(),
                    "rule " + rule.id() + " has no conditions");
            rule.conditions().forEach(c -> checkCondition(rule.id(), c));
            LevelOfCare level = Arrays.stream(LevelOfCare.values())
                    .filter(l -> l.value().equals(rule.recommends()))
                    .findFirst()
                    .orElseThrow(() -> invalid("rule " + rule.id() + " recommends an unknown level"));
            compiled.add(new CompiledRule(rule.id(), rule.conditions(), level));
        }
        LevelOfCareRules rules = new LevelOfCareRules(table.version(), compiled);
        rules.checkEveryCombinationFires();
        return rules;
    }

    /** The rule table version, recorded with every recommendation. */
    public String version() {
        return version;
    }

    /**
     * Recommends a level for six dimension ratings.
     *
     * @throws IllegalArgumentException if a rating is outside 0–4
     */
    public Recommendation recommend(AsamDimensions dimensions) {
        int[] ratings = {dimensions.d1(), dimensions.d2(), dimensions.d3(), dimensions.d4(), dimensions.d5(),
                dimensions.d6()};
        for (int i = 0; i < ratings.length; i++) {
            if (ratings[i] < 0 || ratings[i] > 4) {
                throw new IllegalArgumentException("dimension " + (i + 1) + " rating must be between 0 and 4");
            }
        }
        List<CompiledRule> fired = rules.stream().filter(r -> r.fires(ratings)).toList();
        LevelOfCare level = fired.stream().map(CompiledRule::level).max(BY_INTENSITY)
                .orElseThrow(() -> new IllegalStateException("no level-of-care rule fired"));
        return new Recommendation(level, fired.stream().map(CompiledRule::id).toList(), version);
    }

    /** A recommendation above 2.5 (3.1 and up, 24-hour settings) means the patient is referred out. */
    public static boolean isReferOut(LevelOfCare recommended) {
        return BY_INTENSITY.compare(recommended, HIGHEST_KEPT_IN_PROGRAM) > 0;
    }

    private static void checkCondition(String ruleId, Condition c) {
        String where = "rule " + ruleId + ": ";
        int forms = (c.dimension() != null ? 1 : 0) + (c.anyOf() != null ? 1 : 0) + (c.allOf() != null ? 1 : 0);
        require(forms == 1, where + "a condition needs exactly one of dimension, anyOf, allOf");
        List<Integer> dims = c.dimension() != null ? List.of(c.dimension())
                : c.anyOf() != null ? c.anyOf() : c.allOf();
        require(!dims.isEmpty() && dims.stream().allMatch(d -> d != null && d >= 1 && d <= 6),
                where + "dimensions must be 1 to 6");
        require(c.min() != null || c.max() != null, where + "a condition needs min or max");
        require(c.min() == null || (c.min() >= 0 && c.min() <= 4), where + "min must be 0 to 4");
        require(c.max() == null || (c.max() >= 0 && c.max() <= 4), where + "max must be 0 to 4");
        require(c.min() == null || c.max() == null || c.min() <= c.max(), where + "min exceeds max");
    }

    private void checkEveryCombinationFires() {
        int[] ratings = new int[6];
        for (int n = 0; n < 15625; n++) {
            for (int i = 0, rest = n; i < 6; i++, rest /= 5) {
                ratings[i] = rest % 5;
            }
            require(rules.stream().anyMatch(r -> r.fires(ratings)),
                    "no rule fires for ratings " + Arrays.toString(ratings));
        }
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw invalid(problem);
        }
    }

    private static IllegalStateException invalid(String problem) {
        return new IllegalStateException("Invalid level-of-care rule table: " + problem);
    }
}
