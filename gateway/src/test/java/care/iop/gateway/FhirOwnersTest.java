package care.iop.gateway;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The owners table of the FHIR API (issue #18): which service holds each type, and the id prefixes of shared ones. */
class FhirOwnersTest {

    /** Issue #18's table, by service (gateway route names). */
    static final Map<String, Set<String>> HOLDS = Map.of(
            "intake", Set.of("Patient", "ServiceRequest", "Observation", "QuestionnaireResponse", "Condition",
                    "Coverage", "Consent"),
            "scheduling", Set.of("Encounter", "Appointment", "EpisodeOfCare"),
            "notes", Set.of("DocumentReference", "CarePlan", "Goal"),
            "medications", Set.of("MedicationRequest", "MedicationAdministration", "AllergyIntolerance",
                    "Observation"),
            "aftercare", Set.of("EpisodeOfCare", "CarePlan"));

    @Test
    void every_type_is_held_by_the_services_the_issue_names_and_by_no_other() {
        assertThat(FhirOwners.types()).hasSize(16);
        for (String type : FhirOwners.types()) {
            for (String area : HOLDS.keySet()) {
                assertThat(FhirOwners.owns(area, type)).as(area + " holds " + type)
                        .isEqualTo(HOLDS.get(area).contains(type));
            }
        }
        HOLDS.values().forEach(types -> assertThat(FhirOwners.types()).containsAll(types));
        assertThat(FhirOwners.owners("Spaceship")).isEmpty();
        assertThat(FhirOwners.owners(null)).isEmpty();
    }

    @Test
    void three_types_have_two_owners_each_with_its_own_id_prefix_in_search_order() {
        assertThat(FhirOwners.types().stream().filter(FhirOwners::isShared))
                .containsExactlyInAnyOrder("Observation", "EpisodeOfCare", "CarePlan");
        assertThat(FhirOwners.owners("Observation")).containsExactly(new FhirOwners.Owner("intake", "screening-"),
                new FhirOwners.Owner("medications", "drug-screen-"));
        assertThat(FhirOwners.owners("EpisodeOfCare")).containsExactly(
                new FhirOwners.Owner("scheduling", "enrollment-"), new FhirOwners.Owner("aftercare", "episode-"));
        assertThat(FhirOwners.owners("CarePlan")).containsExactly(new FhirOwners.Owner("notes", "treatment-plan-"),
                new FhirOwners.Owner("aftercare", "relapse-prevention-"));
        FhirOwners.types().stream().filter(t -> !FhirOwners.isShared(t))
                .forEach(t -> assertThat(FhirOwners.owners(t)).singleElement()
                        .satisfies(o -> assertThat(o.idPrefix()).isEmpty()));
    }

    @Test
    void an_id_goes_to_the_owner_its_prefix_names_and_a_prefix_nobody_uses_to_nobody() {
        record Row(String type, String id, Optional<String> owner) {
        }
        List<Row> rows = List.of(
                new Row("Observation", "screening-6f1c1a8e", Optional.of("intake")),
                new Row("Observation", "drug-screen-6f1c1a8e", Optional.of("medications")),
                new Row("EpisodeOfCare", "enrollment-1", Optional.of("scheduling")),
                new Row("EpisodeOfCare", "episode-1", Optional.of("aftercare")),
                new Row("CarePlan", "treatment-plan-1", Optional.of("notes")),
                new Row("CarePlan", "relapse-prevention-1", Optional.of("aftercare")),
                new Row("Observation", "lab-1", Optional.empty()),
                new Row("Observation", "screening-", Optional.empty()),
                new Row("Observation", "Screening-1", Optional.empty()),
                new Row("CarePlan", "relapse-1", Optional.empty()),
                new Row("EpisodeOfCare", null, Optional.empty()),
                // One owner: any id is its to judge.
                new Row("Patient", "6f1c1a8e-2b0d-4c3e-9a41-1d2f3e4a5b6c", Optional.of("intake")),
                new Row("Goal", "anything", Optional.of("notes")),
                new Row("Spaceship", "1", Optional.empty()));
        rows.forEach(r -> assertThat(FhirOwners.ownerOf(r.type(), r.id())).as(r.type() + "/" + r.id())
                .isEqualTo(r.owner()));
    }
}
