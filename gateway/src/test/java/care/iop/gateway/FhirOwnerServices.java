package care.iop.gateway;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceFactory;

import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The five services' FHIR servers in miniature, one real HTTP server per service, each answering for the types
 * {@link FhirOwners} gives it the way HAPI's plain server does: the base URL of its links taken from the Host it was
 * asked at (and X-Forwarded-Proto), searches paged with {@code _offset}/{@code _count}, a CapabilityStatement at
 * {@code metadata}. The notes service is down (its URL names a port nothing listens on).
 *
 * <ul>
 * <li>Search ({@code GET /fhir/r4/<Type>}, {@code POST .../_search}): a searchset of the service's records of that type
 * ({@link #RECORDS} per service, ids with its prefix), {@code total}, {@code self} and {@code next} links.
 * {@code fail=<area>} makes that service refuse with a 403 OperationOutcome; {@code slow=<area>} makes it answer
 * after 3 s.</li>
 * <li>Anything else: an echo ({@code owner}, method, path, query, headers, body) as {@code application/fhir+json};
 * a POST answers 201 with {@code Location} and {@code Content-Location} on the service's own base.</li>
 * <li>{@code GET /test/seen-search}: what the last search asked of this service looked like.
 * {@code GET /test/metadata-fails?on=true|false}: make every service's {@code metadata} fail (500).</li>
 * </ul>
 */
public class FhirOwnerServices implements QuarkusTestResourceLifecycleManager {

    static final String PUBLIC_URL = "https://fhir.example.org/iop";
    static final String PUBLIC_FHIR = PUBLIC_URL + "/fhir/r4";
    static final List<String> UP = List.of("intake", "scheduling", "medications", "aftercare");

    /** How many records of each of its types a service holds: intake has three screenings, medications one screen. */
    static final Map<String, Integer> RECORDS = Map.of("intake", 3, "scheduling", 2, "medications", 1, "aftercare", 2);

    private static volatile boolean metadataFails;

    private Vertx vertx;
    private final List<HttpServer> servers = new ArrayList<>();
    private final Map<String, JsonObject> lastSearch = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String area : UP) {
            HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body ->
                    answer(area, req, body.toString())));
            try {
                server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("owner " + area + " did not start", e);
            }
            servers.add(server);
            config.put("gateway.routes." + area + ".url", "http://127.0.0.1:" + server.actualPort());
        }
        config.put("gateway.routes.notes.url", "http://127.0.0.1:" + freePort());
        config.put("gateway.routes.scheduling.timeout", "1s");
        config.put("gateway.public-url", PUBLIC_URL);
        config.put("gateway.fhir.metadata-cache-for", "1s");
        config.put("gateway.fhir.metadata-timeout", "2s");
        config.put("gateway.rate-limit.capacity", "10");
        config.put("gateway.rate-limit.refill-per-second", "1");
        config.put("gateway.rate-limit.client-capacity", "1000");
        config.put("gateway.rate-limit.client-refill-per-second", "100");
        config.put("gateway.rate-limit.address-capacity", "40");
        config.put("gateway.rate-limit.address-refill-per-second", "10");
        config.put("gateway.breaker.failures", "50");
        return config;
    }

    private void answer(String area, HttpServerRequest req, String body) {
        String path = req.path();
        if (path.equals("/test/seen-search")) {
            req.response().putHeader("Content-Type", "application/json")
                    .end(lastSearch.getOrDefault(area, new JsonObject()).encode());
            return;
        }
        if (path.equals("/test/metadata-fails")) {
            metadataFails = Boolean.parseBoolean(req.getParam("on"));
            req.response().end();
            return;
        }
        String base = (req.getHeader("X-Forwarded-Proto") != null ? req.getHeader("X-Forwarded-Proto") : "http")
                + "://" + req.getHeader("Host") + "/fhir/r4";
        if (path.equals("/fhir/r4/metadata")) {
            if (metadataFails) {
                req.response().setStatusCode(500).end();
            } else {
                fhir(req, 200, capabilities(area));
            }
            return;
        }
        String[] segments = path.substring("/fhir/r4/".length()).split("/");
        boolean search = (segments.length == 1 && req.method().name().equals("GET"))
                || (segments.length == 2 && segments[1].equals("_search"));
        Map<String, String> params = params(req.query(), req.method().name().equals("POST") ? body : null);
        Runnable respond = () -> {
            if (search) {
                lastSearch.put(area, echo(area, req, body));
                if (area.equals(params.get("fail"))) {
                    OperationOutcome refused = new OperationOutcome();
                    refused.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                            .setCode(OperationOutcome.IssueType.FORBIDDEN)
                            .setDiagnostics("The token's scopes do not include system/" + segments[0] + ".rs");
                    fhir(req, 403, refused);
                } else {
                    fhir(req, 200, searchset(area, segments[0], base, params));
                }
                return;
            }
            var response = req.response().putHeader("Content-Type", "application/fhir+json")
                    .putHeader("ETag", "W/\"2\"").putHeader("Last-Modified", "Sat, 05 Dec 2026 10:00:00 GMT");
            if (req.method().name().equals("POST")) {
                response.setStatusCode(201).putHeader("Location", base + "/" + segments[0] + "/p-1/_history/1")
                        .putHeader("Content-Location", base + "/" + segments[0] + "/p-1/_history/1");
            }
            response.end(echo(area, req, body).encode());
        };
        if (area.equals(params.get("slow"))) {
            vertx.setTimer(3_000, t -> respond.run());
        } else {
            respond.run();
        }
    }

    private static JsonObject echo(String area, HttpServerRequest req, String body) {
        JsonObject headers = new JsonObject();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        return new JsonObject().put("resourceType", "Basic").put("owner", area).put("method", req.method().name())
                .put("path", req.path()).put("query", req.query()).put("headers", headers).put("body", body);
    }

    private static void fhir(HttpServerRequest req, int status, Resource resource) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/fhir+json")
                .end(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resource));
    }

    /** Query and form parameters, decoded (last one wins). */
    static Map<String, String> params(String query, String form) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : new String[]{query, form}) {
            if (part == null || part.isBlank()) {
                continue;
            }
            for (String piece : part.split("&")) {
                int eq = piece.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? piece : piece.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(eq < 0 ? "" : piece.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** The service's records of {@code type}, one page, with links built from its own base as HAPI builds them. */
    private static Bundle searchset(String area, String type, String base, Map<String, String> params) {
        String prefix = FhirOwners.idPrefix(area, type).orElse("");
        int total = RECORDS.get(area);
        int offset = params.containsKey("_offset") ? Integer.parseInt(params.get("_offset")) : 0;
        int count = params.containsKey("_count") ? Integer.parseInt(params.get("_count")) : 20;
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(total);
        for (int i = offset; i < Math.min(total, offset + count); i++) {
            Resource resource = (Resource) ResourceFactory.createResource(type);
            resource.setId(prefix + area + "-" + (i + 1));
            if (resource instanceof Observation observation) {
                observation.setStatus(Observation.ObservationStatus.FINAL);
            }
            bundle.addEntry().setFullUrl(base + "/" + type + "/" + resource.getIdElement().getIdPart())
                    .setResource(resource).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        String kept = params.entrySet().stream().filter(e -> !e.getKey().startsWith("_"))
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "&" + b).orElse("");
        String query = (kept.isEmpty() ? "" : kept + "&") + "_count=" + count;
        bundle.addLink().setRelation("self").setUrl(base + "/" + type + "?" + query + "&_offset=" + offset);
        if (offset + count < total) {
            bundle.addLink().setRelation("next").setUrl(base + "/" + type + "?" + query + "&_offset=" + (offset + count));
        }
        return bundle;
    }

    /**
     * A service's statement: its types (as FhirOwners has them) with read and search, plus for the shared types
     * what differs per owner; intake also lists a type the gateway does not route (OperationDefinition).
     */
    static CapabilityStatement capabilities(String area) {
        CapabilityStatement cs = new CapabilityStatement().setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE)
                .setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.addFormat("json");
        var rest = cs.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
        for (String type : FhirOwners.types()) {
            if (!FhirOwners.owns(area, type)) {
                continue;
            }
            CapabilityStatementRestResourceComponent r = rest.addResource().setType(type);
            r.addInteraction().setCode(TypeRestfulInteraction.READ);
            r.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
            r.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE);
            r.addSearchParam().setName("_id").setType(Enumerations.SearchParamType.TOKEN);
            r.addSupportedProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-" + type.toLowerCase());
            if (type.equals("Patient")) {
                r.addInteraction().setCode(TypeRestfulInteraction.CREATE);
                r.addInteraction().setCode(TypeRestfulInteraction.UPDATE);
                r.setConditionalUpdate(true);
            }
            if (type.equals("Observation") && area.equals("intake")) {
                r.addInteraction().setCode(TypeRestfulInteraction.CREATE);
                r.addSearchParam().setName("category").setType(Enumerations.SearchParamType.TOKEN);
                r.addSearchInclude("Observation:patient");
                r.getSupportedProfile().clear();
                r.addSupportedProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-screening-assessment");
            }
            if (type.equals("Observation") && area.equals("medications")) {
                r.addInteraction().setCode(TypeRestfulInteraction.VREAD);
                r.addSearchParam().setName("code").setType(Enumerations.SearchParamType.TOKEN);
                r.addSearchParam().setName("date").setType(Enumerations.SearchParamType.DATE);
                r.addSearchInclude("Observation:patient");
                r.addSearchInclude("Observation:specimen");
                r.getSupportedProfile().clear();
                r.addSupportedProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab");
                r.setReadHistory(true);
            }
        }
        if (area.equals("intake")) {
            rest.addResource().setType("OperationDefinition").addInteraction().setCode(TypeRestfulInteraction.READ);
        }
        return cs;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
