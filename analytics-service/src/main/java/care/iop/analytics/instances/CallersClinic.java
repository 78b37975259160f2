package care.iop.analytics.instances;

import care.iop.analytics.AnalyticsProblem;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** The asked clinic, if it is the token's {@code clinic_id}; the same rule as the public measures endpoint. */
final class CallersClinic {

    private CallersClinic() {
    }

    static UUID check(JsonWebToken token, String clinicId) {
        Object claim = token.getClaim("clinic_id");
        if (claim == null) {
            throw AnalyticsProblem.forbidden("The token is not bound to a clinic");
        }
        UUID own;
        try {
            own = UUID.fromString(claim.toString().replace("\"", ""));
        } catch (IllegalArgumentException e) {
            throw AnalyticsProblem.forbidden("The token's clinic claim is not a valid id");
        }
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
