package care.iop.intake.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.DateTimeType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** Times as the intake FHIR resources serve them: to the second, in UTC, written with {@code Z}. */
final class FhirTimes {

    private FhirTimes() {
    }

    /**
     * An instant as a dateTime to the second ({@code 2026-03-02T12:00:00Z}): what searches match against, so that a
     * client can use a served value as a search bound (ge/le it match, gt/lt it do not).
     */
    static DateTimeType seconds(Instant at) {
        DateTimeType value = new DateTimeType(Date.from(at.truncatedTo(ChronoUnit.SECONDS)),
                TemporalPrecisionEnum.SECOND);
        value.setTimeZoneZulu(true);
        return value;
    }
}
