package care.iop.intake.disclosure;

import care.iop.common.disclosure.Disclosures;
import care.iop.common.disclosure.Disclosures.Disclosure;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.LevelOfCare;
import care.iop.events.intake.ConsentCategory;
import care.iop.intake.assessment.Assessment;
import care.iop.intake.patient.Patient;
import care.iop.intake.patient.PatientApi.SexAtBirth;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What intake discloses to a partner with the patient's consent: demographics and diagnoses. */
@Path("/api/v1/intake/disclosures/patients/{patientId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Partner disclosures (42 CFR Part 2)")
@RolesAllowed(Roles.PARTNER)
@RetryOnConflict
public class DisclosureResource {

    public record Demographics(String givenName, String familyName, String preferredName, String pronouns,
                               LocalDate birthDate, SexAtBirth sexAtBirth, String genderIdentity, String preferredLanguage,
                               String phone, String email, String addressLine, String city, String region,
                               String postalCode) {
    }

    public record Diagnoses(List<String> icd10, LevelOfCare levelOfCare, Instant assessedAt) {
    }

    @Inject
    Disclosures disclosures;

    @Inject
    ObjectMapper json;

    @GET
    @Path("demographics")
    @Operation(summary = "Demographics, if the patient consented to disclose them to this partner")
    public Disclosure<Demographics> demographics(@PathParam("patientId") UUID patientId) {
        return disclosures.disclose(patientId, ConsentCategory.DEMOGRAPHICS, "Patient", clinic -> {
            Patient p = Patient.<Patient>find("id = ?1 and clinicId = ?2", patientId, clinic).firstResultOptional()
                    .orElseThrow(() -> ProblemException.notFound("Patient", patientId));
            return new Demographics(p.legalGivenName, p.legalFamilyName, p.preferredName, p.pronouns, p.birthDate,
                    p.sexAtBirth == null ? null : SexAtBirth.valueOf(p.sexAtBirth), p.genderIdentity, p.preferredLanguage, p.phone, p.email, p.addressLine, p.city,
                    p.region, p.postalCode);
        });
    }

    @GET
    @Path("diagnoses")
    @Operation(summary = "Diagnoses and level of care of the latest assessment, if consented")
    public Disclosure<Diagnoses> diagnoses(@PathParam("patientId") UUID patientId) {
        return disclosures.disclose(patientId, ConsentCategory.DIAGNOSES, "Assessment", clinic ->
                Assessment.<Assessment>find("patientId = ?1 and clinicId = ?2 order by completedAt desc", patientId,
                                clinic).firstResultOptional()
                        .map(a -> new Diagnoses(codes(a.content), a.finalLevel, a.completedAt))
                        .orElse(new Diagnoses(List.of(), null, null)));
    }

    private List<String> codes(String content) {
        try {
            List<String> codes = new ArrayList<>();
            JsonNode root = json.readTree(content);
            root.path("diagnoses").forEach(d -> codes.add(d.path("icd10").asText()));
            return codes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
