package care.iop.gateway;

import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The gateway's public address in place of a service's own: a {@code Location} naming a service's internal origin
 * ({@code http://127.0.0.1:8082/api/v1/...}) is rewritten to the configured public base URL, or else to the
 * request's own scheme and host (which Quarkus takes from forwarded headers only from trusted proxies).
 */
final class PublicUrl {

    private PublicUrl() {
    }

    /** The base a client reaches the gateway at: the configured one, else the request's own ("" if unknown). */
    static String base(HttpServerRequest request, Optional<URI> publicUrl) {
        return publicUrl.map(URI::toString).orElseGet(() -> request.authority() == null ? ""
                : request.scheme() + "://" + request.authority());
    }

    /** {@code location} on {@code base} when it names one of the services' origins; otherwise as it is. */
    static String rewrite(String location, String base, Collection<URI> serviceOrigins) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (Exception e) {
            return location;
        }
        if (!uri.isAbsolute() || serviceOrigins.stream().noneMatch(origin -> sameOrigin(origin, uri))) {
            return location;
        }
        String rest = (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        // Without a public URL or a Host, a path alone: clients resolve it against the gateway they asked.
        return base.replaceAll("/+$", "") + rest;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getHost() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().toLowerCase(Locale.ROOT).equals(String.valueOf(b.getHost()).toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
