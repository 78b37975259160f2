package care.iop.common.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's FHIR R4 server at {@code /fhir/r4}: HAPI's plain server (search parameters, {@code _include},
 * paging links, the CapabilityStatement) with the resource providers the service declares as {@link FhirProfiled}
 * beans. The providers call the service's feature services, so a FHIR read is audited, scoped and refused exactly as
 * its REST twin; {@link FhirAccess} adds SMART scopes, {@link FhirErrors} answers every failure as an
 * OperationOutcome.
 */
@WebServlet(name = "fhir-r4", urlPatterns = "/*", loadOnStartup = 1)
public class FhirServlet extends RestfulServer {

    public static final String BASE_PATH = "/fhir/r4";

    @Inject
    Instance<FhirProfiled> providers;

    @Inject
    FhirAccess access;

    @Inject
    FhirErrors errors;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    public FhirServlet() {
        super(FhirContext.forR4Cached());
    }

    @Override
    protected void initialize() {
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setDefaultPrettyPrint(false);
        setImplementationDescription("IOP " + serviceName + " FHIR R4 (US Core 6.1.0)");
        setServerName("IOP Platform");
        providers.forEach(this::registerProvider);
        registerInterceptor(access);
        registerInterceptor(errors);
        registerInterceptor(new UsCoreCapabilities(providers.stream().toList()));
    }
}
