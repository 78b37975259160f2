package care.iop.common.transaction;

import care.iop.common.problem.SafeTrace;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;
import org.jboss.logging.Logger;

/**
 * Outside Narayana's {@code @Transactional} interceptor ({@code PLATFORM_BEFORE + 200}), so each attempt is a
 * whole transaction that has begun and ended (rolled back) before the next. Only the outermost transaction is
 * retried: inside one, a conflict has already doomed the caller's transaction and must reach its owner.
 * Whatever the method checks inside its transaction is checked again (a stale If-Match still answers 412), and an
 * Idempotency-Key claimed by a failed attempt rolled back with it, so the retry claims it anew.
 */
@RetryOnConflict
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class ConflictRetryInterceptor {

    private static final Logger LOG = Logger.getLogger(ConflictRetryInterceptor.class);

    @Inject
    TransactionManager transactions;

    /** Set while a retry loop runs on this thread, so an annotated method it calls does not nest a second loop. */
    private static final ThreadLocal<Boolean> RETRYING = new ThreadLocal<>();

    @AroundInvoke
    Object retry(InvocationContext ctx) throws Exception {
        if (RETRYING.get() != null || transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
            return ctx.proceed();
        }
        RETRYING.set(Boolean.TRUE);
        try {
            return retryLoop(ctx);
        } finally {
            RETRYING.remove();
        }
    }

    private static Object retryLoop(InvocationContext ctx) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return ctx.proceed();
            } catch (Exception e) {
                if (!ConflictRetry.shouldRetry(e, attempt)) {
                    if (attempt > 1 && ConflictRetry.isConflict(e)) {
                        LOG.warnf("%s.%s still conflicted after %d attempts: %s", ctx.getMethod().getDeclaringClass()
                                .getSimpleName(), ctx.getMethod().getName(), attempt, SafeTrace.summary(e));
                    }
                    throw e;
                }
                LOG.debugf("%s.%s attempt %d lost a race, retrying: %s", ctx.getMethod().getDeclaringClass()
                        .getSimpleName(), ctx.getMethod().getName(), attempt, SafeTrace.summary(e));
                Thread.sleep(ConflictRetry.backoff(attempt).toMillis());
            }
        }
    }
}
