package care.iop.scheduling.billing;

import java.time.LocalDate;

/**
 * When an authorization is running out (issue #23): its remaining units are under the threshold (fewer than
 * {@code threshold}), or it ends within {@link #ENDS_WITHIN_DAYS} days of the billable day just determined.
 */
public final class ExpiringAuthorization {

    /** The "the authorization ends within 7 days". */
    public static final int ENDS_WITHIN_DAYS = 7;

    private ExpiringAuthorization() {
    }

    public static boolean isExpiring(int unitsRemaining, int threshold, LocalDate determinedDate,
                                     LocalDate authorizedTo) {
        return unitsRemaining < threshold || !determinedDate.plusDays(ENDS_WITHIN_DAYS).isBefore(authorizedTo);
    }
}
