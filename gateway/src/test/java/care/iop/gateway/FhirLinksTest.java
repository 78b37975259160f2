package care.iop.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Links an owning service built from its own base, put on the gateway's public FHIR base. */
class FhirLinksTest {

    static final List<URI> OWNERS = List.of(URI.create("http://intake-service:8081"),
            URI.create("http://127.0.0.1:8084"));

    @Test
    void urls_on_a_services_origin_or_the_requests_own_host_move_to_the_public_base() {
        FhirLinks links = new FhirLinks("https://api.example.org/iop/", OWNERS, "gateway.internal:8080");
        assertThat(links.rewrite("http://intake-service:8081/fhir/r4/Patient?name=x&_offset=20&_count=20"))
                .isEqualTo("https://api.example.org/iop/fhir/r4/Patient?name=x&_offset=20&_count=20");
        assertThat(links.rewrite("http://127.0.0.1:8084/fhir/r4/Observation/drug-screen-1/_history/2"))
                .isEqualTo("https://api.example.org/iop/fhir/r4/Observation/drug-screen-1/_history/2");
        assertThat(links.rewrite("http://INTAKE-SERVICE:8081/fhir/r4")).isEqualTo("https://api.example.org/iop/fhir/r4");
        // Behind the reverse proxy the service saw the caller's Host (and the scheme from X-Forwarded-Proto).
        assertThat(links.rewrite("https://gateway.internal:8080/fhir/r4/Patient/1"))
                .isEqualTo("https://api.example.org/iop/fhir/r4/Patient/1");
        // Anything else stays: other hosts, other ports, paths outside the FHIR base, relative references.
        assertThat(links.rewrite("https://tx.fhir.org/r4/CodeSystem/x")).isEqualTo("https://tx.fhir.org/r4/CodeSystem/x");
        assertThat(links.rewrite("http://127.0.0.1:9999/fhir/r4/Patient/1")).isEqualTo("http://127.0.0.1:9999/fhir/r4/Patient/1");
        assertThat(links.rewrite("http://intake-service:8081/api/v1/intake/patients/1"))
                .isEqualTo("http://intake-service:8081/api/v1/intake/patients/1");
        assertThat(links.rewrite("http://intake-service:8081/fhir/r4x/Patient")).isEqualTo("http://intake-service:8081/fhir/r4x/Patient");
        assertThat(links.rewrite("Patient/1")).isEqualTo("Patient/1");
        assertThat(links.rewrite("urn:uuid:6f1c1a8e-2b0d-4c3e-9a41-1d2f3e4a5b6c"))
                .isEqualTo("urn:uuid:6f1c1a8e-2b0d-4c3e-9a41-1d2f3e4a5b6c");
        assertThat(links.rewrite("not a url")).isEqualTo("not a url");
        assertThat(links.publicUrl("/fhir/r4/Observation")).isEqualTo("https://api.example.org/iop/fhir/r4/Observation");
    }

    @Test
    void without_a_public_url_or_host_links_become_paths() {
        FhirLinks links = new FhirLinks("", OWNERS, null);
        assertThat(links.rewrite("http://intake-service:8081/fhir/r4/Patient/1")).isEqualTo("/fhir/r4/Patient/1");
        assertThat(links.rewrite("http://localhost:8080/fhir/r4/Patient/1")).isEqualTo("http://localhost:8080/fhir/r4/Patient/1");
    }

    @Test
    void a_passed_through_bundle_has_its_links_full_urls_and_locations_rewritten_and_nothing_else() {
        FhirLinks links = new FhirLinks("https://api.example.org", OWNERS, "localhost:8080");
        String bundle = """
                {"resourceType":"Bundle","type":"searchset","total":1,
                 "link":[{"relation":"self","url":"http://localhost:8080/fhir/r4/Patient?name=x"},
                         {"relation":"next","url":"http://localhost:8080/fhir/r4/Patient?name=x&_offset=20"}],
                 "entry":[{"fullUrl":"http://intake-service:8081/fhir/r4/Patient/1",
                           "resource":{"resourceType":"Patient","id":"1",
                             "text":{"status":"generated","div":"<div>http://intake-service:8081/fhir/r4/Patient/1</div>"}},
                           "response":{"status":"201","location":"http://intake-service:8081/fhir/r4/Patient/1/_history/1"}}]}""";
        JsonObject out = links.rewriteBundle(Buffer.buffer(bundle)).toJsonObject();
        assertThat(out.getJsonArray("link").getJsonObject(0).getString("url"))
                .isEqualTo("https://api.example.org/fhir/r4/Patient?name=x");
        assertThat(out.getJsonArray("link").getJsonObject(1).getString("url"))
                .isEqualTo("https://api.example.org/fhir/r4/Patient?name=x&_offset=20");
        JsonObject entry = out.getJsonArray("entry").getJsonObject(0);
        assertThat(entry.getString("fullUrl")).isEqualTo("https://api.example.org/fhir/r4/Patient/1");
        assertThat(entry.getJsonObject("response").getString("location"))
                .isEqualTo("https://api.example.org/fhir/r4/Patient/1/_history/1");
        // The resource itself is the service's business.
        assertThat(entry.getJsonObject("resource").encode()).contains("http://intake-service:8081/fhir/r4/Patient/1");

        Buffer patient = Buffer.buffer("{\"resourceType\":\"Patient\",\"id\":\"1\"}");
        assertThat(links.rewriteBundle(patient)).isSameAs(patient);
        Buffer garbage = Buffer.buffer("not json");
        assertThat(links.rewriteBundle(garbage)).isSameAs(garbage);
    }
}
