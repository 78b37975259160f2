package care.iop.common.outbox;

import care.iop.common.config.IopConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.DriverManager;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Runs this instance's outbox relay (active or standby) for the service's lifetime. */
@ApplicationScoped
public class OutboxRelayService {

    @Inject
    IopConfig config;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private OutboxRelay relay;

    void start(@Observes StartupEvent ignored) {
        IopConfig.Outbox.Relay settings = config.outbox().relay();
        if (!settings.enabled()) {
            return;
        }
        OutboxRelay.Settings defaults = OutboxRelay.Settings.defaults();
        OutboxRelay.Settings relaySettings = new OutboxRelay.Settings(config.serviceName() + "-outbox-relay",
                settings.batchSize(), settings.pollInterval(), defaults.standbyRetry(), defaults.minBackoff(),
                defaults.maxBackoff(), config.outbox().retention(), defaults.pruneEvery());
        // Keep-alive and a socket timeout: a half-open connection must not keep the leadership lock for hours.
        Properties connection = new Properties();
        username.ifPresent(u -> connection.setProperty("user", u));
        password.ifPresent(p -> connection.setProperty("password", p));
        connection.setProperty("tcpKeepAlive", "true");
        connection.setProperty("socketTimeout", "60");
        relay = new OutboxRelay(() -> DriverManager.getConnection(jdbcUrl, connection),
                Map.of("bootstrap.servers", bootstrapServers), relaySettings, metrics).start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (relay != null) {
            relay.close();
        }
    }

    public Optional<OutboxRelay> relay() {
        return Optional.ofNullable(relay);
    }
}
