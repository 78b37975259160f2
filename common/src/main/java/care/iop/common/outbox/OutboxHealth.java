package care.iop.common.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the relay thread runs; reports whether this instance is the active relay and what waits. */
@Liveness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    @Inject
    OutboxRelayService relays;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("outbox-relay");
        return relays.relay().map(relay -> builder.status(relay.isAlive())
                        .withData("active", relay.isLeader())
                        .withData("pending", relay.pendingCount())
                        .withData("published", relay.publishedCount())
                        .withData("lastSuccess", relay.lastSuccess().toString())
                        .build())
                .orElseGet(() -> builder.up().withData("enabled", false).build());
    }
}
