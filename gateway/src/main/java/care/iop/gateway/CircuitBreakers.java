package care.iop.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One breaker per service: after a run of failures (no connection, timeouts, 502–504) the service is not called
 * for a while, and callers get a 503 at once instead of waiting on it. The first call after the pause probes it.
 */
@ApplicationScoped
public class CircuitBreakers {

    private static final class State {
        int failures;
        Instant openUntil = Instant.MIN;
    }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    public boolean allows(String area) {
        State s = states.computeIfAbsent(area, k -> new State());
        synchronized (s) {
            return !Instant.now().isBefore(s.openUntil);
        }
    }

    public void succeeded(String area) {
        State s = states.computeIfAbsent(area, k -> new State());
        synchronized (s) {
            s.failures = 0;
        }
    }

    public void failed(String area) {
        State s = states.computeIfAbsent(area, k -> new State());
        synchronized (s) {
            s.failures++;
            if (s.failures >= config.breaker().failures()) {
                s.openUntil = Instant.now().plus(config.breaker().openFor());
                s.failures = 0;
            }
        }
    }
}
