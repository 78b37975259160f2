package care.iop.analytics.instances;

import care.iop.analytics.AnalyticsProblem;

/**
 * The answer cannot be whole now: the stream is loading or rebalancing, or an instance holding a share did not
 * answer. A 503 problem with Retry-After ({@link NotReadyMapper}), never a partial answer; an
 * {@link AnalyticsProblem}, so whatever handles those (the dashboard's page) handles this too. No PHI in the reason.
 */
public class NotReady extends AnalyticsProblem {

    public NotReady(String reason) {
        super(503, "service-unavailable", "Service unavailable", reason);
    }
}
