package care.iop.analytics.instances;

import care.iop.analytics.CallersClinic;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Instance to instance: this instance's share of a clinic's facts ({@link LocalFacts}). Not part of the public API
 * (the gateway routes only /api/v1/analytics/**, and it is left out of the OpenAPI document); the caller's bearer
 * token is passed on by the asking instance and checked here with the public endpoint's roles and clinic rule.
 * Like the public endpoint it keeps no audit log of reads: ids, codes and dates only, no patient ids.
 */
@Path(RemoteFacts.PATH)
public class PatientFactsResource {

    private static final Logger LOG = Logger.getLogger(PatientFactsResource.class);

    @Inject
    LocalFacts local;

    @Inject
    JsonWebToken token;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"clinic-admin", "clinical-supervisor", "auditor"})
    @Operation(hidden = true)
    public Response share(@QueryParam("clinicId") String clinicId) {
        UUID clinic = CallersClinic.check(token, clinicId);
        InstanceFacts share = local.of(clinic.toString());
        LOG.debugf("answered clinic %s's share: %d partitions, %d patients", clinic, share.partitions().size(),
                share.patients().size());
        return Response.ok(share.toJson(), MediaType.APPLICATION_JSON).build();
    }
}
