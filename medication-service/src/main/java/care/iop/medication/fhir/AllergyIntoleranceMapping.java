package care.iop.medication.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.medication.catalogue.Medication;
import care.iop.medication.order.AllergyService.AllergyRecord;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceCategory;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceSeverity;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

import java.util.Optional;

/**
 * A recorded medication allergy as a US Core AllergyIntolerance.
 * <p>
 * The record names a catalogue medication or a whole medication class ({@code Catalogue.isAllergySubstance}); it has
 * no status, no verification step and no "no known allergies" entry. So: {@code clinicalStatus} active (the service
 * never resolves one), {@code verificationStatus} confirmed (a prescriber or nurse recorded it, and the safety rules
 * treat it as real: a later order of it is a contraindication), category medication. The code: for a catalogue
 * medication its RxNorm ingredient with the catalogue coding and name (as {@link MedicationCodes#medication}); for a
 * class, which RxNorm does not code, the class as text with the catalogue's class code. The reaction is free text:
 * it is the manifestation's text with the recorded severity; an allergy recorded without a reaction keeps its
 * severity with the manifestation marked absent (data-absent-reason {@code unknown}), as R4 requires one. An empty
 * search result means nothing recorded, not "no known drug allergies".
 */
final class AllergyIntoleranceMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-allergyintolerance";
    static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    static final String VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
    static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

    private AllergyIntoleranceMapping() {
    }

    /**
     * @param medication the catalogue medication the allergy names, empty when it names a class
     */
    static AllergyIntolerance toFhir(AllergyRecord a, Optional<Medication> medication) {
        AllergyIntolerance r = new AllergyIntolerance();
        r.setId(new IdType("AllergyIntolerance", a.id().toString(), Long.toString(a.version())));
        r.getMeta().setVersionId(Long.toString(a.version())).addProfile(PROFILE);
        Part2Labels.label(r);
        r.setClinicalStatus(new CodeableConcept(new Coding(CLINICAL, "active", "Active")));
        r.setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "confirmed", "Confirmed")));
        r.addCategory(AllergyIntoleranceCategory.MEDICATION);
        r.setCode(medication.map(m -> MedicationCodes.medication(m.id(), m.rxnorm(), m.name()))
                .orElseGet(() -> new CodeableConcept(new Coding(MedicationCodes.MEDICATION_CLASS, a.substance(),
                        null)).setText(a.substance().replace('-', ' ') + " (medication class)")));
        r.setPatient(new Reference("Patient/" + a.patientId()));
        r.setRecordedDateElement(FhirTimes.dateTime(a.recordedAt()));
        r.setRecorder(new Reference("Practitioner/" + a.recordedBy()));
        AllergyIntolerance.AllergyIntoleranceReactionComponent reaction = r.addReaction();
        if (a.reaction() != null && !a.reaction().isBlank()) {
            reaction.addManifestation().setText(a.reaction());
        } else {
            reaction.addManifestation().addExtension(DATA_ABSENT_REASON, new CodeType("unknown"));
        }
        reaction.setSeverity(switch (a.severity()) {
            case "mild" -> AllergyIntoleranceSeverity.MILD;
            case "moderate" -> AllergyIntoleranceSeverity.MODERATE;
            case "severe" -> AllergyIntoleranceSeverity.SEVERE;
            default -> null;
        });
        return r;
    }
}
