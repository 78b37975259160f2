package care.iop.gateway;

import jakarta.enterprise.context.ApplicationScoped;
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
