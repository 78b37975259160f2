package care.iop.notes.due;

import care.iop.common.outbox.Outbox;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.notes.NoteOverdue;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/** A session's note that passes its due time unsigned is announced once ({@code note.overdue}). */
@ApplicationScoped
public class OverdueNotes {

    private static final Logger LOG = Logger.getLogger(OverdueNotes.class);

    @Inject
    Outbox outbox;

    @Scheduled(every = "${notes.overdue-check-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        announce();
    }

    /** Returns how many notes became overdue now. Rows another instance is handling are skipped. */
    @RetryOnConflict
    @Transactional
    public int announce() {
        List<AttendedSession> passed = AttendedSession.getEntityManager().createQuery(
                        "from AttendedSession a where a.noteId is null and a.overdueNotified = false and a.dueAt < :now "
                                + "order by a.dueAt", AttendedSession.class)
                .setParameter("now", Instant.now()).setMaxResults(500).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2).getResultList();
        for (AttendedSession a : passed) {
            a.overdueNotified = true;
            // The session's first facilitator owes the note (scheduling lists the lead first).
            if (a.facilitatorIds.isEmpty()) {
                LOG.warnf("Note overdue for session %s, attendance %s: the session names no facilitator to tell",
                        a.sessionId, a.id);
            } else {
                outbox.publish(new NoteOverdue(a.sessionId, a.facilitatorIds.get(0), a.dueAt), a.patientId,
                        a.clinicId);
            }
        }
        return passed.size();
    }
}
