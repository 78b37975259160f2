package care.iop.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document, shaped as the other services' (type {@code urn:iop:problem:<slug>}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record ProblemDocument(String type, String title, int status, String detail, String instance,
                              @Schema(description = "The request's X-Request-Id, to quote when asking about it")
                              String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static ProblemDocument of(int status, String slug, String title, String detail, String instance,
                                     String requestId) {
        return new ProblemDocument("urn:iop:problem:" + slug, title, status, detail, instance, requestId);
    }
}
