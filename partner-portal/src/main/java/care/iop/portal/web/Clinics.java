package care.iop.portal.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.UUID;

/** The clinics a partner may refer to ({@code portal.clinics}: {@code <uuid>|<name>,…}), for the form and the lists. */
@ApplicationScoped
public class Clinics {

    public record Clinic(String id, String name) {
    }

    private final List<Clinic> clinics;

    public Clinics(@ConfigProperty(name = "portal.clinics") List<String> entries) {
        this.clinics = entries.stream().map(Clinics::parse).toList();
    }

    public List<Clinic> all() {
        return clinics;
    }

    /** Id → name, in the configured order (for a select). */
    public java.util.Map<String, String> options() {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        clinics.forEach(c -> options.put(c.id(), c.name()));
        return options;
    }

    public List<String> ids() {
        return clinics.stream().map(Clinic::id).toList();
    }

    /** The clinic's name, or "Clinic" and the start of its id when the portal does not know it. */
    public String name(UUID id) {
        if (id == null) {
            return "";
        }
        return clinics.stream().filter(c -> c.id().equals(id.toString())).map(Clinic::name).findFirst()
                .orElse("Clinic " + id.toString().substring(0, 8));
    }

    private static Clinic parse(String entry) {
        int bar = entry.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("portal.clinics entries are <uuid>|<name>");
        }
        return new Clinic(UUID.fromString(entry.substring(0, bar).strip()).toString(), entry.substring(bar + 1).strip());
    }
}
