package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataValidationTest {

    private static final String SCREENING = EventType.SCREENING_COMPLETED.type();

    @Test
    void a_missing_required_field_is_reported() {
        assertThat(errors(d -> d.remove("total"))).singleElement().asString()
                .startsWith("$: ").contains("total");
    }

    @Test
    void an_additional_property_is_reported() {
        assertThat(errors(d -> d.put("patientName", "x"))).singleElement().asString().contains("patientName");
    }

    @Test
    void a_wrong_enum_value_is_reported() {
        assertThat(errors(d -> d.put("instrument", "PHQ9"))).singleElement().asString().startsWith("$.instrument: ");
    }

    @Test
    void a_wrong_type_is_reported() {
        assertThat(errors(d -> d.put("total", "17"))).singleElement().asString().startsWith("$.total: ");
        assertThat(errors(d -> d.put("total", 17.5))).singleElement().asString().startsWith("$.total: ");
        assertThat(errors(d -> d.put("flags", "suicide-risk-follow-up"))).isNotEmpty();
    }

    @Test
    void a_bad_uuid_is_reported() {
        assertThat(errors(d -> d.put("screeningId", "12345"))).isNotEmpty()
                .allSatisfy(e -> assertThat(e).startsWith("$.screeningId: "));
        // Upper case is a valid UUID but not the canonical form Kafka keys and joins rely on.
        assertThat(errors(d -> d.put("screeningId", Samples.PATIENT.toString().toUpperCase()))).isNotEmpty();
    }

    @Test
    void instants_must_be_utc_and_real() {
        assertThat(errors(d -> d.put("completedAt", "2025-03-04T15:30:00+01:00"))).isNotEmpty();
        assertThat(errors(d -> d.put("completedAt", "2025-03-04 15:30:00Z"))).isNotEmpty();
        assertThat(errors(d -> d.put("completedAt", "2025-13-04T15:30:00Z"))).isNotEmpty();
        assertThat(errors(d -> d.put("completedAt", "2025-03-04T15:30:00Z"))).isEmpty();
    }

    @Test
    void integer_bounds_are_enforced() {
        assertThat(errors(d -> d.put("total", -1))).singleElement().asString().startsWith("$.total: ");
        assertThat(errors(d -> d.put("changeFromBaseline", -27))).isEmpty();
    }

    @Test
    void codes_cannot_carry_free_text() {
        assertThat(errors(d -> d.put("band", "patient seemed low today"))).isNotEmpty();
        assertThat(errors(d -> d.withArray("flags").add("called her sister"))).isNotEmpty();
    }

    @Test
    void nullable_fields_may_be_null_or_absent_required_ones_may_not_be_null() {
        assertThat(errors(d -> d.putNull("loinc"))).isEmpty();
        assertThat(errors(d -> d.remove("changeFromBaseline"))).isEmpty();
        assertThat(errors(d -> d.putNull("band"))).isNotEmpty();
    }

    @Test
    void nested_objects_and_array_items_are_validated() {
        JsonNode assessment = EventJson.toJsonNode(Samples.all().get(EventType.ASSESSMENT_COMPLETED));
        ((ObjectNode) assessment.get("dimensions")).put("d1", 5);
        assertThat(EventSchemas.validateData(EventType.ASSESSMENT_COMPLETED.type(), assessment))
                .singleElement().asString().startsWith("$.dimensions.d1: ");

        JsonNode screen = EventJson.toJsonNode(Samples.all().get(EventType.DRUG_SCREEN_RESULTED));
        ((ObjectNode) screen.get("substances").get(0)).put("result", "inconclusive");
        ((ObjectNode) screen.get("substances").get(1)).remove("expected");
        assertThat(EventSchemas.validateData(EventType.DRUG_SCREEN_RESULTED.type(), screen))
                .anySatisfy(e -> assertThat(e).startsWith("$.substances[0].result: "))
                .anySatisfy(e -> assertThat(e).startsWith("$.substances[1]: ").contains("expected"));
    }

    @Test
    void consent_categories_must_not_be_empty() {
        JsonNode consent = EventJson.toJsonNode(Samples.all().get(EventType.CONSENT_GRANTED));
        ((ObjectNode) consent).putArray("categories");
        assertThat(EventSchemas.validateData(EventType.CONSENT_GRANTED.type(), consent)).isNotEmpty();
    }

    @Test
    void an_unknown_type_is_an_error() {
        JsonNode empty = EventJson.mapper().createObjectNode();
        assertThat(EventSchemas.validateData("care.iop.intake.patient.renamed.v1", empty))
                .singleElement().asString().contains("unknown event type");
        assertThat(EventSchemas.validateData(null, empty)).isNotEmpty();
    }

    @Test
    void reading_ignores_properties_a_newer_producer_added() {
        JsonNode data = EventJson.toJsonNode(Samples.all().get(EventType.CONSENT_REVOKED));
        ((ObjectNode) data).put("revokedBy", "00000000-0000-4000-8000-000000000099");
        assertThat(EventJson.read(data, EventType.CONSENT_REVOKED.dataClass()))
                .isEqualTo(Samples.all().get(EventType.CONSENT_REVOKED));
    }

    @Test
    void reading_a_null_count_fails_rather_than_reading_zero() {
        ObjectNode data = (ObjectNode) EventJson.toJsonNode(Samples.all().get(EventType.SCREENING_COMPLETED));
        data.putNull("total");
        assertThatThrownBy(() -> EventJson.read(data, EventType.SCREENING_COMPLETED.dataClass()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> errors(Consumer<ObjectNode> change) {
        ObjectNode data = (ObjectNode) EventJson.toJsonNode(Samples.all().get(EventType.SCREENING_COMPLETED));
        change.accept(data);
        return EventSchemas.validateData(SCREENING, data);
    }
}
