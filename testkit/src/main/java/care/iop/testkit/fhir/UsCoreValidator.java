package care.iop.testkit.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Validates FHIR R4 resources against the US Core 6.1.0 profiles, offline, for tests.
 *
 * <pre>{@code
 * UsCoreValidator.get().assertValid(patient);                  // against meta.profile
 * List<String> errors = UsCoreValidator.get().errors(observation, UsCoreValidator.US_CORE + "us-core-observation-screening-assessment");
 * }</pre>
 *
 * <p>The profiles are HL7's published JSON conformance resources, read from a directory outside
 * the repository (never copy them into it), found in this order:
 * <ol>
 *   <li>system property {@value #DIR_PROPERTY};</li>
 *   <li>environment variable {@value #DIR_ENV};</li>
 *   <li>{@code shared/fhir/us-core-6.1.0} in the working directory or the nearest of its ancestors
 *       that has one: from {@code /work/main/testkit} that is {@code /work/shared/fhir/us-core-6.1.0},
 *       beside the checkout (on CI {@code /check/work/shared/...} beside {@code /check/work/main}).</li>
 * </ol>
 *
 * <p>What is checked: structure, cardinality, slicing, fixed and pattern values, invariants, and
 * the terminology that can be checked offline: FHIR core and HL7 terminology code systems and
 * value sets (administrative-gender, observation-category, ...), UCUM, USPS states, US Core's own
 * code systems. What cannot be checked without a terminology server is a warning or information,
 * never an error: codes from systems nobody here has (LOINC, SNOMED CT, RxNorm, CDC race and
 * ethnicity, ...), bindings to value sets that are not here (VSAC, PHIN VADS), and the parts of
 * US Core value sets built from those. A profile claimed or asked for that is not loaded is an error.
 *
 * <p>The validator is expensive to build (seconds: the published profiles are differential only,
 * and their snapshots are generated while building): one instance per JVM, built on the first
 * {@link #get()}. Later validations take milliseconds, and may run in parallel.
 */
public final class UsCoreValidator {

    /** System property naming the US Core 6.1.0 package directory. */
    public static final String DIR_PROPERTY = "iop.uscore.dir";
    /** Environment variable naming the US Core 6.1.0 package directory. */
    public static final String DIR_ENV = "IOP_USCORE_DIR";
    /** Canonical URL prefix of the US Core profiles: {@code US_CORE + "us-core-patient"}. */
    public static final String US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/";
    /** Where the package lives relative to the working directory or one of its ancestors. */
    public static final Path SHARED_RELATIVE = Path.of("shared", "fhir", "us-core-6.1.0");

    /** Resource types read from the package directory. */
    private static final Set<String> LOADED_TYPES = Set.of(
            "StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter", "CapabilityStatement");

    private static final Object LOCK = new Object();
    private static volatile UsCoreValidator instance;

    private final Path directory;
    private final FhirContext context;
    private final FhirValidator validator;
    private final Map<String, IBaseResource> capabilityStatements;
    private final Map<String, Integer> loadedCounts;
    private final Map<String, String> rebasedProfiles;
    private final long buildMillis;

    private UsCoreValidator(
            Path directory,
            FhirContext context,
            FhirValidator validator,
            Map<String, IBaseResource> capabilityStatements,
            Map<String, Integer> loadedCounts,
            Map<String, String> rebasedProfiles,
            long buildMillis) {
        this.directory = directory;
        this.context = context;
        this.validator = validator;
        this.capabilityStatements = capabilityStatements;
        this.loadedCounts = loadedCounts;
        this.rebasedProfiles = rebasedProfiles;
        this.buildMillis = buildMillis;
    }

    /**
     * The one validator of this JVM, built and warmed up on the first call (seconds; later calls
     * return at once).
     *
     * @throws IllegalStateException if the US Core package directory cannot be found; the message
     *     says where it looked and how to point at it. A later call tries again.
     */
    public static UsCoreValidator get() {
        UsCoreValidator current = instance;
        if (current == null) {
            synchronized (LOCK) {
                current = instance;
                if (current == null) {
                    current = build(locatePackageDirectory());
                    instance = current;
                }
            }
        }
        return current;
    }

    /**
     * ERROR and FATAL messages, as {@code "location: message"}, from validating the resource
     * against the base R4 definition and every profile it claims in {@code meta.profile}.
     */
    public List<String> errors(IBaseResource resource) {
        Objects.requireNonNull(resource, "resource");
        return errorsOf(validator.validateWithResult(resource));
    }

    /**
     * As {@link #errors(IBaseResource)}, and also against {@code profileUrl}, whether or not the
     * resource claims it in {@code meta.profile}.
     */
    public List<String> errors(IBaseResource resource, String profileUrl) {
        Objects.requireNonNull(resource, "resource");
        return errorsOf(validator.validateWithResult(resource, withProfile(profileUrl)));
    }

    /**
     * ERROR and FATAL messages for a resource given as JSON text. The JSON itself is validated
     * (not a parsed copy), so unknown elements and malformed values are reported too.
     */
    public List<String> errors(String json) {
        Objects.requireNonNull(json, "json");
        return errorsOf(validator.validateWithResult(json));
    }

    /** As {@link #errors(String)}, and also against {@code profileUrl}. */
    public List<String> errors(String json, String profileUrl) {
        Objects.requireNonNull(json, "json");
        return errorsOf(validator.validateWithResult(json, withProfile(profileUrl)));
    }

    /**
     * Every message, of every severity, as {@code "SEVERITY location: message"}: for finding
     * out what the validator says about a resource besides its errors.
     */
    public List<String> messages(IBaseResource resource) {
        Objects.requireNonNull(resource, "resource");
        return validator.validateWithResult(resource).getMessages().stream()
                .map(m -> m.getSeverity() + " " + format(m))
                .collect(Collectors.toList());
    }

    /** As {@link #messages(IBaseResource)}, and also against {@code profileUrl}. */
    public List<String> messages(IBaseResource resource, String profileUrl) {
        Objects.requireNonNull(resource, "resource");
        return validator.validateWithResult(resource, withProfile(profileUrl)).getMessages().stream()
                .map(m -> m.getSeverity() + " " + format(m))
                .collect(Collectors.toList());
    }

    /** Throws an {@link AssertionError} listing the errors if {@link #errors(IBaseResource)} has any. */
    public void assertValid(IBaseResource resource) {
        failIfAny(resource, errors(resource));
    }

    /** Throws an {@link AssertionError} listing the errors if {@link #errors(IBaseResource, String)} has any. */
    public void assertValid(IBaseResource resource, String profileUrl) {
        failIfAny(resource, errors(resource, profileUrl));
    }

    /** The FHIR R4 context the validator uses (reuse it for parsing; building one is slow). */
    public FhirContext fhirContext() {
        return context;
    }

    /** The package directory the profiles were read from. */
    public Path packageDirectory() {
        return directory;
    }

    /**
     * A US Core CapabilityStatement of the package, by canonical URL (for example
     * {@code http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server}). CapabilityStatements
     * are loaded for reference only: instance validation does not use them.
     */
    public Optional<IBaseResource> capabilityStatement(String url) {
        return Optional.ofNullable(capabilityStatements.get(url));
    }

    /** How many resources of each type were loaded from the package directory. */
    public Map<String, Integer> loadedCounts() {
        return loadedCounts;
    }

    /**
     * Profiles of the package whose base definition is in an IG that is not available, by URL, with
     * that base; they were rebased on the core resource they constrain, so their own US Core
     * constraints are checked and the other IG's are not. With US Core 6.1.0:
     * {@code us-core-questionnaireresponse} (based on SDC's {@code sdc-questionnaireresponse}).
     */
    public Map<String, String> rebasedProfiles() {
        return rebasedProfiles;
    }

    /**
     * How long building this validator took, in milliseconds: reading and parsing the package,
     * setting up the chain and one warm-up validation, which generates the snapshots of all the
     * package's profiles.
     */
    public long buildMillis() {
        return buildMillis;
    }

    // ---------------------------------------------------------------------------------------

    private static ValidationOptions withProfile(String profileUrl) {
        if (profileUrl == null || profileUrl.isBlank()) {
            throw new IllegalArgumentException("profileUrl must be a canonical StructureDefinition URL");
        }
        return new ValidationOptions().addProfile(profileUrl);
    }

    private static List<String> errorsOf(ValidationResult result) {
        List<String> errors = new ArrayList<>();
        for (SingleValidationMessage message : result.getMessages()) {
            ResultSeverityEnum severity = message.getSeverity();
            if (severity == ResultSeverityEnum.ERROR || severity == ResultSeverityEnum.FATAL) {
                errors.add(format(message));
            }
        }
        return errors;
    }

    private static String format(SingleValidationMessage message) {
        String location = message.getLocationString();
        return (location == null || location.isBlank() ? "(resource)" : location) + ": " + message.getMessage();
    }

    private void failIfAny(IBaseResource resource, List<String> errors) {
        if (!errors.isEmpty()) {
            String type = context.getResourceType(resource);
            throw new AssertionError(type + " is not valid against US Core 6.1.0 (" + errors.size()
                    + " error(s)):\n  " + String.join("\n  ", errors));
        }
    }

    /** Finds the package directory; see the class comment for the order. */
    static Path locatePackageDirectory() {
        String property = System.getProperty(DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return requirePackage(Path.of(property), "system property " + DIR_PROPERTY);
        }
        String env = System.getenv(DIR_ENV);
        if (env != null && !env.isBlank()) {
            return requirePackage(Path.of(env), "environment variable " + DIR_ENV);
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        List<Path> tried = new ArrayList<>();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SHARED_RELATIVE);
            tried.add(candidate);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("US Core 6.1.0 profiles not found. Neither system property "
                + DIR_PROPERTY + " nor environment variable " + DIR_ENV + " is set, and no "
                + SHARED_RELATIVE + " directory exists in " + start + " or any of its ancestors; looked at:\n  "
                + tried.stream().map(Path::toString).collect(Collectors.joining("\n  "))
                + "\nPoint at the directory holding HL7's US Core 6.1.0 JSON conformance resources with -D"
                + DIR_PROPERTY + "=/path/to/us-core-6.1.0 (given to mvn, surefire passes it on to the tests) or " + DIR_ENV
                + "=/path/to/us-core-6.1.0. Do not copy the profiles into the repository.");
    }

    private static Path requirePackage(Path dir, String source) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("US Core 6.1.0 profiles not found: " + source + " names " + dir
                    + ", which is not a directory. Point it at the directory holding HL7's US Core 6.1.0 "
                    + "JSON conformance resources (StructureDefinition-*.json, ValueSet-*.json, ...).");
        }
        return dir.toAbsolutePath().normalize();
    }

    @SuppressWarnings("deprecation") // UnknownCodeSystemWarningValidationSupport: see below
    private static UsCoreValidator build(Path directory) {
        long started = System.nanoTime();
        FhirContext context = FhirContext.forR4();
        IParser parser = context.newJsonParser();

        PrePopulatedValidationSupport usCore = new PrePopulatedValidationSupport(context);
        Map<String, IBaseResource> capabilityStatements = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".json"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the US Core package directory " + directory, e);
        }
        List<IBaseResource> resources = new ArrayList<>();
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                resources.add(parser.parseResource(reader));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Cannot read US Core resource " + file + ": " + e.getMessage(), e);
            }
        }

        // A profile whose base is in another IG that is not here (us-core-questionnaireresponse is
        // based on SDC's QuestionnaireResponse) would fail snapshot generation, and with it every
        // profile referring to it (screening assessment, simple observation): rebase it on the
        // core resource, keeping the US Core constraints.
        DefaultProfileValidationSupport core = new DefaultProfileValidationSupport(context);
        Set<String> packageProfiles = resources.stream()
                .filter(StructureDefinition.class::isInstance)
                .map(r -> ((StructureDefinition) r).getUrl())
                .collect(Collectors.toSet());
        Map<String, String> rebased = new LinkedHashMap<>();
        for (IBaseResource resource : resources) {
            if (resource instanceof StructureDefinition sd && sd.hasBaseDefinition()) {
                String base = sd.getBaseDefinition().split("\\|")[0];
                if (!packageProfiles.contains(base) && core.fetchStructureDefinition(base) == null) {
                    rebased.put(sd.getUrl(), base);
                    sd.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/" + sd.getType());
                }
            }
        }

        for (IBaseResource resource : resources) {
            String type = context.getResourceType(resource);
            if (!LOADED_TYPES.contains(type)) {
                continue; // e.g. the OperationDefinition for $docref: nothing to validate against
            }
            if (type.equals("CapabilityStatement")) {
                capabilityStatements.put(urlOf(context, resource), resource);
            } else {
                usCore.addResource(resource);
            }
            counts.merge(type, 1, Integer::sum);
        }
        if (!counts.containsKey("StructureDefinition")) {
            throw new IllegalStateException("No StructureDefinition JSON in " + directory
                    + ": is it the US Core 6.1.0 package directory?");
        }

        // Code systems no module here knows (LOINC, SNOMED CT, RxNorm, CDC race and ethnicity, ...):
        // "CodeSystem is unknown and can't be validated" as a WARNING. Without this module HAPI
        // 8.8.1's chain reports them as ERRORs inside required bindings (race, ethnicity). Known code
        // systems are answered by the modules before it and still checked. (Deprecated since HAPI
        // 8.6.0 in favour of a JPA-server interceptor; it still works as documented.)
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
                new UnknownCodeSystemWarningValidationSupport(context);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);

        InMemoryTerminologyServerValidationSupport inMemory = new InMemoryTerminologyServerValidationSupport(context);

        // The chain caches what it looks up itself: since HAPI 8.0 CachingValidationSupport is
        // deprecated for removal and would add nothing.
        ValidationSupportChain chain = new ValidationSupportChain(
                core,
                usCore,
                new CommonCodeSystemsTerminologyService(context),
                // Value sets built on VSAC value sets or on filters over LOINC/SNOMED/BCP-47: what can be
                // checked is, the rest is INFORMATION "not checked" instead of an ERROR.
                new OfflineValueSetSupport(context, inMemory),
                inMemory,
                new SnapshotGeneratingValidationSupport(context),
                unknownCodeSystems); // last: it answers for every code system the others do not know

        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        // A profile claimed in meta.profile (or asked for) that is not loaded is an ERROR, so a
        // misspelt profile URL cannot pass unchecked. (HAPI's default; no US Core profile needs more.)
        instanceValidator.setErrorForUnknownProfiles(true);
        // Extensions nobody defines here are INFORMATION; known ones are checked against their definition.
        instanceValidator.setAnyExtensionsAllowed(true);

        FhirValidator validator = context.newValidator();
        validator.registerValidatorModule(instanceValidator);

        // Warm up here, under the lock: the first validation sets up the instance validator's worker
        // context (lazily, without synchronisation) and generates the snapshots of all the package's
        // profiles (about 5 s). Done before the instance is shared, later validations are fast and
        // no two threads race to set it up.
        Patient warmUp = new Patient();
        warmUp.getMeta().addProfile(US_CORE + "us-core-patient");
        validator.validateWithResult(warmUp);

        UsCoreValidator built = new UsCoreValidator(
                directory, context, validator, Map.copyOf(capabilityStatements), Map.copyOf(counts),
                Map.copyOf(rebased), (System.nanoTime() - started) / 1_000_000);
        return built;
    }

    private static String urlOf(FhirContext context, IBaseResource resource) {
        return context.newTerser().getSinglePrimitiveValueOrNull(resource, "url");
    }
}
