package care.iop.events.audit;

import care.iop.events.EventData;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.audit.chain.checkpointed.v1}: the head of a service's audit hash chain, published so that the chain
 * in the service's database can later be checked against it. Someone with the database owner's rights could rewrite
 * the whole chain consistently (every row rehashed, the head record too); the head published here, outside that
 * database, still tells. Ids and hashes only. Key (subject): {@link #subjectOf} the service, so that a service's
 * checkpoints stay in one partition, in order.
 */
public record AuditChainCheckpointed(
        String service,
        long chainIndex,
        String hash,
        Instant sealedAt) implements EventData {

    /** The record key and CloudEvents subject of a service's checkpoints: a name-based uuid of the service. */
    public static UUID subjectOf(String service) {
        return UUID.nameUUIDFromBytes(("iop-audit-chain/" + service).getBytes(StandardCharsets.UTF_8));
    }
}
