package care.iop.common.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import care.iop.common.fhir.SmartScopes.Interaction;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may use the FHIR API, before any provider runs: the CapabilityStatement is public (FHIR clients read it before
 * they have a token); everything else needs a valid token. An EHR's service account (role ehr-integration) also needs
 * the SMART system scope for the resource type and interaction; staff tokens carry no SMART scopes and are held to
 * what their roles already allow by the feature services. Partners have no FHIR access.
 */
@ApplicationScoped
@Interceptor
public class FhirAccess {

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void check(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation == RestOperationTypeEnum.METADATA) {
            return;
        }
        CallerContext caller = Arc.container().instance(CallerContext.class).get();
        if (!caller.isAuthenticated()) {
            throw new AuthenticationException("A valid bearer token is required");
        }
        if (caller.hasRole(Roles.PARTNER) && caller.clinicId().isEmpty()) {
            throw new ForbiddenOperationException("Partner organisations have no FHIR access");
        }
        if (caller.hasRole(Roles.EHR_INTEGRATION)) {
            String type = request.getResourceName();
            Interaction interaction = interactionOf(operation);
            if (type == null || interaction == null) {
                throw new ForbiddenOperationException("This interaction is not open to system clients");
            }
            if (!SmartScopes.of(caller.claim("scope").orElse(null)).permits(type, interaction)) {
                throw new ForbiddenOperationException("The token's scopes do not include "
                        + SmartScopes.needed(type, interaction));
            }
        }
    }

    static Interaction interactionOf(RestOperationTypeEnum operation) {
        return switch (operation) {
            case READ, VREAD -> Interaction.READ;
            case SEARCH_TYPE, GET_PAGE -> Interaction.SEARCH;
            case CREATE -> Interaction.CREATE;
            case UPDATE, PATCH -> Interaction.UPDATE;
            case DELETE -> Interaction.DELETE;
            default -> null;
        };
    }
}
