package care.iop.portal.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is signed in, for the page header ({@code {inject:portalUser.name}} in the templates). */
@Named("portalUser")
@RequestScoped
public class PortalUser {

    public static final String PARTNER_ROLE = "partner";

    @Inject
    SecurityIdentity identity;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    care.iop.portal.session.IdleTimeout idle;

    /** When the page shows its idle warning, in ms after it loaded. */
    public long getIdleWarnMillis() {
        return idle.warnAfter().toMillis();
    }

    /** How long before the idle sign-out the page warns, in minutes (for its text). */
    public long getIdleWarningMinutes() {
        return idle.limit().minus(idle.warnAfter()).toMinutes();
    }

    /** When the page sends an idle session to sign-out, in ms after it loaded. */
    public long getIdleLimitMillis() {
        return idle.limit().toMillis();
    }

    public boolean isSignedIn() {
        return !identity.isAnonymous();
    }

    public boolean isPartner() {
        return identity.hasRole(PARTNER_ROLE);
    }

    /** The name Keycloak gives the user (no patient's), else the user name. */
    public String getName() {
        if (identity.isAnonymous()) {
            return "";
        }
        String name = idToken.getClaim("name");
        return name != null && !name.isBlank() ? name : idToken.getClaim("preferred_username");
    }
}
