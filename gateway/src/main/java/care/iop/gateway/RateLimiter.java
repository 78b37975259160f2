package care.iop.gateway;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import jakarta.inject.Inject;

import java.util.concurrent.ConcurrentHashMap;

/** Token buckets per caller: {@code capacity} requests at once, refilled at {@code refillPerSecond}. */
@ApplicationScoped
public class RateLimiter {

    /** What a request learned from its bucket, for the RateLimit headers. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    /**
     * Takes a token for the caller (its client id, or its address when anonymous) and sets the RateLimit headers;
     * answers 429 with Retry-After and returns false when the bucket is empty.
     */
    public boolean admit(RoutingContext rc, SecurityIdentity identity) {
        Decision d = take(caller(rc, identity));
        rc.response().putHeader("RateLimit-Limit", Integer.toString(d.limit()))
                .putHeader("RateLimit-Remaining", Integer.toString(d.remaining()))
                .putHeader("RateLimit-Reset", Long.toString(d.resetSeconds()));
        if (!d.allowed()) {
            rc.response().putHeader("Retry-After", Long.toString(d.resetSeconds()));
            Problems.send(rc, 429, "too-many-requests", "Too many requests",
                    "This client's request rate is above its limit; retry after the time given");
        }
        return d.allowed();
    }

    private static String caller(RoutingContext rc, SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("azp") != null) {
            return "client:" + jwt.getClaim("azp");
        }
        return "address:" + (rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().host());
    }

    public Decision take(String caller) {
        return take(caller, System.nanoTime());
    }

    Decision take(String caller, long nowNanos) {
        int capacity = config.rateLimit().capacity();
        double perNano = config.rateLimit().refillPerSecond() / 1e9;
        Bucket bucket = buckets.computeIfAbsent(caller, k -> {
            Bucket b = new Bucket();
            b.tokens = capacity;
            b.refilledAt = nowNanos;
            return b;
        });
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (nowNanos - bucket.refilledAt) * perNano);
            bucket.refilledAt = nowNanos;
            boolean allowed = bucket.tokens >= 1;
            if (allowed) {
                bucket.tokens -= 1;
            }
            long reset = (long) Math.ceil((allowed ? capacity - bucket.tokens : 1 - bucket.tokens) / (perNano * 1e9));
            return new Decision(allowed, capacity, (int) Math.floor(bucket.tokens), Math.max(reset, allowed ? 0 : 1));
        }
    }
}
