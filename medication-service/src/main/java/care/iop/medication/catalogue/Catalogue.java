package care.iop.medication.catalogue;

import care.iop.events.medication.DeaSchedule;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The medications the program prescribes, kept as versioned data ({@code medications-2026.1.json} next to this class,
 * fields described in its {@code $comment}). Checked when loaded, so an inconsistent file fails at start-up with an
 * {@link IllegalStateException}, never on a patient.
 *
 * <p>Immutable and thread-safe: load once and share.
 */
public final class Catalogue {

    static final String RESOURCE = "medications-2026.1.json";

    /** Routes an entry may list. */
    public static final Set<String> ROUTES = Set.of("oral", "sublingual", "buccal", "intramuscular", "subcutaneous",
            "intranasal", "transdermal", "inhalation");

    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    // Same bound as medicationCode in the medication events' schemas.
    private static final Pattern RXCUI = Pattern.compile("[0-9]{1,10}");
    private static final Pattern SUBSTANCE_CODE = Pattern.compile("[A-Z][A-Z0-9]*");
    private static final int MAX_CODE_LENGTH = 64;

    @JsonIgnoreProperties("$comment")
    record File(String version, String note, List<Entry> medications) {
    }

    /** As written in the file: everything nullable and lists in file order, so the checks can name what is wrong. */
    record Entry(String id, String name, String rxnorm, String rxnormTty, String medicationClass, List<String> groups,
                 DeaSchedule deaSchedule, Boolean mat, List<String> routes, List<String> screensAs) {
    }

    private final String version;
    private final List<Medication> all;
    private final Map<String, Medication> byId;

    private Catalogue(String version, List<Medication> all) {
        this.version = version;
        this.all = List.copyOf(all);
        Map<String, Medication> index = new LinkedHashMap<>();
        all.forEach(m -> index.put(m.id(), m));
        this.byId = index;
    }

    /** Reads and checks the bundled catalogue. */
    public static Catalogue load() {
        try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Medication catalogue " + RESOURCE + " is not on the classpath");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and checks a catalogue in the bundled file's format.
     *
     * @throws IllegalStateException if the file is malformed or inconsistent: a missing field, a repeated id, an
     *                               RxNorm code that is not all digits, an unknown term type, route or schedule
     */
    public static Catalogue load(InputStream json) {
        File file;
        try {
            file = new ObjectMapper().readValue(json, File.class);
        } catch (IOException e) {
            throw new IllegalStateException("Invalid medication catalogue: " + e.getMessage(), e);
        }
        require(file != null && file.version() != null && !file.version().isBlank(), "version is missing");
        require(file.medications() != null && !file.medications().isEmpty(), "medications are missing");
        Set<String> ids = new LinkedHashSet<>();
        List<Medication> medications = new ArrayList<>();
        for (Entry entry : file.medications()) {
            Medication medication = check(entry);
            require(ids.add(medication.id()), "id " + medication.id() + " is repeated");
            medications.add(medication);
        }
        return new Catalogue(file.version(), medications);
    }

    /** The catalogue version, e.g. {@code 2026.1}. */
    public String version() {
        return version;
    }

    /** The medication with this catalogue id, if any. */
    public Optional<Medication> find(String id) {
        return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
    }

    /** Every medication, in file order. */
    public List<Medication> all() {
        return all;
    }

    /** Whether an allergy may name this substance: a catalogue medication id or a whole medication class. */
    public boolean isAllergySubstance(String substance) {
        return find(substance).isPresent() || all.stream().anyMatch(m -> m.medicationClass().equals(substance));
    }

    private static Medication check(Entry e) {
        require(e != null, "a medication entry is null");
        require(e.id() != null && isCode(e.id()), "medication id " + e.id() + " is not a lower-case kebab code");
        String where = "medication " + e.id() + ": ";
        require(e.name() != null && !e.name().isBlank(), where + "name is missing");
        require(e.rxnorm() != null && RXCUI.matcher(e.rxnorm()).matches(),
                where + "rxnorm " + e.rxnorm() + " is not 1 to 10 digits");
        require("IN".equals(e.rxnormTty()) || "MIN".equals(e.rxnormTty()),
                where + "rxnormTty " + e.rxnormTty() + " is not IN or MIN");
        require(e.medicationClass() != null && isCode(e.medicationClass()),
                where + "medicationClass " + e.medicationClass() + " is not a lower-case kebab code");
        require(e.groups() != null && e.groups().stream().allMatch(Catalogue::isCode),
                where + "groups must be a list of lower-case kebab codes");
        require(e.deaSchedule() != null, where + "deaSchedule is missing");
        require(e.mat() != null, where + "mat is missing");
        require(e.routes() != null && !e.routes().isEmpty(), where + "routes are missing");
        e.routes().forEach(r -> require(r != null && ROUTES.contains(r), where + "unknown route " + r));
        require(e.screensAs() != null && e.screensAs().stream()
                        .allMatch(s -> s != null && SUBSTANCE_CODE.matcher(s).matches()),
                where + "screensAs must be a list of upper-case substance codes");
        return new Medication(e.id(), e.name(), e.rxnorm(), e.rxnormTty(), e.medicationClass(),
                new LinkedHashSet<>(e.groups()), e.deaSchedule(), e.mat(), new LinkedHashSet<>(e.routes()),
                new LinkedHashSet<>(e.screensAs()));
    }

    private static boolean isCode(String value) {
        return value != null && value.length() <= MAX_CODE_LENGTH && KEBAB.matcher(value).matches();
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("Invalid medication catalogue: " + problem);
        }
    }
}
