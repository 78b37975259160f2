package care.iop.gateway;

import ca.uhn.fhir.parser.DataFormatException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * The FHIR R4 API at {@code /fhir/r4} (issue #18): each service serves FHIR for the records it holds, and the gateway
 * makes them one server.
 * <ul>
 * <li>{@code metadata}: one CapabilityStatement merged from the services' own ({@link FhirCapabilities}), asked of
 * them without a token and kept briefly; no token needed.</li>
 * <li>{@code .well-known/smart-configuration}: SMART discovery ({@link SmartConfiguration}); no token needed.</li>
 * <li>a type one service holds, or a read, update or history by id: streamed to the owner by {@link ApiProxy} (same
 * token check, rate limit, breaker, timeouts, request id), links put on the public URL ({@link FhirLinks}).</li>
 * <li>a search of a type two services hold ({@code GET /fhir/r4/<Type>?...}, {@code POST /fhir/r4/<Type>/_search}):
 * asked of both with the caller's token and merged ({@link FhirSearch}); either owner's error is the answer.</li>
 * </ul>
 * Everything the gateway refuses here is an OperationOutcome ({@link Problems} answers in the path's protocol).
 */
@ApplicationScoped
public class FhirGateway {

    private static final Logger LOG = Logger.getLogger(FhirGateway.class);
    static final String FHIR_JSON = "application/fhir+json";
    /** While a service is not answering, the merged statement is kept at most this long. */
    static final long PARTIAL_METADATA_MS = 5_000;
    /** Request headers a fan-out search does not copy: connection-level ones, and those the client sets itself. */
    /**
     * Hop-by-hop and forwarding headers, and Accept-Encoding: the owners' answers to a fanned-out search are read and
     * merged here, and HAPI gzips its answer when the caller accepts it (a compressed Bundle is not JSON to parse).
     */
    private static final Set<String> NOT_COPIED = Set.of("accept-encoding", "host", "connection", "keep-alive",
            "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authorization", "proxy-connection", "content-length", "expect", "forwarded",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix");

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    @Inject
    ApiProxy proxy;

    @Inject
    EdgeAuth auth;

    @Inject
    RateLimiter limiter;

    @Inject
    CircuitBreakers breakers;

    @Inject
    ServiceCalls services;

    @ConfigProperty(name = "quarkus.oidc.token.issuer")
    Optional<String> tokenIssuer;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> authServerUrl;

    /** The services' merged resource entries and who did not answer, and until when they are kept. */
    private record Merged(List<CapabilityStatementRestResourceComponent> resources, List<String> unavailable,
                          long until) {
    }

    private volatile Merged merged;
    private Future<Merged> merging;

    void routes(@Observes Router router) {
        router.route("/fhir/*").failureHandler(proxy::failure);
        router.route("/fhir/*").handler(this::handle);
        router.route("/fhir").handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        RequestIds.of(rc);
        String method = rc.request().method().name();
        FhirRoute.Decision decision = FhirRoute.of(method, rc.request().path());
        switch (decision.kind()) {
            case METADATA -> metadata(rc);
            case SMART_CONFIGURATION -> smartConfiguration(rc);
            case REFUSE -> {
                if (decision.allow() != null) {
                    rc.response().putHeader("Allow", decision.allow());
                }
                Problems.send(rc, decision.status(), decision.slug(),
                        decision.status() == 404 ? "Not found" : "Method not allowed", decision.detail());
            }
            case PROXY -> {
                if (!proxy.refusedOversized(rc)) {
                    auth.authenticate(rc, identity -> proxy.forward(rc, decision.areas().get(0), identity));
                }
            }
            case FAN_OUT -> {
                if (!proxy.refusedOversized(rc)) {
                    auth.authenticate(rc, identity -> search(rc, decision, identity));
                }
            }
        }
    }

    // --- searches of a type two services hold -------------------------------------------------------------------

    private void search(RoutingContext rc, FhirRoute.Decision decision, SecurityIdentity identity) {
        if (!limiter.admit(rc, identity)) {
            return;
        }
        for (String area : decision.areas()) {
            if (!breakers.allows(area)) {
                rc.response().putHeader("Retry-After", Long.toString(config.breaker().openFor().toSeconds()));
                Problems.send(rc, 503, "service-unavailable", "Service unavailable",
                        "The " + area + " service is failing; calls are paused briefly. Retry shortly");
                return;
            }
        }
        boolean post = rc.request().method() == HttpMethod.POST;
        if (!post) {
            rc.request().resume();
            ask(rc, decision, false, null);
            return;
        }
        long limit = config.maxBodySize().asLongValue();
        Buffer form = Buffer.buffer();
        rc.request().handler(chunk -> {
            if (form.length() + chunk.length() > limit) {
                Problems.send(rc, 413, "payload-too-large", "Payload too large",
                        "The body exceeds the size limit of " + limit + " bytes");
            } else if (!rc.response().ended()) {
                form.appendBuffer(chunk);
            }
        });
        rc.request().exceptionHandler(failure -> Problems.send(rc, 400, "bad-request", "Bad request",
                "The body could not be read"));
        rc.request().endHandler(end -> {
            if (!rc.response().ended()) {
                ask(rc, decision, true, form);
            }
        });
        rc.request().resume();
    }

    private void ask(RoutingContext rc, FhirRoute.Decision decision, boolean post, Buffer form) {
        String query = rc.request().query();
        String uri = rc.request().path() + (query == null || query.isEmpty() ? "" : "?" + query);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        rc.request().headers().forEach(h -> {
            if (!NOT_COPIED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        headers.set(RequestIds.HEADER, RequestIds.of(rc));
        headers.set(RequestIds.FORWARDED_FOR, RequestIds.clientAddress(rc));
        headers.set("X-Forwarded-Proto", rc.request().scheme());
        if (rc.request().authority() != null) {
            headers.set("X-Forwarded-Host", rc.request().authority().toString());
        }
        List<Future<ServiceCalls.Answer>> answers = new ArrayList<>();
        for (String area : decision.areas()) {
            long timeout = config.routes().get(area).timeout().toMillis();
            answers.add(services.send(area, post ? HttpMethod.POST : HttpMethod.GET, uri, headers, form, timeout));
        }
        Future.join(new ArrayList<>(answers)).onComplete(done -> {
            for (int i = 0; i < answers.size(); i++) {
                String area = decision.areas().get(i);
                Future<ServiceCalls.Answer> answer = answers.get(i);
                if (answer.failed() || (answer.result().status() >= 502 && answer.result().status() <= 504)) {
                    breakers.failed(area);
                } else {
                    breakers.succeeded(area);
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).failed()) {
                    unreachable(rc, decision.areas().get(i), answers.get(i).cause());
                    return;
                }
            }
            for (Future<ServiceCalls.Answer> answer : answers) {
                if (answer.result().status() != 200) {
                    passOn(rc, answer.result());
                    return;
                }
            }
            FhirLinks links = FhirLinks.of(rc.request(), config);
            FhirSearch.Query asked = FhirSearch.Query.of(query, post && form != null ? form.toString() : null);
            String searchPath = FhirRoute.BASE + "/" + decision.type();
            vertx.executeBlocking(() -> {
                List<Bundle> bundles = new ArrayList<>();
                for (Future<ServiceCalls.Answer> answer : answers) {
                    bundles.add(Fhir.json().parseResource(Bundle.class, answer.result().body().toString()));
                }
                return Buffer.buffer(Fhir.json().encodeResourceToString(
                        FhirSearch.merge(bundles, asked, searchPath, links)));
            }, false).onSuccess(merged -> rc.response().setStatusCode(200).putHeader("Content-Type", FHIR_JSON)
                    .end(merged)).onFailure(failure -> {
                        LOG.warnf("a search answer of %s could not be read, request=%s: %s", decision.type(),
                                RequestIds.of(rc), failure instanceof DataFormatException
                                        ? "not a FHIR Bundle" : failure.getClass().getName());
                        Problems.send(rc, 502, "bad-gateway", "Bad gateway",
                                "A service answered the search with something that is not a FHIR Bundle");
                    });
        });
    }

    /** A service's refusal or failure is the answer, as it gave it (an OperationOutcome from its FHIR server). */
    private static void passOn(RoutingContext rc, ServiceCalls.Answer answer) {
        var response = rc.response().setStatusCode(answer.status());
        for (String header : List.of("Content-Type", "WWW-Authenticate", "Retry-After")) {
            String value = answer.headers().get(header);
            if (value != null) {
                response.putHeader(header, value);
            }
        }
        response.end(answer.body());
    }

    private static void unreachable(RoutingContext rc, String area, Throwable failure) {
        boolean timedOut = failure instanceof TimeoutException
                || String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT).contains("timeout");
        LOG.warnf("%s service %s for request %s", area, timedOut ? "timed out" : "unreachable", RequestIds.of(rc));
        if (timedOut) {
            Problems.send(rc, 504, "gateway-timeout", "Gateway timeout",
                    "The " + area + " service did not answer the search in time; retry shortly");
        } else {
            rc.response().putHeader("Retry-After", "5");
            Problems.send(rc, 503, "service-unavailable", "Service unavailable",
                    "The " + area + " service cannot be reached; retry shortly");
        }
    }

    // --- the CapabilityStatement -----------------------------------------------------------------------------------

    private void metadata(RoutingContext rc) {
        FhirLinks links = FhirLinks.of(rc.request(), config);
        mergedStatements().onComplete(done -> {
            Merged m = done.succeeded() ? done.result() : null;
            if (m == null || m.resources().isEmpty() && m.unavailable().size() == config.routes().size()) {
                rc.response().putHeader("Retry-After", "5");
                Problems.send(rc, 503, "service-unavailable", "Service unavailable",
                        "No service answered for its FHIR capabilities; retry shortly");
                return;
            }
            CapabilityStatement statement = FhirCapabilities.statement(m.resources(), m.unavailable(),
                    links.publicUrl(FhirRoute.BASE), issuer().map(SmartConfiguration::endpoints)
                            .orElse(new FhirCapabilities.Oauth(null, null, null, null)), new Date());
            rc.response().setStatusCode(200).putHeader("Content-Type", FHIR_JSON)
                    .end(Fhir.json().encodeResourceToString(statement));
        });
    }

    /** The kept merge while it is fresh; else one new round of asking the services (shared by concurrent callers). */
    private synchronized Future<Merged> mergedStatements() {
        Merged kept = merged;
        if (kept != null && System.currentTimeMillis() < kept.until()) {
            return Future.succeededFuture(kept);
        }
        if (merging == null) {
            merging = askServices().andThen(done -> {
                synchronized (this) {
                    merging = null;
                    if (done.succeeded() && done.result().unavailable().size() < config.routes().size()) {
                        merged = done.result();
                    }
                }
            });
        }
        return merging;
    }

    private Future<Merged> askServices() {
        Map<String, GatewayConfig.Route> routes = new TreeMap<>(config.routes());
        Map<String, Future<ServiceCalls.Answer>> answers = new LinkedHashMap<>();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", FHIR_JSON);
        long timeout = config.fhir().metadataTimeout().toMillis();
        routes.keySet().forEach(area -> answers.put(area, breakers.allows(area)
                ? services.send(area, HttpMethod.GET, FhirRoute.BASE + "/" + FhirRoute.METADATA, headers, null,
                timeout) : Future.failedFuture("breaker open")));
        return Future.join(new ArrayList<>(answers.values())).transform(done -> vertx.executeBlocking(() -> {
            Map<String, CapabilityStatement> statements = new LinkedHashMap<>();
            List<String> unavailable = new ArrayList<>();
            answers.forEach((area, answer) -> {
                CapabilityStatement statement = answer.succeeded() && answer.result().status() == 200
                        ? parse(area, answer.result().body()) : null;
                if (statement == null) {
                    unavailable.add(area);
                } else {
                    statements.put(area, statement);
                }
            });
            long keep = config.fhir().metadataCacheFor().toMillis();
            if (!unavailable.isEmpty()) {
                keep = Math.min(keep, PARTIAL_METADATA_MS);
                LOG.infof("FHIR CapabilityStatement without %s (not answering)", unavailable);
            }
            return new Merged(FhirCapabilities.resources(statements), List.copyOf(unavailable),
                    System.currentTimeMillis() + keep);
        }, false));
    }

    private static CapabilityStatement parse(String area, Buffer body) {
        try {
            return Fhir.json().parseResource(CapabilityStatement.class, body.toString());
        } catch (RuntimeException e) {
            LOG.warnf("the %s service's CapabilityStatement could not be read: %s", area, e.getClass().getName());
            return null;
        }
    }

    // --- SMART configuration ---------------------------------------------------------------------------------------

    private void smartConfiguration(RoutingContext rc) {
        Optional<String> issuer = issuer();
        if (issuer.isEmpty()) {
            Problems.send(rc, 404, "not-found", "Not found", "No authorization server is configured");
            return;
        }
        rc.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .end(SmartConfiguration.document(issuer.get()).toBuffer());
    }

    /** The realm's public issuer URL: gateway.oidc-public-url, else the token issuer, else the OIDC server URL. */
    Optional<String> issuer() {
        if (config.oidcPublicUrl().isPresent()) {
            return config.oidcPublicUrl().map(Object::toString);
        }
        Optional<String> issuer = tokenIssuer.filter(i -> !i.isBlank() && !i.equals("any"));
        return issuer.isPresent() ? issuer : authServerUrl.filter(u -> !u.isBlank());
    }
}
