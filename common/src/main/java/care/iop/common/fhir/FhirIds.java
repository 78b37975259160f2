package care.iop.common.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IIdType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * FHIR logical ids for our records. They are the records' UUIDs; the three types two services serve (Observation,
 * EpisodeOfCare, CarePlan) carry the owner as a prefix ({@code screening-}, {@code drug-screen-}, {@code enrollment-},
 * {@code episode-}, {@code treatment-plan-}, {@code relapse-prevention-}) so the gateway can route a read by id.
 * An id that cannot name one of our records is simply not found (404), as an id of another clinic's record is.
 */
public final class FhirIds {

    private FhirIds() {
    }

    public static UUID uuid(IIdType id, String resourceType) {
        return uuid(id == null ? null : id.getIdPart(), resourceType);
    }

    public static UUID uuid(String idPart, String resourceType) {
        return uuid("", idPart, resourceType);
    }

    /** The UUID in an id that must start with {@code prefix}. */
    public static UUID uuid(String prefix, String idPart, String resourceType) {
        if (idPart == null || !idPart.startsWith(prefix)) {
            throw notFound(resourceType, idPart);
        }
        try {
            String text = idPart.substring(prefix.length());
            UUID uuid = UUID.fromString(text);
            if (!uuid.toString().equals(text.toLowerCase())) {
                throw notFound(resourceType, idPart);
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw notFound(resourceType, idPart);
        }
    }

    /** A reference like {@code Patient/<uuid>} or a bare id, as search parameters carry them. */
    public static UUID reference(String reference, String resourceType) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidRequestException("A " + resourceType + " reference is required");
        }
        String idPart = reference.startsWith(resourceType + "/") ? reference.substring(resourceType.length() + 1)
                : reference;
        try {
            return UUID.fromString(idPart);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Not a " + resourceType + " id: use " + resourceType + "/<id>");
        }
    }

    /** Returns {@code null} where a search on an id that cannot be ours simply matches nothing. */
    public static UUID referenceOrNull(String reference, String resourceType) {
        try {
            return reference(reference, resourceType);
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    private static ResourceNotFoundException notFound(String resourceType, String idPart) {
        return new ResourceNotFoundException(resourceType + " is not known here");
    }

    /**
     * A FHIR client's {@code If-Match} for our precondition check: FHIR sends the version as a weak tag
     * ({@code W/"3"}), which HTTP's strong comparison (the REST API's) would never match.
     */
    public static String ifMatch(String header) {
        return header == null ? null : header.replace("W/\"", "\"");
    }

    /** {@code system|value} of a conditional URL {@code Type?identifier=system|value} (the only criterion allowed). */
    public static String[] identifierOf(String conditionalUrl) {
        int query = conditionalUrl.indexOf('?');
        String criteria = query < 0 ? "" : conditionalUrl.substring(query + 1);
        if (criteria.contains("&")) {
            throw new PreconditionFailedException("Conditional writes match on one identifier=system|value only");
        }
        if (!criteria.startsWith("identifier=")) {
            throw new InvalidRequestException("Conditional writes match on identifier=system|value");
        }
        String token = URLDecoder.decode(criteria.substring("identifier=".length()), StandardCharsets.UTF_8);
        int bar = token.indexOf('|');
        if (bar <= 0 || bar == token.length() - 1) {
            throw new InvalidRequestException("identifier must be system|value, both present");
        }
        return new String[] {token.substring(0, bar), token.substring(bar + 1)};
    }
}
