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
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * US Core Encounter over {@link BookingService}: every booking with attendance recorded (attended, partly attended
 * or missed; {@link EncounterMapping}). Read, and the searches US Core 6.1.0's server CapabilityStatement lists for
 * Encounter: {@code _id} and {@code patient} and {@code patient+date} (SHALL), {@code identifier},
 * {@code patient+status}, {@code patient+class}, {@code patient+type} (SHOULD). Roles are those of the REST booking
 * read ({@code GET /api/v1/scheduling/bookings/{id}}); every Encounter served is audited as that read is.
 */
@Singleton
public class EncounterProvider implements FhirProfiled {

    @Inject
    BookingService bookings;

    @Override
    public Class<Encounter> getResourceType() {
        return Encounter.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(EncounterMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR})
    public Encounter read(@IdParam IdType id) {
        UUID bookingId = FhirIds.uuid(id, "Encounter");
        return bookings.visits(null, bookingId, true, v -> true, 0, 1).items().stream().findFirst()
                .map(EncounterMapping::toFhir)
                .orElseThrow(() -> new ResourceNotFoundException("Encounter is not known here"));
    }

    @Search
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR})
    public IBundleProvider search(@OptionalParam(name = "_id") TokenParam id,
                                  @OptionalParam(name = Encounter.SP_IDENTIFIER) TokenParam identifier,
                                  @OptionalParam(name = Encounter.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = Encounter.SP_DATE) DateRangeParam date,
                                  @OptionalParam(name = Encounter.SP_STATUS) TokenOrListParam status,
                                  @OptionalParam(name = Encounter.SP_CLASS) TokenOrListParam classes,
                                  @OptionalParam(name = Encounter.SP_TYPE) TokenOrListParam type,
                                  @Offset Integer offset, @Count Integer count) {
        if (id == null && identifier == null && patient == null) {
            throw new InvalidRequestException("Search encounters by patient (with date, status, class or type), "
                    + "_id or identifier");
        }
        UUID patientId = patient == null ? null : FhirIds.reference(patient.getValue(), "Patient");
        BookingRef booking = BookingRef.of(id, identifier);
        if (booking.impossible()) {
            return FhirPages.of(List.of(), offset, count);
        }
        Predicate<Visit> matching = v -> {
            Encounter e = EncounterMapping.toFhir(v);
            Instant[] period = EncounterMapping.period(v);
            return SearchMatch.date(date, period[0], period[1], v.zone())
                    && SearchMatch.code(status, e.getStatus().getSystem(), e.getStatus().toCode())
                    && SearchMatch.token(classes, List.of(e.getClass_()))
                    && SearchMatch.token(type, e.getTypeFirstRep().getCoding());
        };
        Slice<Visit> page = bookings.visits(patientId, booking.id(), true, matching, FhirPages.offset(offset),
                FhirPages.count(count));
        return FhirPages.page(page.items().stream().map(EncounterMapping::toFhir).toList(), page.total(), offset,
                count);
    }
}
