package care.iop.portal.session;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;

/** Signing out, by choice or after the idle limit, and the page that follows. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SessionResource {

    /** Quarkus OIDC's logout path (RP-initiated logout: Keycloak ends its session, then sends the browser to /signed-out). */
    static final URI OIDC_LOGOUT = URI.create("/sign-out/keycloak");
    static final String REASON_COOKIE = "portal_signed_out";

    @Inject
    IdleTimeout idle;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut(boolean idle, long idleMinutes);
    }

    /** The sign-out button (a form with the CSRF token, so another site cannot sign the user out). */
    @POST
    @Path("sign-out")
    @Produces(MediaType.TEXT_HTML)
    public Response signOut(@Context UriInfo uri) {
        return Response.seeOther(OIDC_LOGOUT).cookie(SessionActivity.cookie("", 0, SessionActivity.tls(uri)))
                .build();
    }

    /** The page's script keeps the session when the user answers the idle warning. */
    @POST
    @Path("session/keepalive")
    public Response keepAlive() {
        return Response.noContent().build();
    }

    /** Where an idle session is sent (by the server on the next request, or by the page's timer). */
    @GET
    @Path("session/expired")
    public Response expired(@Context UriInfo uri) {
        NewCookie reason = new NewCookie.Builder(REASON_COOKIE).value("idle").path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).secure(SessionActivity.tls(uri)).maxAge(300).build();
        return Response.seeOther(OIDC_LOGOUT).cookie(reason, SessionActivity.cookie("", 0, SessionActivity.tls(uri)))
                .build();
    }

    @GET
    @Path("signed-out")
    public Response signedOut(@CookieParam(REASON_COOKIE) String reason) {
        NewCookie used = new NewCookie.Builder(REASON_COOKIE).value("").path("/").maxAge(0).build();
        return Response.ok(Templates.signedOut("idle".equals(reason), idle.limit().toMinutes())).cookie(used).build();
    }
}
