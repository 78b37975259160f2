package care.iop.medication.fhir;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants as FHIR dateTime and instant values: in UTC ({@code Z}), to the millisecond at most (the database keeps
 * microseconds; FHIR clients commonly read milliseconds), whatever the JVM's zone.
 */
final class FhirTimes {

    private FhirTimes() {
    }

    static DateTimeType dateTime(Instant at) {
        return new DateTimeType(at.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    static InstantType instant(Instant at) {
        return new InstantType(at.truncatedTo(ChronoUnit.MILLIS).toString());
    }
}
