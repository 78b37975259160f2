package care.iop.common.testapp;

import care.iop.common.disclosure.ConsentAuthority;
import care.iop.events.intake.ConsentCategory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test app's consent authority (replaces the HTTP one, a default bean): grants what a test put in
 * {@link #grants} and remembers, per patient, the transaction status it was asked in. A real authority calls intake
 * over HTTP for up to 3 s, so it must be asked while no transaction holds a connection.
 */
@ApplicationScoped
public class TestConsentAuthority implements ConsentAuthority {

    /** Patient id → the grant to answer with (absent: refused). */
    public static final Map<UUID, Grant> grants = new ConcurrentHashMap<>();
    /** Patient id → {@link jakarta.transaction.Status} when the consent was checked. */
    public static final Map<UUID, Integer> statusWhenAsked = new ConcurrentHashMap<>();

    @Inject
    TransactionManager transactions;

    @Override
    public Optional<Grant> grantFor(UUID patientId, ConsentCategory category, String purposeOfUse) {
        try {
            statusWhenAsked.put(patientId, transactions.getStatus());
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
        return Optional.ofNullable(grants.get(patientId));
    }
}
