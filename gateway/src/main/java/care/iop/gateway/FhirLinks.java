package care.iop.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hl7.fhir.r4.model.Bundle;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;

/**
 * The gateway's public FHIR base in place of the base an owning service built its links from. A service's HAPI server
 * writes absolute URLs — a Bundle's {@code link.url} and {@code entry.fullUrl}, a {@code Location} or
 * {@code Content-Location} — from the address it was asked at: its own origin when the gateway called it directly
 * (fan-out searches, the CapabilityStatement), or the Host the caller gave the gateway, which the reverse proxy passes
 * on. Either is rewritten to the public base ({@code gateway.public-url}, else the request's own scheme and Host)
 * followed by the same {@code /fhir/r4/...} path and query. URLs naming anything else are left alone.
 *
 * <p>Why the gateway rewrites rather than asking the services to build public URLs from {@code X-Forwarded-Host} and
 * {@code X-Forwarded-Prefix}: the services believe only {@code X-Forwarded-For} and {@code X-Forwarded-Proto} from
 * the gateway (their {@code quarkus.http.proxy} settings), and a public URL with a path prefix would need every
 * service to honour the prefix as well. Rewriting at the one place that knows the public URL keeps the services'
 * configuration out of it.
 *
 * @param publicBase       the public base without {@code /fhir/r4} and without a trailing slash ("" when unknown:
 *                         links become paths, which clients resolve against the gateway they asked)
 * @param owners           the services' origins ({@code gateway.routes.*.url})
 * @param requestAuthority the Host the caller sent the gateway (null when none)
 */
record FhirLinks(String publicBase, Collection<URI> owners, String requestAuthority) {

    FhirLinks {
        publicBase = publicBase == null ? "" : publicBase.replaceAll("/+$", "");
    }

    /** The links of one request to the gateway. */
    static FhirLinks of(HttpServerRequest request, GatewayConfig config) {
        return new FhirLinks(PublicUrl.base(request, config.publicUrl()),
                config.routes().values().stream().map(GatewayConfig.Route::url).toList(),
                request.authority() == null ? null : request.authority().toString());
    }

    /** {@code url} on the public base when it names a service's or this request's own {@code /fhir/r4}. */
    String rewrite(String url) {
        if (url == null || url.isEmpty()) {
            return url;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return url;
        }
        String path = uri.getRawPath();
        if (!uri.isAbsolute() || uri.getHost() == null || path == null
                || !(path.equals(FhirRoute.BASE) || path.startsWith(FhirRoute.BASE + "/"))) {
            return url;
        }
        if (owners.stream().noneMatch(origin -> sameOrigin(origin, uri)) && !isRequestAuthority(uri)) {
            return url;
        }
        return publicBase + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }

    /** The public URL of a path under the FHIR base ({@code /fhir/r4/...}). */
    String publicUrl(String path) {
        return publicBase + path;
    }

    /** A HAPI Bundle's links, entries' full URLs and response locations, rewritten in place. */
    void rewrite(Bundle bundle) {
        bundle.getLink().forEach(link -> link.setUrl(rewrite(link.getUrl())));
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.hasFullUrl()) {
                entry.setFullUrl(rewrite(entry.getFullUrl()));
            }
            if (entry.hasResponse() && entry.getResponse().hasLocation()) {
                entry.getResponse().setLocation(rewrite(entry.getResponse().getLocation()));
            }
        }
    }

    /**
     * A JSON answer passed through from one service: when it is a Bundle, its {@code link[].url},
     * {@code entry[].fullUrl} and {@code entry[].response.location} rewritten; anything else (a single resource, an
     * OperationOutcome, something that is not JSON) unchanged. The resources themselves are not touched: their
     * references are relative.
     */
    Buffer rewriteBundle(Buffer body) {
        JsonObject bundle;
        try {
            bundle = body.toJsonObject();
        } catch (RuntimeException notJson) {
            return body;
        }
        if (bundle == null || !"Bundle".equals(bundle.getValue("resourceType"))) {
            return body;
        }
        for (Object link : array(bundle, "link")) {
            if (link instanceof JsonObject l && l.getValue("url") instanceof String url) {
                l.put("url", rewrite(url));
            }
        }
        for (Object item : array(bundle, "entry")) {
            if (!(item instanceof JsonObject entry)) {
                continue;
            }
            if (entry.getValue("fullUrl") instanceof String fullUrl) {
                entry.put("fullUrl", rewrite(fullUrl));
            }
            if (entry.getValue("response") instanceof JsonObject response
                    && response.getValue("location") instanceof String location) {
                response.put("location", rewrite(location));
            }
        }
        return bundle.toBuffer();
    }

    private static JsonArray array(JsonObject object, String name) {
        return object.getValue(name) instanceof JsonArray a ? a : new JsonArray();
    }

    private boolean isRequestAuthority(URI uri) {
        if (requestAuthority == null || requestAuthority.isBlank()) {
            return false;
        }
        URI authority;
        try {
            authority = new URI("http://" + requestAuthority);
        } catch (Exception e) {
            return false;
        }
        if (authority.getHost() == null || !authority.getHost().equalsIgnoreCase(uri.getHost())) {
            return false;
        }
        // The scheme may differ (the services take it from X-Forwarded-Proto); a Host without a port matches the
        // scheme's default port.
        return authority.getPort() < 0 ? uri.getPort() < 0 || uri.getPort() == 80 || uri.getPort() == 443
                : authority.getPort() == port(uri);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getHost() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
