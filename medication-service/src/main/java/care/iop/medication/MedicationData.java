package care.iop.medication;

import care.iop.medication.catalogue.Catalogue;
import care.iop.medication.safety.SafetyRules;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** The curated catalogue and the safety rule table, loaded (and checked) once at start-up. */
@Startup
@ApplicationScoped
public class MedicationData {

    private final Catalogue catalogue = Catalogue.load();
    private final SafetyRules rules = SafetyRules.load(catalogue);

    public Catalogue catalogue() {
        return catalogue;
    }

    public SafetyRules rules() {
        return rules;
    }
}
