package care.iop.gateway;

import care.iop.gateway.FhirRoute.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where each FHIR request goes, decided from its method and path. */
class FhirRouteTest {

    record Row(String method, String path, Kind kind, List<String> areas, boolean bundle, int status) {
    }

    static Row to(String method, String path, Kind kind, boolean bundle, String... areas) {
        return new Row(method, path, kind, List.of(areas), bundle, 0);
    }

    static Row refused(String method, String path, int status) {
        return new Row(method, path, Kind.REFUSE, List.of(), false, status);
    }

    @Test
    void requests_go_to_the_owner_both_owners_the_gateway_itself_or_nowhere() {
        List<Row> rows = List.of(
                to("GET", "/fhir/r4/metadata", Kind.METADATA, false),
                to("HEAD", "/fhir/r4/metadata", Kind.METADATA, false),
                to("GET", "/fhir/r4/.well-known/smart-configuration", Kind.SMART_CONFIGURATION, false),
                refused("POST", "/fhir/r4/metadata", 405),
                // One owner: everything about the type goes to it.
                to("GET", "/fhir/r4/Patient", Kind.PROXY, true, "intake"),
                to("POST", "/fhir/r4/Patient", Kind.PROXY, false, "intake"),
                to("PUT", "/fhir/r4/Patient", Kind.PROXY, false, "intake"),
                to("GET", "/fhir/r4/Patient/", Kind.PROXY, true, "intake"),
                to("GET", "/fhir/r4/Patient/6f1c1a8e-2b0d-4c3e-9a41-1d2f3e4a5b6c", Kind.PROXY, false, "intake"),
                to("PUT", "/fhir/r4/Patient/6f1c1a8e", Kind.PROXY, false, "intake"),
                to("GET", "/fhir/r4/Patient/6f1c1a8e/_history/2", Kind.PROXY, true, "intake"),
                to("POST", "/fhir/r4/ServiceRequest/_search", Kind.PROXY, true, "intake"),
                to("GET", "/fhir/r4/Appointment/_history", Kind.PROXY, true, "scheduling"),
                to("GET", "/fhir/r4/Goal/g1", Kind.PROXY, false, "notes"),
                to("DELETE", "/fhir/r4/AllergyIntolerance/a1", Kind.PROXY, false, "medications"),
                // Two owners: by id prefix, or both for a search.
                to("GET", "/fhir/r4/Observation/screening-1", Kind.PROXY, false, "intake"),
                to("PUT", "/fhir/r4/Observation/drug-screen-1", Kind.PROXY, false, "medications"),
                to("GET", "/fhir/r4/Observation/drug-screen-1/_history/3", Kind.PROXY, true, "medications"),
                to("GET", "/fhir/r4/EpisodeOfCare/episode-1", Kind.PROXY, false, "aftercare"),
                to("GET", "/fhir/r4/CarePlan/treatment-plan-1", Kind.PROXY, false, "notes"),
                to("GET", "/fhir/r4/Observation", Kind.FAN_OUT, true, "intake", "medications"),
                to("HEAD", "/fhir/r4/Observation", Kind.FAN_OUT, true, "intake", "medications"),
                to("POST", "/fhir/r4/Observation/_search", Kind.FAN_OUT, true, "intake", "medications"),
                to("GET", "/fhir/r4/EpisodeOfCare", Kind.FAN_OUT, true, "scheduling", "aftercare"),
                to("GET", "/fhir/r4/CarePlan", Kind.FAN_OUT, true, "notes", "aftercare"),
                refused("POST", "/fhir/r4/Observation", 405),
                refused("PUT", "/fhir/r4/CarePlan", 405),
                refused("DELETE", "/fhir/r4/EpisodeOfCare", 405),
                refused("PUT", "/fhir/r4/Observation/_search", 405),
                refused("GET", "/fhir/r4/Observation/_history", 405),
                refused("GET", "/fhir/r4/Observation/lab-1", 404),
                // Not FHIR paths of ours.
                refused("GET", "/fhir/r4/Spaceship", 404),
                refused("GET", "/fhir/r4/patient/1", 404),
                refused("GET", "/fhir/r4", 404),
                refused("GET", "/fhir", 404),
                refused("GET", "/fhir/r5/Patient/1", 404),
                refused("GET", "/fhir/r4/Patient/../../api/v1/intake/patients", 404),
                refused("GET", "/fhir/r4/Patient/..%2F..%2Fq%2Fhealth", 404),
                refused("GET", "/fhir/r4/Patient//1", 404),
                refused("PROPFIND", "/fhir/r4/Patient/1", 405));
        for (Row row : rows) {
            FhirRoute.Decision d = FhirRoute.of(row.method(), row.path());
            String name = row.method() + " " + row.path();
            assertThat(d.kind()).as(name).isEqualTo(row.kind());
            assertThat(d.areas()).as(name).isEqualTo(row.areas());
            if (row.kind() == Kind.REFUSE) {
                assertThat(d.status()).as(name).isEqualTo(row.status());
                assertThat(d.detail()).as(name).isNotBlank().doesNotContain("lab-1");
            } else {
                assertThat(d.bundle()).as(name + " answers a Bundle").isEqualTo(row.bundle());
            }
        }
    }

    @Test
    void a_refused_create_of_a_two_owner_type_says_which_methods_are_allowed() {
        FhirRoute.Decision create = FhirRoute.of("POST", "/fhir/r4/Observation");
        assertThat(create.allow()).isEqualTo("GET, HEAD");
        assertThat(create.slug()).isEqualTo("method-not-allowed");
        assertThat(FhirRoute.of("GET", "/fhir/r4/Observation/lab-1").slug()).isEqualTo("not-found");
        assertThat(FhirRoute.isFhir("/fhir/r4/Patient")).isTrue();
        assertThat(FhirRoute.isFhir("/fhirish")).isFalse();
        assertThat(FhirRoute.isFhir("/api/v1/intake/patients")).isFalse();
    }
}
