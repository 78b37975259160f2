package care.iop.common.security;

import care.iop.common.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, from the verified bearer token: subject, client id ({@code azp}), realm roles, and the
 * {@code clinic_id} or {@code partner_id} that scopes everything the caller may see.
 */
@RequestScoped
public class CallerContext {

    public static final String PURPOSE_HEADER = "X-Purpose-Of-Use";
    private static final String DEFAULT_PURPOSE = "TREAT";

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentVertxRequest request;

    public boolean isAuthenticated() {
        return !identity.isAnonymous();
    }

    public String subject() {
        return token().map(JsonWebToken::getSubject).orElse(null);
    }

    public String clientId() {
        return claim("azp").orElse(null);
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** A partner organisation's caller: the partner role and no clinic of its own. */
    public boolean isPartner() {
        return hasRole(Roles.PARTNER) && clinicId().isEmpty();
    }

    public Optional<UUID> clinicId() {
        return claim("clinic_id").map(CallerContext::uuid);
    }

    public Optional<UUID> partnerId() {
        return claim("partner_id").map(CallerContext::uuid);
    }

    /** The caller's clinic; a token without one may not touch clinic data (403). */
    public UUID requireClinicId() {
        return clinicId().orElseThrow(() -> ProblemException.forbidden("The token is not bound to a clinic"));
    }

    /** The caller as a person the clinical record can name: staff tokens carry a UUID subject; service accounts 403. */
    public UUID requireStaffId() {
        return staffId().orElseThrow(() -> ProblemException.forbidden(
                "Clinical records name a person: this needs a staff member's token, not a service account's"));
    }

    /** The staff member calling; empty for service accounts (their Keycloak subjects are UUIDs too). */
    public Optional<UUID> staffId() {
        if (hasRole(Roles.EHR_INTEGRATION)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(subject()).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public UUID requirePartnerId() {
        return partnerId().orElseThrow(() -> ProblemException.forbidden("The token is not bound to a partner"));
    }

    /** Where the request came from (the gateway's X-Forwarded-For is honoured when proxy forwarding is on). */
    public String sourceAddress() {
        RoutingContext http = request.getCurrent();
        if (http == null) {
            return null; // not an HTTP request: an event consumer or a scheduled job
        }
        var address = http.request().remoteAddress();
        return address == null ? null : address.hostAddress();
    }

    /** HL7 PurposeOfUse code sent by the caller (X-Purpose-Of-Use), TREAT by default. */
    public String purposeOfUse() {
        RoutingContext http = request.getCurrent();
        String offered = http == null ? null : http.request().getHeader(PURPOSE_HEADER);
        return offered != null && offered.matches("[A-Z]{2,16}") ? offered : DEFAULT_PURPOSE;
    }

    private Optional<JsonWebToken> token() {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? Optional.of(jwt) : Optional.empty();
    }

    /** A claim of the token as text, if present and not blank. */
    public Optional<String> claim(String name) {
        return token().map(jwt -> jwt.<Object>getClaim(name)).map(Object::toString).filter(s -> !s.isBlank());
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.forbidden("The token's tenant claim is not a valid id");
        }
    }
}
