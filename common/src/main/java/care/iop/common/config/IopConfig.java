package care.iop.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Platform settings shared by every service ({@code iop.*}). */
@ConfigMapping(prefix = "iop")
public interface IopConfig {

    /** The service's name, e.g. intake-service: the CloudEvents source is /iop/&lt;name&gt;. */
    @WithDefault("${quarkus.application.name}")
    String serviceName();

    Events events();

    Outbox outbox();

    Idempotency idempotency();

    Audit audit();

    Consumer consumer();

    ConsentAuthority consentAuthority();

    StaffDirectory staffDirectory();

    /**
     * Keycloak's admin API, read through the service account of a confidential client with realm-management's
     * {@code view-users} role (docs/decisions.md, staff directory).
     */
    interface StaffDirectory {
        /** The realm whose users are the staff; its admin API is the same URL with {@code /admin} before {@code /realms}. */
        @WithDefault("${IOP_OIDC_URL:http://localhost:8180/realms/iop}")
        URI realmUrl();

        @WithDefault("iop-staff-directory")
        String clientId();

        /** The client's secret ({@code IOP_STAFF_DIRECTORY_CLIENT_SECRET}); without it staff ids cannot be checked (503). */
        Optional<String> clientSecret();

        /** How long a clinic's staff list and a checked member are reused; a refused id is always asked again. */
        @WithDefault("60s")
        Duration cacheTtl();

        /** Per call to Keycloak. */
        @WithDefault("3s")
        Duration timeout();
    }

    interface ConsentAuthority {
        /** Intake, which holds the Part 2 consents partners' disclosures rest on. */
        @WithDefault("${IOP_INTAKE_URL:http://localhost:8081}")
        URI url();
    }

    interface Events {
        /** Validate every emitted event against its JSON Schema before it is written (a failure is a bug: 500). */
        @WithDefault("true")
        boolean validate();
    }

    interface Outbox {
        Relay relay();

        /** How long sent rows are kept before pruning. */
        @WithDefault("7d")
        Duration retention();

        interface Relay {
            @WithDefault("true")
            boolean enabled();

            /** Rows per publish cycle: 2000 drained a backlog twice as fast as 500 (docs/benchmarks.md). */
            @WithDefault("2000")
            int batchSize();

            /** Fallback polling when no NOTIFY arrives. */
            @WithDefault("1s")
            Duration pollInterval();
        }
    }

    interface Idempotency {
        /** How long a key's first response is replayed (at least 24 h by contract). */
        @WithDefault("24h")
        Duration retention();

        /**
         * Base64 of the 32-byte AES key the stored answers are encrypted with ({@code IOP_IDEMPOTENCY_KEY}; the same
         * for every instance of a service). Required outside dev and test mode, which generate one per process.
         */
        Optional<String> key();
    }

    interface Consumer {
        /** Attempts per event before it is dead-lettered. */
        @WithDefault("4")
        int maxAttempts();

        /** Backoff before the second attempt; it doubles for each further one. */
        @WithDefault("100ms")
        Duration initialBackoff();

        /** How long applied event ids are remembered; redeliveries older than this are not expected. */
        @WithDefault("30d")
        Duration dedupeWindow();
    }

    interface Audit {
        /** How often unsealed audit rows are chained. */
        @WithDefault("1s")
        Duration sealInterval();
    }
}
