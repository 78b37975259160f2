package care.iop.medication.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.medication.mar.Administration;
import care.iop.medication.mar.AdministrationService.MarLine;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.hl7.fhir.r4.model.Reference;

/**
 * A line of the medication administration record (MAR) as a plain R4 MedicationAdministration (US Core has no
 * profile for it).
 * <p>
 * An administered dose is {@code completed}, with its dose and the order's route. A refused or held dose, and a
 * scheduled dose the service marked missed, is {@code not-done}: {@code statusReason} says which (our outcome code)
 * and why (the nurse's reason code); there is no dosage, since none was given. {@code effectiveDateTime} is when the
 * dose was given, else the scheduled time it answers, else when it was recorded ({@link MarLine#effectiveAt()}).
 * The performer is the nurse who recorded it ({@code Practitioner/<staff id>}; none for a dose marked missed),
 * {@code request} the order ({@code MedicationRequest/<order id>}). A dose's lot number and the take-home doses
 * dispensed with it, which R4 MedicationAdministration has no element for, are in a note. Category
 * {@code outpatient}: every MAR line is a dose in the clinic.
 */
final class MedicationAdministrationMapping {

    static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-admin-category";
    static final String OUTCOME = "urn:iop:administration-outcome";
    static final String REASON = "urn:iop:administration-reason";

    private MedicationAdministrationMapping() {
    }

    static MedicationAdministration toFhir(MarLine line, String medicationName) {
        MedicationAdministration m = new MedicationAdministration();
        m.setId(new IdType("MedicationAdministration", line.id().toString()));
        Part2Labels.label(m);
        boolean given = line.outcome() == Administration.Outcome.ADMINISTERED;
        m.setStatus(given ? MedicationAdministrationStatus.COMPLETED : MedicationAdministrationStatus.NOTDONE);
        if (!given) {
            CodeableConcept reason = new CodeableConcept().addCoding(new Coding(OUTCOME, line.outcome().value(),
                    display(line.outcome())));
            if (line.reasonCode() != null) {
                reason.addCoding(new Coding(REASON, line.reasonCode(), null));
            }
            m.addStatusReason(reason.setText(display(line.outcome())
                    + (line.reasonCode() == null ? "" : ": " + line.reasonCode())));
        }
        m.setCategory(new CodeableConcept(new Coding(CATEGORY, "outpatient", "Outpatient")));
        m.setMedication(MedicationCodes.medication(line.medicationId(), line.rxnorm(), medicationName));
        m.setSubject(new Reference("Patient/" + line.patientId()));
        m.setEffective(FhirTimes.dateTime(line.effectiveAt()));
        if (line.recordedBy() != null) {
            m.addPerformer().setActor(new Reference("Practitioner/" + line.recordedBy()));
        }
        m.setRequest(new Reference("MedicationRequest/" + line.orderId()));
        if (given && line.dose() != null && line.doseUnit() != null) {
            // R4 (mad-1): a dosage has a dose or a rate; a dose given always has its dose.
            m.getDosage().setText(line.dose().stripTrailingZeros().toPlainString() + " " + line.doseUnit() + " "
                            + line.route())
                    .setRoute(MedicationCodes.route(line.route()))
                    .setDose(MedicationCodes.dose(line.dose(), line.doseUnit()));
        }
        if (line.lot() != null) {
            m.addNote().setText("Lot " + line.lot());
        }
        if (line.takeHomeDoses() > 0) {
            m.addNote().setText(line.takeHomeDoses() + " take-home dose" + (line.takeHomeDoses() == 1 ? "" : "s")
                    + " dispensed with this dose");
        }
        return m;
    }

    private static String display(Administration.Outcome outcome) {
        return switch (outcome) {
            case ADMINISTERED -> "Administered";
            case REFUSED -> "Refused by the patient";
            case HELD -> "Held";
            case MISSED -> "Missed (not given within its window)";
        };
    }
}
