package care.iop.common.audit;

import care.iop.common.http.Page;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.events.audit.AuditOutcome;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What auditors read: the clinic's audit records by patient or by actor, newest last, paginated. Each service
 * exposes it under its own area ({@code GET /api/v1/<area>/audit-records}) for the {@code auditor} role.
 */
@ApplicationScoped
public class AuditQuery {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CallerContext caller;

    public record AuditRecord(UUID id, long sequence, Instant occurredAt, String actorSubject, String actorClientId,
                              List<String> actorRoles, UUID patientId, String resourceType, String resourceId,
                              String action, String outcome, String requestId, String sourceAddress,
                              String purposeOfUse, boolean sensitive, boolean sealed) {
    }

    /**
     * @param outcome if given, only records with this outcome; asked without a patient or actor, the refused
     *                requests of the clinic's callers and the counts of unauthenticated requests (which have no
     *                clinic) are listed
     */
    public Page<AuditRecord> find(UUID patientId, String actorSubject, AuditOutcome outcome, Integer limit,
                                  String cursor) {
        boolean byWho = patientId != null || (actorSubject != null && !actorSubject.isBlank());
        if (!byWho && outcome == null) {
            throw ProblemException.invalid("patientId", "give a patientId, an actor or an outcome");
        }
        UUID clinic = caller.requireClinicId();
        int size = Page.limit(limit);
        Page.Position after = Page.decode(cursor);
        StringBuilder sql = new StringBuilder("SELECT id, seq, occurred_at, actor_subject, actor_client_id, actor_roles, "
                + "patient_id, resource_type, resource_id, action, outcome, request_id, source_address, purpose_of_use, "
                + "sensitive, hash IS NOT NULL FROM audit_log WHERE ");
        sql.append(byWho ? "clinic_id = ?" : "(clinic_id = ? OR (clinic_id IS NULL AND resource_type = '"
                + RefusalAudit.UNAUTHENTICATED + "'))");
        List<Object> params = new ArrayList<>(List.of(clinic));
        if (outcome != null) {
            sql.append(" AND outcome = ?");
            params.add(outcome.value());
        }
        if (patientId != null) {
            sql.append(" AND patient_id = ?");
            params.add(patientId);
        }
        if (actorSubject != null && !actorSubject.isBlank()) {
            sql.append(" AND actor_subject = ?");
            params.add(actorSubject);
        }
        if (after != null) {
            sql.append(" AND (occurred_at, id) > (?, ?)");
            params.add(Timestamp.from(after.createdAt()));
            params.add(after.id());
        }
        sql.append(" ORDER BY occurred_at, id LIMIT ?");
        params.add(size + 1);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<AuditRecord> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String roles = rs.getString(6);
                    rows.add(new AuditRecord(rs.getObject(1, UUID.class), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                            rs.getString(4), rs.getString(5), roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
                            rs.getObject(7, UUID.class), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getBoolean(15),
                            rs.getBoolean(16)));
                }
            }
            return Page.of(rows, size, r -> new Page.Position(r.occurredAt(), r.id()), r -> r);
        } catch (SQLException e) {
            throw new IllegalStateException("audit query failed", e);
        }
    }
}
