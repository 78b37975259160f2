package care.iop.analytics;

import care.iop.analytics.instances.ClusterFacts;
import care.iop.analytics.instances.NotReady;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A clinic's measures from every instance's share of the patients store ({@link ClusterFacts}: this instance's
 * active partitions locally, the other instances' over their internal endpoint with the caller's token). The
 * answer is whole or refused: while the stream loads or the group rebalances, or if an instance does not answer,
 * it is {@link NotReady} (503 with Retry-After), never computed from part of the patients.
 */
@ApplicationScoped
public class MeasuresService {

    @Inject
    ClusterFacts cluster;

    @Inject
    SecurityIdentity identity;

    public MeasuresAnswer measures(UUID clinicId, PeriodKind kind, LocalDate from, LocalDate to, String track) {
        return Measures.answer(cluster.of(clinicId.toString(), callersAuthorization()), clinicId, kind, from, to,
                track);
    }

    /** The caller's access token, to be passed on to the other instances. */
    private String callersAuthorization() {
        AccessTokenCredential token = identity.isAnonymous() ? null
                : identity.getCredential(AccessTokenCredential.class);
        return token == null ? null : "Bearer " + token.getToken();
    }
}
