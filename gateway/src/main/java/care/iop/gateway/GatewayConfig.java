package care.iop.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of the gateway ({@code gateway.*}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Where each area lives: {@code /api/v1/<area>/**} goes to that service. */
    Map<String, Route> routes();

    RateLimit rateLimit();

    /**
     * Bodies larger than this (by Content-Length) are refused here with a problem document. The HTTP server's own
     * limit sits above it, as the backstop for bodies without a length.
     */
    @WithDefault("1M")
    MemorySize maxBodySize();

    Breaker breaker();

    /**
     * The gateway's public base URL (e.g. {@code https://api.example.org}), used where a service's answer names its
     * own address ({@code Location}). Without it, the request's own scheme and host, which Quarkus takes from
     * forwarded headers only when {@code quarkus.http.proxy.*} trusts the proxy that sent them.
     */
    Optional<URI> publicUrl();

    /**
     * The authorization server's public issuer URL (the realm, e.g. {@code https://login.example.org/realms/iop}),
     * which {@code /fhir/r4/.well-known/smart-configuration} and the CapabilityStatement name to clients. Without it,
     * {@code quarkus.oidc.token.issuer} (the issuer tokens carry, which is the public one), else
     * {@code quarkus.oidc.auth-server-url} (which may be an internal address: set this when they differ and the issuer
     * is not configured).
     */
    Optional<URI> oidcPublicUrl();

    FhirSettings fhir();

    /** The FHIR R4 API at {@code /fhir/r4} (issue #18). */
    interface FhirSettings {
        /**
         * How long the merged CapabilityStatement is kept before the services are asked again; while a service is not
         * answering, at most 5 s, so that it is back in the statement soon after it is.
         */
        @WithDefault("60s")
        Duration metadataCacheFor();

        /** How long each service's own CapabilityStatement may take; a slower service is left out. */
        @WithDefault("3s")
        Duration metadataTimeout();
    }

    interface Route {
        /** The owning service's base URL (scheme, host, port). */
        URI url();

        /** How long the service may take to start answering before the caller gets a 504. */
        @WithDefault("10s")
        Duration timeout();
    }

    /**
     * Token buckets (a burst of {@code capacity}, refilled at {@code refill-per-second}). A request with a valid
     * token takes one from its user's bucket (client id {@code azp}, clinic or partner, subject) and one from the
     * ceiling that user's clinic shares on that client (client id, clinic or partner); one without a valid token
     * (none, or invalid) takes one from its source address's bucket.
     */
    interface RateLimit {
        /** Per user. */
        @WithDefault("100")
        int capacity();

        @WithDefault("20")
        int refillPerSecond();

        /** Per (client, clinic): what all of one clinic's users of one client share. */
        @WithDefault("1000")
        int clientCapacity();

        @WithDefault("200")
        int clientRefillPerSecond();

        /** Per source address, for requests without a valid token. */
        @WithDefault("30")
        int addressCapacity();

        @WithDefault("5")
        int addressRefillPerSecond();
    }

    /** After this many failures in a row a service is skipped (503 at once) for a while. */
    interface Breaker {
        @WithDefault("5")
        int failures();

        @WithDefault("10s")
        Duration openFor();
    }
}
