package care.iop.scheduling.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.scheduling.Slice;
import care.iop.scheduling.booking.BookingService;
import care.iop.scheduling.booking.Visit;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.IdType;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Bookings as plain R4 Appointments over {@link BookingService} ({@link AppointmentMapping}): read, and search by
 * {@code patient} (with {@code date} — the start — and {@code status}) or {@code _id}, {@code identifier}. Roles are
 * those of the REST booking read; every Appointment served is audited as that read is.
 */
@Singleton
public class AppointmentProvider implements FhirProfiled {

    @Inject
    BookingService bookings;

    @Override
    public Class<Appointment> getResourceType() {
        return Appointment.class;
    }

    /** US Core profiles no Appointment. */
    @Override
    public List<String> supportedProfiles() {
        return List.of();
    }

    @Read
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR})
    public Appointment read(@IdParam IdType id) {
        UUID bookingId = FhirIds.uuid(id, "Appointment");
        return bookings.visits(null, bookingId, false, v -> true, 0, 1).items().stream().findFirst()
                .map(AppointmentMapping::toFhir)
                .orElseThrow(() -> new ResourceNotFoundException("Appointment is not known here"));
    }

    @Search
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR})
    public IBundleProvider search(@OptionalParam(name = "_id") TokenParam id,
                                  @OptionalParam(name = Appointment.SP_IDENTIFIER) TokenParam identifier,
                                  @OptionalParam(name = Appointment.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = Appointment.SP_DATE) DateRangeParam date,
                                  @OptionalParam(name = Appointment.SP_STATUS) TokenOrListParam status,
                                  @Offset Integer offset, @Count Integer count) {
        if (id == null && identifier == null && patient == null) {
            throw new InvalidRequestException("Search appointments by patient (with date or status), _id or "
                    + "identifier");
        }
        UUID patientId = patient == null ? null : FhirIds.reference(patient.getValue(), "Patient");
        BookingRef booking = BookingRef.of(id, identifier);
        if (booking.impossible()) {
            return FhirPages.of(List.of(), offset, count);
        }
        Predicate<Visit> matching = v -> {
            Appointment.AppointmentStatus s = AppointmentMapping.status(v);
            return SearchMatch.date(date, v.startsAt(), v.startsAt(), v.zone())
                    && SearchMatch.code(status, s.getSystem(), s.toCode());
        };
        Slice<Visit> page = bookings.visits(patientId, booking.id(), false, matching, FhirPages.offset(offset),
                FhirPages.count(count));
        return FhirPages.page(page.items().stream().map(AppointmentMapping::toFhir).toList(), page.total(), offset,
                count);
    }
}
