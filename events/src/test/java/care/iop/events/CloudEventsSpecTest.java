package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope against the CloudEvents 1.0.2 specification (core and JSON event format): each case is a JSON
 * event with what the specification says of it ({@link CloudEventsJsonFormat}) and what the platform's envelope
 * schema ({@code cloudevent.json}, {@link EventSchemas#validateEnvelope}) does with it. The platform may be
 * stricter than the specification (the case says why); it never accepts what the specification forbids.
 */
class CloudEventsSpecTest {

    enum Spec { VALID, INVALID }

    enum Platform { ACCEPTS, REJECTS }

    static Stream<Arguments> cases() {
        return Stream.of(
                // The specification's own JSON format examples (section 3 of the JSON format), and the minimum.
                standalone("spec example: JSON data, extensions, an unset (null) extension", """
                        {"specversion":"1.0","type":"com.example.someevent","source":"/mycontext",
                         "id":"C234-1234-1234","time":"2018-04-05T17:31:00Z","comexampleextension1":"value",
                         "comexampleothervalue":5,"unsetextension":null,"datacontenttype":"application/json",
                         "data":{"appinfoA":"abc","appinfoB":123,"appinfoC":true}}""",
                        Spec.VALID, Platform.REJECTS,
                        "stricter: uuid id, /iop/ source, care.iop type, subject required, closed envelope"),
                standalone("spec example: binary data in data_base64", """
                        {"specversion":"1.0","type":"com.example.someevent","source":"/mycontext",
                         "id":"A234-1234-1234","time":"2018-04-05T17:31:00Z","comexampleextension1":"value",
                         "comexampleothervalue":5,"datacontenttype":"application/vnd.apache.thrift.binary",
                         "data_base64":"SGVsbG8sIENsb3VkRXZlbnRzIQ=="}""",
                        Spec.VALID, Platform.REJECTS, "stricter: data is always a JSON object"),
                standalone("only the four required attributes", """
                        {"specversion":"1.0","id":"A234-1234-1234","source":"https://github.com/cloudevents/spec/pull",
                         "type":"com.github.pull_request.opened"}""",
                        Spec.VALID, Platform.REJECTS, "stricter: subject, time, datacontenttype, data required"),
                standalone("not a JSON object", "[]", Spec.INVALID, Platform.REJECTS, ""),

                // A platform event, as EventJson writes it, changed one rule at a time.
                mutated("a platform event as written", e -> { }, Spec.VALID, Platform.ACCEPTS, ""),
                mutated("a platform event without its extensions", e -> e.remove(List.of("clinicid", "requestid")),
                        Spec.VALID, Platform.ACCEPTS, ""),
                mutated("specversion missing", e -> e.remove("specversion"), Spec.INVALID, Platform.REJECTS, ""),
                mutated("specversion 0.3", e -> e.put("specversion", "0.3"), Spec.INVALID, Platform.REJECTS, ""),
                mutated("specversion a number", e -> e.put("specversion", 1.0), Spec.INVALID, Platform.REJECTS, ""),
                mutated("id missing", e -> e.remove("id"), Spec.INVALID, Platform.REJECTS, ""),
                mutated("id empty", e -> e.put("id", ""), Spec.INVALID, Platform.REJECTS, ""),
                mutated("id null", e -> e.putNull("id"), Spec.INVALID, Platform.REJECTS, ""),
                mutated("id a number", e -> e.put("id", 42), Spec.INVALID, Platform.REJECTS, ""),
                mutated("id with a control character", e -> e.put("id", "A234\u0001"), Spec.INVALID,
                        Platform.REJECTS, ""),
                mutated("id not a uuid", e -> e.put("id", "A234-1234-1234"), Spec.VALID, Platform.REJECTS,
                        "stricter: ids are uuids"),
                mutated("source missing", e -> e.remove("source"), Spec.INVALID, Platform.REJECTS, ""),
                mutated("source empty", e -> e.put("source", ""), Spec.INVALID, Platform.REJECTS, ""),
                mutated("source not a URI-reference", e -> e.put("source", "/iop/intake service"), Spec.INVALID,
                        Platform.REJECTS, ""),
                mutated("source an absolute URI", e -> e.put("source", "https://iop.care/intake-service"),
                        Spec.VALID, Platform.REJECTS, "stricter: source is /iop/<service>"),
                mutated("type missing", e -> e.remove("type"), Spec.INVALID, Platform.REJECTS, ""),
                mutated("type empty", e -> e.put("type", ""), Spec.INVALID, Platform.REJECTS, ""),
                mutated("subject empty", e -> e.put("subject", ""), Spec.INVALID, Platform.REJECTS, ""),
                mutated("subject missing", e -> e.remove("subject"), Spec.VALID, Platform.REJECTS,
                        "stricter: the subject is the Kafka key"),
                mutated("time without an offset", e -> e.put("time", "2025-03-04T15:30:00"), Spec.INVALID,
                        Platform.REJECTS, ""),
                mutated("time with month 13", e -> e.put("time", "2025-13-04T15:30:00Z"), Spec.INVALID,
                        Platform.REJECTS, ""),
                mutated("time not a timestamp", e -> e.put("time", "yesterday"), Spec.INVALID, Platform.REJECTS, ""),
                mutated("time with a +02:00 offset", e -> e.put("time", "2025-03-04T17:30:00+02:00"), Spec.VALID,
                        Platform.REJECTS, "stricter: UTC with Z only"),
                mutated("time missing", e -> e.remove("time"), Spec.VALID, Platform.REJECTS,
                        "stricter: time required"),
                mutated("datacontenttype not a media type", e -> e.put("datacontenttype", "json"), Spec.INVALID,
                        Platform.REJECTS, ""),
                mutated("datacontenttype with a charset", e -> e.put("datacontenttype",
                        "application/json; charset=utf-8"), Spec.VALID, Platform.REJECTS,
                        "stricter: exactly application/json"),
                mutated("dataschema an absolute URI", e -> e.put("dataschema",
                        "https://iop.care/schemas/events/care.iop.intake.patient.admitted.v1.json"), Spec.VALID,
                        Platform.REJECTS, "stricter: closed envelope, the schema follows from type"),
                mutated("dataschema not a URI", e -> e.put("dataschema", "the admitted schema"), Spec.INVALID,
                        Platform.REJECTS, ""),
                mutated("dataschema a relative reference", e -> e.put("dataschema", "admitted.json"),
                        Spec.INVALID, Platform.REJECTS, ""),
                mutated("extension name with upper case", e -> e.put("clinicId", Samples.CLINIC.toString()),
                        Spec.INVALID, Platform.REJECTS, ""),
                mutated("extension name with an underscore", e -> e.put("clinic_id", Samples.CLINIC.toString()),
                        Spec.INVALID, Platform.REJECTS, ""),
                mutated("extension name over 20 characters (SHOULD NOT: a warning)",
                        e -> e.put("iopcorrelationidentifier", "x"), Spec.VALID, Platform.REJECTS,
                        "stricter: closed envelope"),
                mutated("boolean extension", e -> e.put("iopreplay", true), Spec.VALID, Platform.REJECTS,
                        "stricter: closed envelope"),
                mutated("extension value an object", e -> e.putObject("iopextra").put("a", 1), Spec.INVALID,
                        Platform.REJECTS, ""),
                mutated("extension value an array", e -> e.putArray("iopextra").add(1), Spec.INVALID,
                        Platform.REJECTS, ""),
                mutated("extension value a fraction", e -> e.put("iopweight", 2.5), Spec.INVALID, Platform.REJECTS,
                        ""),
                mutated("extension set to null (unset)", e -> e.putNull("requestid"), Spec.VALID, Platform.REJECTS,
                        "stricter: an absent extension is omitted, never null"),
                mutated("data and data_base64 both", e -> e.put("data_base64", "e30="), Spec.INVALID,
                        Platform.REJECTS, ""),
                mutated("data_base64 instead of data", e -> {
                    e.remove("data");
                    e.put("data_base64", "e30=");
                }, Spec.VALID, Platform.REJECTS, "stricter: data is always a JSON object"),
                mutated("data_base64 not Base64", e -> {
                    e.remove("data");
                    e.put("data_base64", "%%%");
                }, Spec.INVALID, Platform.REJECTS, ""),
                mutated("data missing", e -> e.remove("data"), Spec.VALID, Platform.REJECTS,
                        "stricter: every event has data"));
    }

    @ParameterizedTest(name = "{0}: spec {2}, platform {3} {4}")
    @MethodSource("cases")
    void the_envelope_follows_the_cloudevents_json_format(String name, JsonNode event, Spec spec, Platform platform,
                                                          String why) {
        CloudEventsJsonFormat.Result result = CloudEventsJsonFormat.check(event);
        List<String> platformErrors = EventSchemas.validateEnvelope(event);

        assertThat(result.valid() ? Spec.VALID : Spec.INVALID).as(name + ": spec, " + result.errors())
                .isEqualTo(spec);
        assertThat(platformErrors.isEmpty() ? Platform.ACCEPTS : Platform.REJECTS)
                .as(name + ": platform, " + platformErrors).isEqualTo(platform);
        if (spec == Spec.INVALID) {
            assertThat(platform).as("the platform never accepts what the specification forbids")
                    .isEqualTo(Platform.REJECTS);
        }
        if (spec == Spec.VALID && platform == Platform.REJECTS) {
            assertThat(why).as("a stricter rule says why").startsWith("stricter: ");
        }
    }

    @Test
    void the_checker_warns_of_long_attribute_names_without_failing() {
        ObjectNode event = sample();
        event.put("iopcorrelationidentifier", "x");

        assertThat(CloudEventsJsonFormat.check(event).warnings()).singleElement().asString()
                .startsWith("iopcorrelationidentifier: ");
        assertThat(CloudEventsJsonFormat.check(sample()).warnings()).isEmpty();
    }

    @Test
    void every_event_type_the_platform_writes_is_a_valid_cloudevent() {
        for (EventType type : EventType.values()) {
            JsonNode event = EventJson.parseTree(EventJson.write(Samples.event(type)));
            CloudEventsJsonFormat.Result result = CloudEventsJsonFormat.check(event);
            assertThat(result.errors()).as(type.type()).isEmpty();
            assertThat(result.warnings()).as(type.type()).isEmpty();
        }
    }

    private static Arguments standalone(String name, String json, Spec spec, Platform platform, String why) {
        return Arguments.of(name, EventJson.parseTree(json), spec, platform, why);
    }

    private static Arguments mutated(String name, Consumer<ObjectNode> change, Spec spec, Platform platform,
                                     String why) {
        ObjectNode event = sample();
        change.accept(event);
        return Arguments.of(name, event, spec, platform, why);
    }

    private static ObjectNode sample() {
        return (ObjectNode) EventJson.parseTree(EventJson.write(Samples.event(EventType.PATIENT_ADMITTED)));
    }
}
