package care.iop.scheduling.fhir;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

import java.util.Arrays;
import java.util.List;

/** The audit rows one request left, as the fields an auditor compares (everything but ids, times and the chain). */
final class AuditRows {

    private AuditRows() {
    }

    @SuppressWarnings("unchecked")
    static List<List<String>> of(EntityManager em, String requestId) {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) em.createNativeQuery(
                        "select action, outcome, resource_type, resource_id, cast(patient_id as text), "
                                + "cast(clinic_id as text), actor_subject, actor_client_id, actor_roles, "
                                + "cast(sensitive as text), purpose_of_use from audit_log where request_id = ?1 "
                                + "order by seq")
                .setParameter(1, requestId).getResultList()).stream()
                .map(row -> Arrays.stream(row).map(v -> v == null ? null : v.toString()).toList()).toList());
    }
}
