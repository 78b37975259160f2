package care.iop.gateway;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two owners' searchsets merged into one: entries, total, and paging links on the public URL. */
class FhirSearchTest {

    static final String INTAKE = "http://intake:8081/fhir/r4";
    static final String MEDS = "http://meds:8084/fhir/r4";
    static final FhirLinks LINKS = new FhirLinks("https://api.example.org",
            List.of(URI.create("http://intake:8081"), URI.create("http://meds:8084")), "localhost:8080");

    static Bundle page(String base, Integer total, String next, String... ids) {
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        if (total != null) {
            b.setTotal(total);
        }
        for (String id : ids) {
            b.addEntry().setFullUrl(base + "/Observation/" + id).setResource(new Observation().setId(id))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        b.addLink().setRelation("self").setUrl(base + "/Observation?x=1");
        if (next != null) {
            b.addLink().setRelation("next").setUrl(base + "/Observation?" + next);
        }
        return b;
    }

    @Test
    void entries_are_concatenated_in_owner_order_totals_summed_and_links_public() {
        Bundle merged = FhirSearch.merge(List.of(page(INTAKE, 5, "code=a&_count=2&_offset=2", "screening-1", "screening-2"),
                        page(MEDS, 1, null, "drug-screen-1")),
                FhirSearch.Query.of("code=a&_count=2"), "/fhir/r4/Observation", LINKS);
        assertThat(merged.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(merged.getTotal()).isEqualTo(6);
        assertThat(merged.getEntry()).extracting(Bundle.BundleEntryComponent::getFullUrl).containsExactly(
                "https://api.example.org/fhir/r4/Observation/screening-1",
                "https://api.example.org/fhir/r4/Observation/screening-2",
                "https://api.example.org/fhir/r4/Observation/drug-screen-1");
        assertThat(merged.getLink("self").getUrl()).isEqualTo("https://api.example.org/fhir/r4/Observation?code=a&_count=2");
        assertThat(merged.getLink("next").getUrl())
                .isEqualTo("https://api.example.org/fhir/r4/Observation?code=a&_count=2&_offset=2");
        assertThat(merged.getLink("previous")).isNull();
        // Encoded as the services encoded them: each resource keeps its own id (not the full URL).
        io.vertx.core.json.JsonObject encoded = new io.vertx.core.json.JsonObject(
                Fhir.json().encodeResourceToString(merged));
        assertThat(encoded.getJsonArray("entry").getJsonObject(2).getJsonObject("resource").getString("id"))
                .isEqualTo("drug-screen-1");
        assertThat(encoded.getJsonArray("entry").getJsonObject(2).getJsonObject("search").getString("mode"))
                .isEqualTo("match");
    }

    @Test
    void without_a_total_from_both_there_is_none_and_without_a_next_link_from_either_no_next() {
        Bundle merged = FhirSearch.merge(List.of(page(INTAKE, 2, null, "screening-1"), page(MEDS, null, null)),
                FhirSearch.Query.of("code=a&_offset=4&_count=2"), "/fhir/r4/Observation", LINKS);
        assertThat(merged.hasTotal()).isFalse();
        assertThat(merged.getLink("next")).isNull();
        assertThat(merged.getLink("previous").getUrl())
                .isEqualTo("https://api.example.org/fhir/r4/Observation?code=a&_count=2&_offset=2");
    }

    @Test
    void the_page_size_comes_from_the_caller_else_the_owners_next_link_else_how_far_it_moved_the_offset() {
        assertThat(FhirSearch.pageSize(List.of(page(INTAKE, 9, "_count=7&_offset=7")), FhirSearch.Query.of("_count=3"),
                0)).isEqualTo(3);
        assertThat(FhirSearch.pageSize(List.of(page(MEDS, 1, null), page(INTAKE, 9, "code=a&_count=7&_offset=7")),
                FhirSearch.Query.of("code=a"), 0)).isEqualTo(7);
        assertThat(FhirSearch.pageSize(List.of(page(INTAKE, 90, "code=a&_offset=40")), FhirSearch.Query.of("_offset=20"),
                20)).isEqualTo(20);
        assertThat(FhirSearch.pageSize(List.of(page(INTAKE, 2, null, "a", "b"), page(MEDS, 1, null, "c")),
                FhirSearch.Query.of(""), 0)).isEqualTo(2);
        // Paging parameters the caller repeated or encoded are replaced, the rest kept as written.
        assertThat(FhirSearch.Query.of("code=a%7Cb&_count=2&_offset=0&_count=3").paged(5, 10))
                .isEqualTo("code=a%7Cb&_count=5&_offset=10");
        assertThat(FhirSearch.Query.of("patient=Patient%2F1", "_count=1").raw()).isEqualTo("patient=Patient%2F1&_count=1");
    }

    @Test
    void a_resource_both_owners_included_is_listed_once() {
        Bundle a = page(INTAKE, 1, null, "screening-1");
        a.addEntry().setFullUrl("https://api.example.org/fhir/r4/Patient/p1").setResource(new Patient().setId("p1"))
                .getSearch().setMode(Bundle.SearchEntryMode.INCLUDE);
        Bundle b = page(MEDS, 1, null, "drug-screen-1");
        b.addEntry().setFullUrl("https://api.example.org/fhir/r4/Patient/p1").setResource(new Patient().setId("p1"))
                .getSearch().setMode(Bundle.SearchEntryMode.INCLUDE);
        Bundle merged = FhirSearch.merge(List.of(a, b), FhirSearch.Query.of("_include=Observation:patient"),
                "/fhir/r4/Observation", LINKS);
        assertThat(merged.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly("screening-1", "p1", "drug-screen-1");
        assertThat(merged.getTotal()).isEqualTo(2);
    }
}
