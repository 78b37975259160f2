package care.iop.portal.web;

import care.iop.portal.api.ApiRefusal;
import care.iop.portal.api.ApiUnavailable;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Plain pages instead of error dumps: a signed-in user who is not a partner, a record that is not there (or not
 * theirs: the same page), and the API being down or slow (with a retry). Logs name the status and problem type only.
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance notForYou();

        static native TemplateInstance notFound();

        static native TemplateInstance unavailable(String retryUrl);

        static native TemplateInstance refused();
    }

    /** Clinic staff, auditors and EHR accounts: this portal is for partner organisations only. */
    @ServerExceptionMapper
    public Response notPartner(ForbiddenException e) {
        return page(Response.Status.FORBIDDEN, Templates.notForYou());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return page(Response.Status.NOT_FOUND, Templates.notFound());
    }

    @ServerExceptionMapper
    public Response unavailable(ApiUnavailable e, UriInfo uri) {
        LOG.warnf("API unavailable for %s: %s", uri.getPath(), e.getMessage());
        return page(Response.Status.SERVICE_UNAVAILABLE, Templates.unavailable(uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery())));
    }

    @ServerExceptionMapper
    public Response refused(ApiRefusal e, UriInfo uri) {
        if (e.status() == 404) {
            return page(Response.Status.NOT_FOUND, Templates.notFound());
        }
        LOG.infof("API refused %s: %s", uri.getPath(), e.getMessage());
        return page(e.status() == 401 ? 403 : e.status(), Templates.refused());
    }

    private static Response page(Response.Status status, TemplateInstance page) {
        return page(status.getStatusCode(), page);
    }

    private static Response page(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page).build();
    }
}
