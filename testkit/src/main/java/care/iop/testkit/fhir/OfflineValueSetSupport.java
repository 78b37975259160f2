package care.iop.testkit.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;

/**
 * Checks codes against value sets that can only partly be expanded offline, and says "not
 * checked" (INFORMATION) instead of reporting an error for what cannot be checked.
 *
 * <p>Two kinds of value set part cannot be expanded without a terminology server:
 * <ul>
 *   <li>an included value set nobody here has: US Core 6.1.0 defines OMB race and ethnicity,
 *       detailed race and ethnicity, birth sex, pregnancy status and intent as unions of VSAC value
 *       sets ({@code http://cts.nlm.nih.gov/fhir/ValueSet/...}). HAPI's in-memory terminology
 *       service treats them as empty and reports every code as not in the value set, an ERROR for
 *       a required binding;</li>
 *   <li>a filter on a code system with no CodeSystem resource here (LOINC, SNOMED CT, BCP-47):
 *       HAPI 8.8.1's in-memory expansion fails with a NullPointerException, which the validator
 *       turns into a misleading "Error ... validating CodeableConcept" warning.</li>
 * </ul>
 *
 * <p>For such a value set (and only such: every other value set is left to the in-memory service,
 * which sits after this module in the chain), the code is first checked against the part that can
 * be expanded. Found there: valid. Not found, and its code system is one the unavailable parts
 * could hold (or not given, or the value set includes unavailable value sets): INFORMATION "not
 * checked", unless the code does not exist in its code system where that can be checked (an
 * error). Not found, and its code system cannot be in the unavailable parts: not in the value set
 * (the validator then weighs that by binding strength, as for any other value set).
 */
final class OfflineValueSetSupport implements IValidationSupport {

    /** What can and cannot be expanded of one value set. */
    private record Analysis(
            ValueSet available, List<String> missingValueSets, Set<String> unexpandableSystems, boolean opaque) {

        boolean complete() {
            return missingValueSets.isEmpty() && unexpandableSystems.isEmpty() && !opaque;
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (!missingValueSets.isEmpty()) {
                parts.add("includes value sets not available offline " + missingValueSets);
            }
            if (!unexpandableSystems.isEmpty()) {
                parts.add("filters on code systems not available offline " + unexpandableSystems);
            }
            if (opaque) {
                parts.add("excludes what cannot be expanded offline");
            }
            return String.join("; ", parts);
        }
    }

    private static final Analysis COMPLETE = new Analysis(null, List.of(), Set.of(), false);

    private final FhirContext context;
    private final InMemoryTerminologyServerValidationSupport inMemory;
    private final Map<String, Analysis> analyses = new ConcurrentHashMap<>();

    OfflineValueSetSupport(FhirContext context, InMemoryTerminologyServerValidationSupport inMemory) {
        this.context = context;
        this.inMemory = inMemory;
    }

    @Override
    public FhirContext getFhirContext() {
        return context;
    }

    @Override
    public String getName() {
        return "Offline checks for value sets that cannot be fully expanded";
    }

    @Override
    public boolean isValueSetSupported(ValidationSupportContext support, String valueSetUrl) {
        return !analysis(support, valueSetUrl).complete();
    }

    @Override
    public CodeValidationResult validateCode(
            ValidationSupportContext support,
            ConceptValidationOptions options,
            String system,
            String code,
            String display,
            String valueSetUrl) {
        if (valueSetUrl == null) {
            return null;
        }
        return check(support, options, system, code, display, valueSetUrl);
    }

    @Override
    public CodeValidationResult validateCodeInValueSet(
            ValidationSupportContext support,
            ConceptValidationOptions options,
            String system,
            String code,
            String display,
            IBaseResource valueSet) {
        String url = valueSet == null ? null : context.newTerser().getSinglePrimitiveValueOrNull(valueSet, "url");
        if (url == null) {
            return null;
        }
        return check(support, options, system, code, display, url);
    }

