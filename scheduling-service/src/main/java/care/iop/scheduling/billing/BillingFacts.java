package care.iop.scheduling.billing;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What is on file for a patient besides attendance, as of the decision: the treatment plans, the physician
 * certifications of need, the payer's authorization of the stay, and the clinic's in-person place of service.
 *
 * @param authorization          null when there is none on file
 * @param inPersonPlaceOfService the clinic's two-digit place of service (e.g. 57, 11); needed on professional claims
 */
public record BillingFacts(List<DateRange> treatmentPlans, List<PhysicianCertification> certifications,
                           Authorization authorization, String inPersonPlaceOfService) {

    public BillingFacts {
        treatmentPlans = List.copyOf(treatmentPlans);
        certifications = List.copyOf(certifications);
    }

    /** Both dates inclusive. */
    public record DateRange(LocalDate from, LocalDate to) {
        public DateRange {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("date range ends " + to + " before it starts " + from);
            }
        }

        public boolean contains(LocalDate date) {
            return !date.isBefore(from) && !date.isAfter(to);
        }
    }

    /** A physician's signed certification that the patient needs {@code certifiedMinutesPerWeek} of IOP a week. */
    public record PhysicianCertification(LocalDate signedOn, int certifiedMinutesPerWeek) {
        public PhysicianCertification {
            Objects.requireNonNull(signedOn, "signedOn");
        }
    }

    /** The payer's authorization of the stay: its dates (inclusive) and the units still unused. */
    public record Authorization(DateRange dates, int unitsRemaining) {
        public Authorization {
            Objects.requireNonNull(dates, "dates");
        }
    }
}
