package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeTest {

    private static final EventType TYPE = EventType.PATIENT_ADMITTED;

    @Test
    void the_envelope_uses_the_cloudevents_attribute_names() {
        JsonNode json = EventJson.parseTree(EventJson.write(Samples.event(TYPE)));

        assertThat(fieldNames(json)).containsExactly("specversion", "id", "source", "type", "subject", "time",
                "datacontenttype", "clinicid", "requestid", "data");
        assertThat(json.get("time").asText()).isEqualTo("2025-03-04T15:30:00.123456Z");
        assertThat(json.get("data").get("admissionDate").asText()).isEqualTo("2025-03-04");
        assertThat(json.get("data").get("levelOfCare").asText()).isEqualTo("2.1");
    }

    @Test
    void absent_extensions_are_omitted() {
        CloudEvent e = Samples.event(TYPE);
        CloudEvent bare = new CloudEvent(e.specversion(), e.id(), e.source(), e.type(), e.subject(), e.time(),
                e.datacontenttype(), null, null, e.data());

        JsonNode json = EventJson.parseTree(EventJson.write(bare));

        assertThat(json.has("clinicid")).isFalse();
        assertThat(json.has("requestid")).isFalse();
        assertThat(EventSchemas.validate(json)).isEmpty();
    }

    @Test
    void an_event_round_trips() {
        CloudEvent event = Samples.event(TYPE);

        assertThat(EventJson.parse(EventJson.write(event))).isEqualTo(event);
    }

    @Test
    void a_good_event_is_valid() {
        JsonNode json = EventJson.parseTree(EventJson.write(Samples.event(TYPE)));

        assertThat(EventSchemas.validateEnvelope(json)).isEmpty();
        assertThat(EventSchemas.validate(json)).isEmpty();
        assertThatCode(() -> EventSchemas.assertValid(json)).doesNotThrowAnyException();
    }

    @Test
    void bad_envelopes_are_reported_at_the_attribute() {
        assertThat(errors(e -> e.remove("specversion"))).singleElement().asString().contains("specversion");
        assertThat(errors(e -> e.put("specversion", "0.3"))).singleElement().asString().startsWith("$.specversion: ");
        assertThat(errors(e -> e.put("id", "evt-1"))).isNotEmpty().allMatch(m -> m.startsWith("$.id: "));
        assertThat(errors(e -> e.put("source", "intake-service"))).singleElement().asString().startsWith("$.source: ");
        assertThat(errors(e -> e.put("type", "PatientAdmitted"))).anyMatch(m -> m.startsWith("$.type: "));
        assertThat(errors(e -> e.put("subject", "patient-42"))).isNotEmpty().allMatch(m -> m.startsWith("$.subject: "));
        assertThat(errors(e -> e.put("time", "yesterday"))).isNotEmpty().allMatch(m -> m.startsWith("$.time: "));
        assertThat(errors(e -> e.put("datacontenttype", "text/plain"))).singleElement().asString()
                .startsWith("$.datacontenttype: ");
        assertThat(errors(e -> e.put("clinicid", "acme"))).isNotEmpty().allMatch(m -> m.startsWith("$.clinicid: "));
        assertThat(errors(e -> e.put("requestid", "has spaces"))).singleElement().asString()
                .startsWith("$.requestid: ");
        assertThat(errors(e -> e.put("clinicId", Samples.CLINIC.toString()))).singleElement().asString()
                .contains("clinicId");
        assertThat(errors(e -> e.put("data", "{}"))).singleElement().asString().startsWith("$.data: ");
        assertThat(errors(e -> e.remove("data"))).singleElement().asString().contains("data");
    }

    @Test
    void the_data_is_validated_against_its_type_with_paths_under_data() {
        assertThat(errors(e -> ((ObjectNode) e.get("data")).put("levelOfCare", "2"))).singleElement().asString()
                .startsWith("$.data.levelOfCare: ");
        assertThat(errors(e -> ((ObjectNode) e.get("data")).remove("trackCode"))).singleElement().asString()
                .startsWith("$.data: ").contains("trackCode");
    }

    @Test
    void an_unknown_type_is_an_error() {
        assertThat(errors(e -> e.put("type", "care.iop.intake.patient.renamed.v1"))).singleElement().asString()
                .isEqualTo("$.type: unknown event type care.iop.intake.patient.renamed.v1");
    }

    @Test
    void assert_valid_lists_every_error() {
        ObjectNode json = envelope();
        json.put("subject", "patient-42");
        ((ObjectNode) json.get("data")).put("admissionDate", "04/03/2025");

        assertThatThrownBy(() -> EventSchemas.assertValid(json.toString()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(TYPE.type() + " does not match its schema")
                .hasMessageContaining("$.subject: ")
                .hasMessageContaining("$.data.admissionDate: ");
        assertThatThrownBy(() -> EventSchemas.assertValid("not json")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> EventSchemas.assertValid("[]")).isInstanceOf(AssertionError.class);
    }

    private static List<String> errors(Consumer<ObjectNode> change) {
        ObjectNode json = envelope();
        change.accept(json);
        return EventSchemas.validate(json);
    }

    private static ObjectNode envelope() {
        return (ObjectNode) EventJson.parseTree(EventJson.write(Samples.event(TYPE)));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
