package care.iop.analytics;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;
import java.util.UUID;

/**
 * The caller's clinic, the token's {@code clinic_id}: analytics answer only for it (the API, the instances' internal
 * endpoint and the dashboard all ask here). Clinic ids are not secret, so another clinic is 403, not 404.
 */
public final class CallersClinic {

    private CallersClinic() {
    }

    /** The token's clinic, or empty when the token names none or not a valid id. */
    public static Optional<UUID> of(JsonWebToken token) {
        Object claim = token.getClaim("clinic_id");
        if (claim == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(claim.toString().replace("\"", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The asked clinic if it is the token's own; else 403 (or 400 for an id that is not a UUID). */
    public static UUID check(JsonWebToken token, String clinicId) {
        UUID own = of(token).orElseThrow(() -> AnalyticsProblem.forbidden(
                "The token is not bound to a clinic, or its clinic claim is not a valid id"));
        UUID asked;
        try {
            asked = UUID.fromString(clinicId == null ? "" : clinicId);
        } catch (IllegalArgumentException e) {
            throw AnalyticsProblem.badRequest("clinicId must be a UUID");
        }
        if (!own.equals(asked)) {
            throw AnalyticsProblem.forbidden("Analytics are only for the caller's own clinic");
        }
        return own;
    }
}
