package care.iop.scheduling.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The payer rule table: versioned data ({@code payer-rules-2026.1.json} next to this class, format in its
 * {@code $comment} and docs/billing.md), checked when loaded so that a bad table fails at start-up, not on a claim.
 * Every decision records the table version it came from.
 *
 * <p>Immutable and thread-safe: load once and share.
 */
public final class PayerRules {

    static final String RESOURCE = "payer-rules-2026.1.json";

    private static final Pattern REVENUE_CODE = Pattern.compile("\\d{4}");
    private static final Pattern PLACE_OF_SERVICE = Pattern.compile("\\d{2}");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{5}");
    private static final Pattern MODIFIER = Pattern.compile("[A-Z0-9]{2}");
    private static final Pattern CONDITION_CODE = Pattern.compile("[A-Z0-9]{2}");

    @JsonIgnoreProperties("$comment")
    record Table(String version, List<PayerRuleSet> ruleSets) {
    }

    private final String version;
    private final Map<String, PayerRuleSet> ruleSets;

    private PayerRules(String version, Map<String, PayerRuleSet> ruleSets) {
        this.version = version;
        this.ruleSets = Map.copyOf(ruleSets);
    }

    /** Reads and checks the bundled table. */
    public static PayerRules load() {
        try (InputStream in = PayerRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Payer rule table " + RESOURCE + " is not on the classpath");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses and checks a table; unknown fields are refused (a misspelt rule must not be silently ignored). */
    static PayerRules fromJson(InputStream json) throws IOException {
        Table table = new ObjectMapper().readValue(json, Table.class);
        require(table.version() != null && !table.version().isBlank(), "version is missing");
        require(table.ruleSets() != null && !table.ruleSets().isEmpty(), "ruleSets are missing");
        Map<String, PayerRuleSet> byId = new LinkedHashMap<>();
        for (PayerRuleSet set : table.ruleSets()) {
            check(set);
            require(byId.put(set.id(), set) == null, "rule set id " + set.id() + " is repeated");
        }
        return new PayerRules(table.version(), byId);
    }

    public String version() {
        return version;
    }

    /** @throws IllegalArgumentException for an id the table does not have */
    public PayerRuleSet ruleSet(String id) {
        PayerRuleSet set = ruleSets.get(id);
        if (set == null) {
            throw new IllegalArgumentException("payer rule table " + version + " has no rule set " + id);
        }
        return set;
    }

    public Set<String> ruleSetIds() {
        return ruleSets.keySet();
    }

    private static void check(PayerRuleSet s) {
        require(s.id() != null && !s.id().isBlank(), "a rule set has no id");
        String where = "rule set " + s.id() + ": ";
        require(s.name() != null && !s.name().isBlank(), where + "name is missing");
        require(s.description() != null && !s.description().isBlank(), where + "description is missing");
        require(s.billing() != null, where + "billing must be per-diem or per-service");
        require(s.claimForm() != null, where + "claimForm must be professional or institutional");
        require(s.treatmentPlanRequired() != null, where + "treatmentPlanRequired must be true or false");
        require(s.authorizationRequired() != null, where + "authorizationRequired must be true or false");
        require(s.conditionCodes() != null, where + "conditionCodes are missing (use [] for none)");
        s.conditionCodes().forEach(c -> require(c != null && CONDITION_CODE.matcher(c).matches(),
                where + "condition code " + c + " is not two letters or digits"));
        if (s.claimForm() == PayerRuleSet.ClaimForm.INSTITUTIONAL) {
            require(s.revenueCode() != null && REVENUE_CODE.matcher(s.revenueCode()).matches(),
                    where + "an institutional claim needs a four-digit revenueCode");
        } else {
            require(s.revenueCode() == null, where + "a professional claim has no revenueCode");
        }
        require(s.code() == null || CODE.matcher(s.code()).matches(),
                where + "code " + s.code() + " is not a five-character HCPCS/CPT code");
        require(s.minMinutesPerDay() == null || (s.minMinutesPerDay() > 0 && s.minMinutesPerDay() <= 24 * 60),
                where + "minMinutesPerDay must be 1 to 1440");
        if (s.minQualifyingDaysPerWeek() != null) {
            require(s.minQualifyingDaysPerWeek() >= 1 && s.minQualifyingDaysPerWeek() <= 7,
                    where + "minQualifyingDaysPerWeek must be 1 to 7");
            require(s.minMinutesPerDay() != null,
                    where + "minQualifyingDaysPerWeek needs minMinutesPerDay (a day qualifies by its minutes)");
        }
        if (s.certification() != null) {
            Integer minutes = s.certification().minCertifiedMinutesPerWeek();
            Integer months = s.certification().recertifyEveryMonths();
            require(minutes != null && minutes > 0, where + "certification.minCertifiedMinutesPerWeek must be > 0");
            require(months != null && months > 0, where + "certification.recertifyEveryMonths must be > 0");
        }
        if (s.telehealth() != null) {
            String modifier = s.telehealth().modifier();
            String pos = s.telehealth().placeOfService();
            require(modifier == null || MODIFIER.matcher(modifier).matches(),
                    where + "telehealth.modifier " + modifier + " is not two letters or digits");
            if (s.claimForm() == PayerRuleSet.ClaimForm.PROFESSIONAL) {
                require(pos != null && PLACE_OF_SERVICE.matcher(pos).matches(),
                        where + "telehealth.placeOfService must be two digits on a professional claim");
            } else {
                require(pos == null, where + "an institutional claim has no place of service");
            }
        }
        if (s.billing() == PayerRuleSet.Billing.PER_DIEM) {
            require(s.perService() == null, where + "a per-diem rule set has no perService");
            require(s.code() != null || s.perDiemClasses() != null,
                    where + "a per-diem rule set needs a code or perDiemClasses");
            if (s.perDiemClasses() != null) {
                checkClasses(where, s.perDiemClasses());
            }
        } else {
            require(s.code() == null && s.perDiemClasses() == null && s.minMinutesPerDay() == null
                            && s.minQualifyingDaysPerWeek() == null,
                    where + "a per-service rule set takes its codes from perService only");
            require(s.perService() != null && !s.perService().isEmpty(), where + "perService is missing");
            Set<ServiceKind> kinds = new HashSet<>();
            for (PayerRuleSet.PerService p : s.perService()) {
                require(p.kind() != null && p.kind().countable(), where + "perService kind must be a countable kind");
                require(kinds.add(p.kind()), where + "perService lists " + p.kind().value() + " twice");
                require(p.code() != null && CODE.matcher(p.code()).matches(),
                        where + "perService code " + p.code() + " is not a five-character HCPCS/CPT code");
                require(p.minMinutes() == null || p.minMinutes() > 0, where + "perService minMinutes must be > 0");
            }
        }
    }

    private static void checkClasses(String where, List<PayerRuleSet.PerDiemClass> classes) {
        require(!classes.isEmpty(), where + "perDiemClasses is empty");
        int previous = 0;
        for (PayerRuleSet.PerDiemClass c : classes) {
            require(c.minServices() != null && c.minServices() > previous,
                    where + "perDiemClasses must have minServices >= 1, strictly ascending");
            require(c.perDiemClass() != null && !c.perDiemClass().isBlank(), where + "a per-diem class has no name");
            previous = c.minServices();
        }
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("Invalid payer rule table: " + problem);
        }
    }
}
