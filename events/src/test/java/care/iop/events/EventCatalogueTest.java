package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCatalogueTest {

    private static final Pattern TYPE =
            Pattern.compile("care\\.iop\\.([a-z-]+)\\.([a-z-]+(?:\\.[a-z-]+)+)\\.v([0-9]+)");
    private static final Map<String, String> PACKAGE_OF_AREA = Map.of("intake", "intake", "scheduling", "scheduling",
            "clinical-notes", "notes", "medication", "medication", "aftercare", "aftercare", "audit", "audit");

    @Test
    void there_is_a_sample_for_every_type() {
        assertThat(Samples.all().keySet()).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void the_sample_serialises_to_json_that_matches_the_schema(EventType type) {
        EventData sample = Samples.all().get(type);
        assertThat(type.dataClass()).isEqualTo(sample.getClass());
        JsonNode data = EventJson.toJsonNode(sample);

        assertThat(EventSchemas.validateData(type.type(), data)).isEmpty();
        EventSchemas.assertValid(EventJson.write(Samples.event(type)));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void the_data_round_trips(EventType type) {
        EventData sample = Samples.all().get(type);
        String json = EventJson.write(Samples.event(type));

        CloudEvent parsed = EventJson.parse(json);

        assertThat(EventJson.read(parsed.data(), type.dataClass())).isEqualTo(sample);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void the_schema_and_the_record_agree(EventType type) {
        JsonNode schema = SchemaFiles.read(type.schemaResource());
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).endsWith("/" + type.type() + ".json");
        assertThat(schema.path("title").asText()).contains(type.type());
        assertThat(schema.path("description").asText()).isNotBlank();

        assertAgree(type.dataClass(), schema, type.type());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void the_type_is_named_after_its_topic_and_its_record_lives_in_the_area_package(EventType type) {
        Matcher m = TYPE.matcher(type.type());
        assertThat(m.matches()).as(type.type()).isTrue();
        String area = m.group(1);
        assertThat(type.topic()).isEqualTo("iop." + area + ".v1");
        assertThat(Topics.all()).contains(type.topic());
        assertThat(type.dataClass().getPackageName()).isEqualTo("care.iop.events." + PACKAGE_OF_AREA.get(area));
        assertThat(type.schemaResource()).isEqualTo("/care/iop/events/schemas/" + type.type() + ".json");
        assertThat(type.type()).matches("^care\\.iop\\.[a-z-]+\\.[a-z.-]+\\.v[0-9]+$"); // the envelope's pattern
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void types_and_data_classes_look_up_both_ways(EventType type) {
        assertThat(EventType.forType(type.type())).contains(type);
        assertThat(EventType.forDataClass(type.dataClass())).isEqualTo(type);
    }

    @Test
    void unknown_types_and_classes_are_not_found() {
        assertThat(EventType.forType("care.iop.intake.patient.admitted.v9")).isEmpty();
        assertThat(EventType.forType(null)).isEmpty();
        assertThatThrownBy(() -> EventType.forDataClass(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_catalogue_has_the_v1_types_of_the_architecture() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::type)).hasSize(39).doesNotHaveDuplicates();
        assertThat(Arrays.stream(EventType.values()).map(EventType::dataClass)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(EventType.values()).map(EventType::topic).distinct())
                .containsExactlyInAnyOrder(Topics.INTAKE, Topics.SCHEDULING, Topics.CLINICAL_NOTES, Topics.MEDICATION,
                        Topics.AFTERCARE, Topics.AUDIT);
    }

    @Test
    void topics_and_their_dead_letter_topics() {
        assertThat(Topics.all()).containsExactly("iop.intake.v1", "iop.scheduling.v1", "iop.clinical-notes.v1",
                "iop.medication.v1", "iop.aftercare.v1", "iop.audit.v1");
        assertThat(Topics.dlq(Topics.MEDICATION)).isEqualTo("iop.medication.v1.dlq");
    }

    @Test
    void every_schema_property_is_described_and_every_object_is_closed() {
        for (String resource : SchemaFiles.allResources()) {
            walkObjects(SchemaFiles.read(resource), resource);
        }
    }

    private static void walkObjects(JsonNode schema, String where) {
        if (schema.has("properties")) {
            JsonNode additional = schema.path("additionalProperties");
            assertThat(additional.isBoolean() && !additional.asBoolean()).as("additionalProperties false at " + where)
                    .isTrue();
            schema.get("properties").fields().forEachRemaining(p -> {
                assertThat(p.getValue().path("description").asText()).as("description of " + where + " " + p.getKey())
                        .isNotBlank();
                assertThat(p.getValue().has("type") || p.getValue().has("const"))
                        .as("type of " + where + " " + p.getKey()).isTrue();
                walkObjects(p.getValue(), where + "." + p.getKey());
            });
        }
        if (schema.has("items")) {
            walkObjects(schema.get("items"), where + "[]");
        }
    }

    /** The schema's properties are the record's components, typed alike, required unless {@link Nullable}. */
    private static void assertAgree(Class<?> record, JsonNode schema, String where) {
        assertThat(record.isRecord()).as(record + " is a record").isTrue();
        RecordComponent[] components = record.getRecordComponents();
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        List<String> required = Arrays.stream(components).filter(c -> !c.isAnnotationPresent(Nullable.class))
                .map(RecordComponent::getName).toList();

        assertThat(fieldNames(schema.path("properties"))).as("properties of " + where).containsExactlyElementsOf(names);
        assertThat(texts(schema.path("required"))).as("required of " + where).containsExactlyElementsOf(required);
        assertThat(schema.path("type").asText()).isEqualTo("object");

        for (RecordComponent c : components) {
            JsonNode property = schema.path("properties").path(c.getName());
            boolean nullable = c.isAnnotationPresent(Nullable.class);
            assertThat(c.getType().isPrimitive() && nullable).as(where + "." + c.getName() + " primitive but nullable")
                    .isFalse();
            assertThat(types(property)).as("type of " + where + "." + c.getName())
                    .containsExactlyInAnyOrderElementsOf(nullable
                            ? List.of(jsonType(c.getType()), "null") : List.of(jsonType(c.getType())));
            assertValue(c.getGenericType(), property, nullable, where + "." + c.getName());
        }
    }

    private static void assertValue(Type type, JsonNode property, boolean nullable, String where) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == UUID.class) {
            assertThat(property.path("format").asText()).as(where).isEqualTo("uuid");
            assertThat(property.has("pattern")).as(where).isTrue();
        } else if (raw == Instant.class) {
            assertThat(property.path("format").asText()).as(where).isEqualTo("date-time");
            assertThat(property.has("pattern")).as(where).isTrue();
        } else if (raw == LocalDate.class) {
            assertThat(property.path("format").asText()).as(where).isEqualTo("date");
            assertThat(property.has("pattern")).as(where).isTrue();
        } else if (raw == String.class) {
            assertThat(property.has("pattern") || property.has("enum")).as(where + " is constrained").isTrue();
        } else if (raw.isEnum()) {
            List<Object> wire = new ArrayList<>(Stream.of(raw.getEnumConstants())
                    .map(e -> EventJson.mapper().convertValue(e, String.class)).toList());
            if (nullable) {
                wire.add(null);
            }
            List<Object> listed = new ArrayList<>();
            property.path("enum").forEach(v -> listed.add(v.isNull() ? null : v.asText()));
            assertThat(listed).as("enum of " + where).containsExactlyElementsOf(wire);
        } else if (raw == List.class) {
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            assertThat(property.path("items").path("type").asText()).as(where + "[]")
                    .isEqualTo(jsonType((Class<?>) item));
            assertValue(item, property.path("items"), false, where + "[]");
        } else if (raw.isRecord()) {
            assertAgree(raw, property, where);
        }
    }

    private static String jsonType(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == BigDecimal.class) {
            return "number";
        }
        if (type == List.class) {
            return "array";
        }
        if (type.isRecord()) {
            return "object";
        }
        return "string"; // UUID, Instant, LocalDate, String, enums
    }

    private static List<String> types(JsonNode property) {
        JsonNode type = property.path("type");
        return type.isArray() ? texts(type) : List.of(type.asText());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
