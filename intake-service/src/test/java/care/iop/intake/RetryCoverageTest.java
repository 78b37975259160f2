package care.iop.intake;

import care.iop.intake.patient.PatientResource;
import care.iop.testkit.TransactionOwners;
import org.junit.jupiter.api.Test;

/** Every method that owns a transaction retries the races it loses, so clients never see them as 412 or 503. */
class RetryCoverageTest {

    @Test
    void every_transaction_owner_retries_lost_races() {
        TransactionOwners.assertEveryOwnerRetriesConflicts(PatientResource.class);
    }
}