    private CodeValidationResult check(
            ValidationSupportContext support,
            ConceptValidationOptions options,
            String system,
            String code,
            String display,
            String valueSetUrl) {
        Analysis analysis = analysis(support, valueSetUrl);
        if (analysis.complete()) {
            return null; // the in-memory service can do it all
        }
        CodeValidationResult inAvailablePart = analysis.available().hasCompose()
                && analysis.available().getCompose().hasInclude()
                ? inMemory.validateCodeInValueSet(support, options, system, code, display, analysis.available())
                : null;
        if (inAvailablePart != null && inAvailablePart.isOk()) {
            return inAvailablePart;
        }
        boolean couldBeInUnavailablePart = system == null
                || analysis.opaque()
                || !analysis.missingValueSets().isEmpty()
                || analysis.unexpandableSystems().contains(system);
        if (!couldBeInUnavailablePart) {
            // What cannot be expanded only holds codes of other code systems.
            return inAvailablePart != null
                    ? inAvailablePart
                    : new CodeValidationResult()
                            .setSeverity(IssueSeverity.ERROR)
                            .setMessage("Code " + system + "#" + code + " is not in value set "
                                    + withoutVersion(valueSetUrl) + ", which only holds codes of "
                                    + analysis.unexpandableSystems() + " besides what could be checked");
        }
        if (system != null) {
            // The code should at least exist in its code system, where that can be checked.
            CodeValidationResult inCodeSystem =
                    support.getRootValidationSupport().validateCode(support, options, system, code, display, null);
            if (inCodeSystem != null && !inCodeSystem.isOk() && isError(inCodeSystem.getSeverity())) {
                return inCodeSystem;
            }
        }
        String coding = (system == null ? "" : system + "#") + code;
        return new CodeValidationResult()
                .setCode(code)
                .setSeverity(IssueSeverity.INFORMATION)
                .setMessage("Code " + coding + " was not checked against value set " + withoutVersion(valueSetUrl)
                        + ", which " + analysis.describe());
    }

    private static boolean isError(IssueSeverity severity) {
        return severity == IssueSeverity.ERROR || severity == IssueSeverity.FATAL;
    }

    private Analysis analysis(ValidationSupportContext support, String valueSetUrl) {
        String url = withoutVersion(valueSetUrl);
        if (url == null) {
            return COMPLETE;
        }
        Analysis known = analyses.get(url);
        if (known != null) {
            return known;
        }
        // Not computeIfAbsent: analysing fetches through the chain, which must not run inside the map.
        Analysis fresh = analyse(support, url);
        Analysis raced = analyses.putIfAbsent(url, fresh);
        return raced != null ? raced : fresh;
    }

    private Analysis analyse(ValidationSupportContext support, String url) {
        IValidationSupport root = support.getRootValidationSupport();
        if (!(root.fetchValueSet(url) instanceof ValueSet valueSet) || !valueSet.hasCompose()) {
            return COMPLETE; // unknown, or given by expansion only: the validator deals with it
        }
        ValueSet available = valueSet.copy();
        List<String> missing = new ArrayList<>();
        Set<String> systems = new LinkedHashSet<>();
        List<ConceptSetComponent> keep = new ArrayList<>();
        for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
            boolean expandable = true;
            for (var nested : include.getValueSet()) {
                String nestedUrl = withoutVersion(nested.getValue());
                if (nestedUrl != null && root.fetchValueSet(nestedUrl) == null) {
                    missing.add(nestedUrl);
                    expandable = false;
                }
            }
            if (include.hasSystem() && include.hasFilter() && root.fetchCodeSystem(include.getSystem()) == null) {
                systems.add(include.getSystem());
                expandable = false;
            }
            if (expandable) {
                keep.add(include.copy());
            }
        }
        boolean opaque = valueSet.getCompose().getExclude().stream().anyMatch(exclude ->
                exclude.getValueSet().stream().anyMatch(v -> root.fetchValueSet(withoutVersion(v.getValue())) == null)
                        || (exclude.hasSystem() && exclude.hasFilter() && root.fetchCodeSystem(exclude.getSystem()) == null));
        available.getCompose().setInclude(keep);
        return new Analysis(available, List.copyOf(missing), Set.copyOf(systems), opaque);
    }

    private static String withoutVersion(String url) {
        return Optional.ofNullable(url)
                .filter(u -> !u.isBlank())
                .map(u -> u.contains("|") ? u.substring(0, u.indexOf('|')) : u)
                .orElse(null);
    }
}
