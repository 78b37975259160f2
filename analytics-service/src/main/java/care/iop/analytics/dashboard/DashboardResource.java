package care.iop.analytics.dashboard;

import care.iop.analytics.CallersClinic;
import care.iop.analytics.AnalyticsProblem;
import care.iop.analytics.AnalyticsResource;
import care.iop.analytics.MeasuresAnswer;
import care.iop.analytics.MeasuresCsv;
import care.iop.analytics.MeasuresService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The clinic director's dashboard: the signed-in user's own clinic (the access token's {@code clinic_id}), for
 * clinic-admin, clinical-supervisor and auditor; anyone else signed in gets a plain "not for you" page. Signed in by
 * the {@code dashboard} OIDC tenant (Keycloak's code flow, server side); the API keeps its bearer tenant.
 */
@Path("/dashboard")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class DashboardResource {

    static final Set<String> ROLES = Set.of("clinic-admin", "clinical-supervisor", "auditor");
    /** Quarkus OIDC's logout path of the dashboard tenant (RP-initiated logout, then /dashboard/signed-out). */
    static final URI OIDC_LOGOUT = URI.create("/dashboard/sign-out/keycloak");

    private static final Logger LOG = Logger.getLogger(DashboardResource.class);

    @Inject
    MeasuresService measures;

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken accessToken;

    @Inject
    DashboardClock clock;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(DashboardView view, DashboardQuery query, String user);

        static native TemplateInstance badQuery(String message, String user);

        static native TemplateInstance notForYou(String user);

        static native TemplateInstance unavailable(String user);

        static native TemplateInstance signedOut();
    }

    @GET
    public Response page(@QueryParam("period") String period, @QueryParam("from") String from,
                         @QueryParam("to") String to, @QueryParam("track") String track) {
        Optional<UUID> clinic = ownClinic();
        if (clinic.isEmpty()) {
            return page(Response.Status.FORBIDDEN, Templates.notForYou(user()));
        }
        DashboardQuery query;
        try {
            query = DashboardQuery.of(period, from, to, track, clock.today());
        } catch (IllegalArgumentException e) {
            return page(Response.Status.BAD_REQUEST, Templates.badQuery(e.getMessage(), user()));
        }
        MeasuresAnswer answer = measures.measures(clinic.get(), query.period(), query.from(), query.to(),
                query.track());
        return page(Response.Status.OK, Templates.page(DashboardView.of(answer, clock.today()), query, user()));
    }

    /** The answer the page shows, as the API's JSON, for the signed-in user (the API itself needs a bearer token). */
    @GET
    @Path("measures.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response json(@QueryParam("period") String period, @QueryParam("from") String from,
                         @QueryParam("to") String to, @QueryParam("track") String track) {
        return answer(period, from, to, track, false);
    }

    /** As {@link #json}, in the API's CSV. */
    @GET
    @Path("measures.csv")
    @Produces(AnalyticsResource.CSV)
    public Response csv(@QueryParam("period") String period, @QueryParam("from") String from,
                        @QueryParam("to") String to, @QueryParam("track") String track) {
        return answer(period, from, to, track, true);
    }

    /** The sign-out button (a form with the CSRF token, so another site cannot sign the user out). */
    @POST
    @Path("sign-out")
    public Response signOut() {
        return Response.seeOther(OIDC_LOGOUT).build();
    }

    @GET
    @Path("signed-out")
    @PermitAll
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }

    /** The event stream still loading: a page with a retry, not the API's problem document. */
    @ServerExceptionMapper
    public Response problem(AnalyticsProblem p) {
        LOG.infof("dashboard answered %d (%s)", p.status(), p.slug());
        return page(p.status(), Templates.unavailable(user()));
    }

    private Response answer(String period, String from, String to, String track, boolean csv) {
        Optional<UUID> clinic = ownClinic();
        if (clinic.isEmpty()) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN)
                    .entity("Not for this account.").build();
        }
        DashboardQuery query;
        try {
            query = DashboardQuery.of(period, from, to, track, clock.today());
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN).entity(e.getMessage())
                    .build();
        }
        MeasuresAnswer answer = measures.measures(clinic.get(), query.period(), query.from(), query.to(),
                query.track());
        if (csv) {
            return Response.ok(MeasuresCsv.write(answer), AnalyticsResource.CSV)
                    .header("Content-Disposition", "attachment; filename=\"measures-" + query.period().value() + "-"
                            + query.from() + "-" + query.to() + ".csv\"").build();
        }
        return Response.ok(answer, MediaType.APPLICATION_JSON).build();
    }

    /** The user's clinic when they hold one of the roles and their token names a clinic; else empty. */
    private Optional<UUID> ownClinic() {
        if (ROLES.stream().noneMatch(identity::hasRole)) {
            return Optional.empty();
        }
        return CallersClinic.of(accessToken);
    }

    private String user() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    private static Response page(Response.Status status, TemplateInstance page) {
        return page(status.getStatusCode(), page);
    }

    private static Response page(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page).build();
    }
}
