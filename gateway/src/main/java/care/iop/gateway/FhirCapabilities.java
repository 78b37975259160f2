package care.iop.gateway;

import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ConditionalDeleteStatus;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceInteractionComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The platform's one CapabilityStatement, merged from the services' own (plain Java over HAPI's model, no I/O).
 *
 * <ul>
 * <li>A service's resource entry counts only for a type {@link FhirOwners} gives it: the gateway routes nothing else
 * to it.</li>
 * <li>A type two services hold is one entry: interactions by code, search parameters by name (the first owner's
 * definition wins), search includes and reverse includes, supported profiles and operations are the union; boolean
 * capabilities hold when either owner has them. What the gateway does not offer for such a type is taken out:
 * {@code create} and type-level history, conditional create, update and delete.</li>
 * <li>The statement itself is the gateway's: FHIR 4.0.1, JSON, instantiates US Core 6.1's server statement,
 * implementation URL the public FHIR base, one {@code rest} entry in server mode whose security names SMART on FHIR
 * with the authorization server's endpoints (the {@code oauth-uris} extension).</li>
 * </ul>
 */
final class FhirCapabilities {

    static final String US_CORE_SERVER = "http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server";
    static final String US_CORE_IG = "http://hl7.org/fhir/us/core/ImplementationGuide/hl7.fhir.us.core|6.1.0";
    static final String SECURITY_SERVICE = "http://terminology.hl7.org/CodeSystem/restful-security-service";
    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private FhirCapabilities() {
    }

    /**
     * The resource entries of the services' statements, one per type, sorted by type.
     *
     * @param byArea each answering service's statement, by area (a service that did not answer is absent)
     */
    static List<CapabilityStatementRestResourceComponent> resources(Map<String, CapabilityStatement> byArea) {
        Map<String, List<CapabilityStatementRestResourceComponent>> byType = new TreeMap<>();
        Map<String, List<String>> holders = new TreeMap<>();
        // Owner order (FhirOwners), so that the first owner's definitions win the same way every time.
        for (String type : FhirOwners.types()) {
            for (FhirOwners.Owner owner : FhirOwners.owners(type)) {
                CapabilityStatement statement = byArea.get(owner.area());
                if (statement == null) {
                    continue;
                }
                for (CapabilityStatementRestComponent rest : statement.getRest()) {
                    if (rest.getMode() != CapabilityStatement.RestfulCapabilityMode.SERVER) {
                        continue;
                    }
                    for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                        if (type.equals(resource.getType())) {
                            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(resource);
                            holders.computeIfAbsent(type, t -> new ArrayList<>()).add(owner.area());
                        }
                    }
                }
            }
        }
        List<CapabilityStatementRestResourceComponent> merged = new ArrayList<>();
        byType.forEach((type, entries) -> merged.add(merge(type, entries, holders.get(type))));
        return merged;
    }

    static CapabilityStatementRestResourceComponent merge(String type,
                                                          List<CapabilityStatementRestResourceComponent> entries,
                                                          List<String> areas) {
        CapabilityStatementRestResourceComponent target = entries.get(0).copy();
        for (CapabilityStatementRestResourceComponent other : entries.subList(1, entries.size())) {
            for (ResourceInteractionComponent interaction : other.getInteraction()) {
                if (target.getInteraction().stream().noneMatch(i -> i.getCode() == interaction.getCode())) {
                    target.addInteraction(interaction.copy());
                }
            }
            for (var param : other.getSearchParam()) {
                if (target.getSearchParam().stream().noneMatch(p -> Objects.equals(p.getName(), param.getName()))) {
                    target.addSearchParam(param.copy());
                }
            }
            for (StringType include : other.getSearchInclude()) {
                if (target.getSearchInclude().stream().noneMatch(i -> Objects.equals(i.getValue(), include.getValue()))) {
                    target.addSearchInclude(include.getValue());
                }
            }
            for (StringType include : other.getSearchRevInclude()) {
                if (target.getSearchRevInclude().stream()
                        .noneMatch(i -> Objects.equals(i.getValue(), include.getValue()))) {
                    target.addSearchRevInclude(include.getValue());
                }
            }
            for (CanonicalType profile : other.getSupportedProfile()) {
                if (target.getSupportedProfile().stream()
                        .noneMatch(p -> Objects.equals(p.getValue(), profile.getValue()))) {
                    target.addSupportedProfile(profile.getValue());
                }
            }
            for (var operation : other.getOperation()) {
                if (target.getOperation().stream().noneMatch(o -> Objects.equals(o.getName(), operation.getName()))) {
                    target.addOperation(operation.copy());
                }
            }
            for (Extension extension : other.getExtension()) {
                if (target.getExtension().stream().noneMatch(e -> e.equalsDeep(extension))) {
                    target.addExtension(extension.copy());
                }
            }
            if (!target.hasProfile() && other.hasProfile()) {
                target.setProfileElement(other.getProfileElement().copy());
            }
            if (other.getReadHistory()) {
                target.setReadHistory(true);
            }
            if (other.getUpdateCreate()) {
                target.setUpdateCreate(true);
            }
            if (!target.hasConditionalRead() && other.hasConditionalRead()) {
                target.setConditionalRead(other.getConditionalRead());
            }
            for (var policy : other.getReferencePolicy()) {
                if (target.getReferencePolicy().stream().noneMatch(p -> p.getValue() == policy.getValue())) {
                    target.addReferencePolicy(policy.getValue());
                }
            }
        }
        List<FhirOwners.Owner> owners = FhirOwners.owners(type);
        if (owners.size() > 1) {
            target.getInteraction().removeIf(i -> i.getCode() == TypeRestfulInteraction.CREATE
                    || i.getCode() == TypeRestfulInteraction.HISTORYTYPE);
            target.setConditionalCreate(false);
            target.setConditionalUpdate(false);
            target.setConditionalDelete(ConditionalDeleteStatus.NOTSUPPORTED);
            List<String> held = new ArrayList<>();
            for (FhirOwners.Owner owner : owners) {
                held.add(owner.area() + " (ids " + owner.idPrefix() + "…)"
                        + (areas.contains(owner.area()) ? "" : " [not answering now]"));
            }
            target.setDocumentation("Held by two services: " + String.join(" and ", held) + ". A search answers "
                    + "from both; a read, update or history by id goes to the service the id's prefix names; "
                    + "creating one is not offered here."
                    + (target.hasDocumentation() ? " " + target.getDocumentation() : ""));
        }
        target.getInteraction().sort((a, b) -> a.getCode().compareTo(b.getCode()));
        return target;
    }

    /** The SMART endpoints the statement's security names. */
    record Oauth(String token, String authorize, String revoke, String introspect) {
    }

    /**
     * The statement for one answer.
     *
     * @param unavailable the areas that did not answer, named in {@code implementation.description}
     */
    static CapabilityStatement statement(List<CapabilityStatementRestResourceComponent> resources,
                                         List<String> unavailable, String fhirBase, Oauth oauth, Date date) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDate(date);
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.setName("IopPlatformFhirServer");
        cs.setTitle("IOP Platform FHIR R4 API");
        cs.setPublisher("IOP Platform");
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.addFormat("json");
        cs.addInstantiates(US_CORE_SERVER);
        cs.addImplementationGuide(US_CORE_IG);
        cs.getSoftware().setName("IOP Platform gateway");
        String description = "IOP Platform FHIR R4 (US Core 6.1.0): the records of five services through one gateway";
        if (!unavailable.isEmpty()) {
            description += ". Not answering now, so left out of this statement: " + String.join(", ", unavailable)
                    + " (its resource types, or its share of a type two services hold)";
        }
        cs.getImplementation().setDescription(description).setUrl(fhirBase);

        CapabilityStatementRestComponent rest = cs.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.setDocumentation("Every interaction but this statement and " + FhirRoute.SMART_CONFIGURATION
                + " needs a bearer token. Searches page with _count and _offset.");
        var security = rest.getSecurity().setCors(true)
                .setDescription("OAuth 2.0 bearer tokens from the platform's authorization server (SMART App Launch "
                        + "2.0). System clients use SMART Backend Services: the client-credentials grant with "
                        + "system/<Type>.<permissions> scopes. Discovery: " + fhirBase + "/"
                        + FhirRoute.SMART_CONFIGURATION);
        security.addService().setText("OAuth2 using SMART-on-FHIR profile (see https://hl7.org/fhir/smart-app-launch/)")
                .addCoding().setSystem(SECURITY_SERVICE).setCode("SMART-on-FHIR").setDisplay("SMART-on-FHIR");
        Extension uris = security.addExtension().setUrl(OAUTH_URIS);
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("token", oauth.token());
        endpoints.put("authorize", oauth.authorize());
        endpoints.put("revoke", oauth.revoke());
        endpoints.put("introspect", oauth.introspect());
        endpoints.forEach((name, url) -> {
            if (url != null) {
                uris.addExtension(name, new UriType(url));
            }
        });
        resources.forEach(r -> rest.addResource(r.copy()));
        return cs;
    }
}
