package care.iop.common.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

import java.util.List;

/** The CapabilityStatement HAPI builds from the providers, plus what US Core asks a server to say about itself. */
@Interceptor
public class UsCoreCapabilities {

    public static final String US_CORE_SERVER = "http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server";

    private final List<FhirProfiled> providers;

    UsCoreCapabilities(List<FhirProfiled> providers) {
        this.providers = providers;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void describe(IBaseConformance generated) {
        CapabilityStatement statement = (CapabilityStatement) generated;
        statement.addInstantiates(US_CORE_SERVER);
        for (var rest : statement.getRest()) {
            for (var resource : rest.getResource()) {
                providers.stream()
                        .filter(p -> p.getResourceType().getSimpleName().equals(resource.getType()))
                        .flatMap(p -> p.supportedProfiles().stream())
                        .distinct()
                        .forEach(profile -> resource.addSupportedProfile(profile));
            }
        }
    }
}
