package care.iop.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which service holds each FHIR R4 resource type (issue #18), the one place the gateway learns it. Areas are the
 * gateway's route names ({@code gateway.routes.<area>.url}): intake, scheduling, notes (clinical notes), medications,
 * aftercare. Three types have two owners; their logical ids start with the owner's prefix, so a read or an update by
 * id goes to exactly one of them, and a search asks both.
 */
final class FhirOwners {

    /** One service holding a type; {@code idPrefix} is empty where the type has one owner. */
    record Owner(String area, String idPrefix) {
    }

    private static final Map<String, List<Owner>> TABLE = table();

    private FhirOwners() {
    }

    private static Map<String, List<Owner>> table() {
        Map<String, List<Owner>> t = new LinkedHashMap<>();
        for (String type : List.of("Patient", "ServiceRequest", "QuestionnaireResponse", "Condition", "Coverage",
                "Consent")) {
            t.put(type, List.of(new Owner("intake", "")));
        }
        for (String type : List.of("Encounter", "Appointment")) {
            t.put(type, List.of(new Owner("scheduling", "")));
        }
        for (String type : List.of("DocumentReference", "Goal")) {
            t.put(type, List.of(new Owner("notes", "")));
        }
        for (String type : List.of("MedicationRequest", "MedicationAdministration", "AllergyIntolerance")) {
            t.put(type, List.of(new Owner("medications", "")));
        }
        // Two owners each: screening surveys and drug screens / lab results; enrollments and treatment episodes;
        // treatment plans and relapse-prevention plans. Searches list them in this order.
        t.put("Observation", List.of(new Owner("intake", "screening-"), new Owner("medications", "drug-screen-")));
        t.put("EpisodeOfCare", List.of(new Owner("scheduling", "enrollment-"), new Owner("aftercare", "episode-")));
        t.put("CarePlan", List.of(new Owner("notes", "treatment-plan-"), new Owner("aftercare", "relapse-prevention-")));
        return Map.copyOf(t);
    }

    /** Every type the platform serves, sorted. */
    static Set<String> types() {
        return new TreeSet<>(TABLE.keySet());
    }

    /** The owners of a type, in search order; empty for a type nobody serves. */
    static List<Owner> owners(String type) {
        return type == null ? List.of() : TABLE.getOrDefault(type, List.of());
    }

    static boolean isShared(String type) {
        return owners(type).size() > 1;
    }

    /** Whether {@code area} holds {@code type}. */
    static boolean owns(String area, String type) {
        return owners(type).stream().anyMatch(o -> o.area().equals(area));
    }

    /** The prefix of {@code area}'s ids of {@code type} ("" when it is the only owner), if it holds the type. */
    static Optional<String> idPrefix(String area, String type) {
        return owners(type).stream().filter(o -> o.area().equals(area)).map(Owner::idPrefix).findFirst();
    }

    /**
     * The area holding the record {@code Type/id}: the only owner, or the owner whose prefix the id starts with
     * (followed by at least one character). Empty for an unknown type or a prefix no owner uses.
     */
    static Optional<String> ownerOf(String type, String id) {
        List<Owner> owners = owners(type);
        if (owners.size() == 1) {
            return Optional.of(owners.get(0).area());
        }
        return owners.stream().filter(o -> id != null && id.length() > o.idPrefix().length()
                && id.startsWith(o.idPrefix())).map(Owner::area).findFirst();
    }
}
