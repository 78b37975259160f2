package care.iop.portal.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;

@Path("/")
public class HomeResource {

    @GET
    @RolesAllowed(PortalUser.PARTNER_ROLE)
    public Response home() {
        return Response.seeOther(URI.create("/referrals")).build();
    }
}
