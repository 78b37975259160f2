package care.iop.gateway;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets ({@code capacity} requests at once, refilled at {@code refillPerSecond}), three kinds of them:
 * <ul>
 * <li>per user — client id ({@code azp}), clinic (or partner) and subject of a valid token;</li>
 * <li>per (client, clinic) — the ceiling one clinic's users of one client share, so a shared portal client gives each
 * clinic its own share, and one clinic's staff cannot exhaust another's;</li>
 * <li>per source address — requests with no token or an invalid one (an IPv6 address counts by its /64).</li>
 * </ul>
 * Buckets are counters only: nothing is logged per request. Full buckets (idle callers) are dropped every minute.
 */
@ApplicationScoped
public class RateLimiter {

    /** What a request learned from its bucket, for the RateLimit headers. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    /** Who a bucket belongs to; {@code org} is the clinic id, else the partner id, else "-". */
    record Key(String kind, String client, String org, String subject) {
    }

    private static final class Bucket {
        final int capacity;
        final double perNano;
        double tokens;
        long refilledAt;

        Bucket(int capacity, int refillPerSecond, long now) {
            this.capacity = capacity;
            this.perNano = refillPerSecond / 1e9;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        synchronized void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }
    }

    private final ConcurrentHashMap<Key, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    @PostConstruct
    void sweepIdleBuckets() {
        vertx.setPeriodic(60_000, t -> {
            long now = System.nanoTime();
            buckets.values().removeIf(b -> b.isFull(now));
        });
    }

    /**
     * Takes a token from the caller's own bucket and from its clinic's ceiling on its client, and sets the RateLimit
     * headers (of the tighter of the two); answers 429 with Retry-After and returns false when either is empty.
     */
    public boolean admit(RoutingContext rc, SecurityIdentity identity) {
        JsonWebToken jwt = identity.getPrincipal() instanceof JsonWebToken t ? t : null;
        String client = claim(jwt, "azp");
        String org = claim(jwt, "clinic_id");
        if ("-".equals(org)) {
            org = claim(jwt, "partner_id");
        }
        GatewayConfig.RateLimit limits = config.rateLimit();
        long now = System.nanoTime();
        Key userKey = new Key("user", client, org, claim(jwt, "sub"));
        Key clientKey = new Key("client", client, org, "-");
        Bucket user = bucket(userKey, limits.capacity(), limits.refillPerSecond(), now);
        Bucket ceiling = bucket(clientKey, limits.clientCapacity(), limits.clientRefillPerSecond(), now);
        Decision mine = take(user, now);
        if (!mine.allowed()) {
            return answer(rc, mine, "This user's request rate is above its limit; retry after the time given");
        }
        Decision shared = take(ceiling, now);
        if (!shared.allowed()) {
            giveBack(user);
            return answer(rc, shared, "This clinic's request rate on this client is above its limit; "
                    + "retry after the time given");
        }
        return answer(rc, shared.remaining() < mine.remaining() ? shared : mine, null);
    }

    /**
     * Counts a request without a valid token against its source address. Returns true when it may be answered (a
     * 401, by the caller); otherwise answers 429 and returns false.
     */
    public boolean admitUnauthenticated(RoutingContext rc) {
        GatewayConfig.RateLimit limits = config.rateLimit();
        long now = System.nanoTime();
        Key key = new Key("address", "-", "-", addressKey(RequestIds.clientAddress(rc)));
        Decision d = take(bucket(key, limits.addressCapacity(), limits.addressRefillPerSecond(), now), now);
        return answer(rc, d, "Too many requests without a valid token from this address; retry after the time given");
    }

    private static boolean answer(RoutingContext rc, Decision d, String refusal) {
        rc.response().putHeader("RateLimit-Limit", Integer.toString(d.limit()))
                .putHeader("RateLimit-Remaining", Integer.toString(d.remaining()))
                .putHeader("RateLimit-Reset", Long.toString(d.resetSeconds()));
        if (!d.allowed()) {
            rc.response().putHeader("Retry-After", Long.toString(d.resetSeconds()));
            Problems.send(rc, 429, "too-many-requests", "Too many requests", refusal);
        }
        return d.allowed();
    }

    private Bucket bucket(Key key, int capacity, int refillPerSecond, long now) {
        return buckets.computeIfAbsent(key, k -> new Bucket(capacity, refillPerSecond, now));
    }

    static Decision take(Bucket bucket, long now) {
        synchronized (bucket) {
            bucket.refill(now);
            boolean allowed = bucket.tokens >= 1;
            if (allowed) {
                bucket.tokens -= 1;
            }
            double perSecond = bucket.perNano * 1e9;
            long reset = (long) Math.ceil((allowed ? bucket.capacity - bucket.tokens : 1 - bucket.tokens) / perSecond);
            return new Decision(allowed, bucket.capacity, (int) Math.floor(bucket.tokens),
                    Math.max(reset, allowed ? 0 : 1));
        }
    }

    private static void giveBack(Bucket bucket) {
        synchronized (bucket) {
            bucket.tokens = Math.min(bucket.capacity, bucket.tokens + 1);
        }
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt == null ? null : jwt.getClaim(name);
        return value == null ? "-" : value.toString();
    }

    /** An IPv6 address counts by its /64 (what one subscriber usually gets); anything else as it is. */
    static String addressKey(String host) {
        if (host == null || host.indexOf(':') < 0) {
            return host == null ? "unknown" : host;
        }
        try {
            InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            if (address instanceof Inet6Address) {
                byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
                Arrays.fill(bytes, 8, 16, (byte) 0);
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
