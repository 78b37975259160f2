package care.iop.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A CloudEvents 1.0 event in structured JSON mode, as published on every topic. The component names are the
 * CloudEvents attribute names ({@code clinicid} and {@code requestid} are this platform's extensions).
 *
 * @param subject the Kafka key: the patient id, or for events about no single patient the id of what the
 *                event is about (see docs/events.md)
 */
@JsonPropertyOrder({"specversion", "id", "source", "type", "subject", "time", "datacontenttype", "clinicid",
        "requestid", "data"})
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        @JsonInclude(JsonInclude.Include.NON_NULL) String clinicid,
        @JsonInclude(JsonInclude.Include.NON_NULL) String requestid,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    /** The Kafka record's content type (structured mode); {@code datacontenttype} is application/json. */
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String DATA_CONTENT_TYPE = "application/json";
}
