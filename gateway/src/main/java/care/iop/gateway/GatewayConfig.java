package care.iop.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

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

    interface Route {
        /** The owning service's base URL (scheme, host, port). */
        URI url();

        /** How long the service may take to start answering before the caller gets a 504. */
        @WithDefault("10s")
        Duration timeout();
    }

    /** A token bucket per client (the token's azp) or, without a token, per address. */
    interface RateLimit {
        @WithDefault("200")
        int capacity();

        @WithDefault("100")
        int refillPerSecond();
    }

    /** After this many failures in a row a service is skipped (503 at once) for a while. */
    interface Breaker {
        @WithDefault("5")
        int failures();

        @WithDefault("10s")
        Duration openFor();
    }
}
