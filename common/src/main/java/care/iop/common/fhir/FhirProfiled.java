package care.iop.common.fhir;

import ca.uhn.fhir.rest.server.IResourceProvider;

import java.util.List;

/**
 * A resource provider of this platform: a CDI bean ({@code @Singleton}: HAPI reads the annotations of the class it is
 * given, which a client proxy would hide) that the service's FHIR server picks up, naming the US Core profiles its
 * resources claim, for the CapabilityStatement.
 */
public interface FhirProfiled extends IResourceProvider {

    List<String> supportedProfiles();
}
