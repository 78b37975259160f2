package care.iop.intake.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentPurpose;
import care.iop.intake.consent.ConsentApi.ConsentView;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

import java.util.Date;

/**
 * A 42 CFR Part 2 consent as an R4 Consent (US Core has no Consent profile). scope patient-privacy; category LOINC
 * 59284-0 (Patient consent) and HL7 ActCode IDSCL (information disclosure); policyRule HL7 ActCode 42CFRPart2; the
 * patient consented (performer) at {@code dateTime} (signed); status active, or inactive once revoked or expired. The
 * provision permits, for its period (signed to expiry), the recipient (a partner, by its id, or a class of recipients,
 * by name; role IRCP, information recipient) to receive the listed categories of the record ({@value #CATEGORY_SYSTEM})
 * for the purpose (HL7 PurposeOfUse: TREAT, HPAYMT, HOPERAT, COC).
 */
final class ConsentMapping {

    static final String LOINC = "http://loinc.org";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    static final String SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String CATEGORY_SYSTEM = "urn:iop:consent-category";
    static final String PARTNER_SYSTEM = "urn:iop:partner";
    static final String RECIPIENT_CLASS_SYSTEM = "urn:iop:recipient-class";

    private ConsentMapping() {
    }

    static Consent toFhir(ConsentView c) {
        Consent consent = new Consent();
        consent.setId(new IdType("Consent", c.id().toString(), Long.toString(c.version())));
        consent.getMeta().setVersionId(Long.toString(c.version()));
        Part2Labels.label(consent);
        consent.setStatus(c.active() ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE);
        consent.setScope(new CodeableConcept(new Coding(SCOPE, "patient-privacy", "Privacy Consent")));
        consent.addCategory(new CodeableConcept(new Coding(LOINC, "59284-0", "Patient Consent")));
        consent.addCategory(new CodeableConcept(new Coding(ACT_CODE, "IDSCL", "information disclosure")));
        consent.setPatient(new Reference("Patient/" + c.patientId()));
        consent.setDateTime(Date.from(c.signedAt()));
        consent.addPerformer(new Reference("Patient/" + c.patientId()));
        consent.setPolicyRule(new CodeableConcept(new Coding(ACT_CODE, "42CFRPart2", "42 CFR Part2")));
        var provision = consent.getProvision();
        provision.setType(Consent.ConsentProvisionType.PERMIT);
        provision.setPeriod(new Period().setStart(Date.from(c.signedAt())).setEnd(Date.from(c.expiresAt())));
        provision.addActor().setRole(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient")))
                .setReference(recipient(c));
        provision.addPurpose(purpose(c.purpose()));
        for (ConsentCategory category : c.categories()) {
            provision.addCode(new CodeableConcept(new Coding(CATEGORY_SYSTEM, category.value(),
                    category.value().replace('-', ' '))));
        }
        return consent;
    }

    private static Reference recipient(ConsentView c) {
        if (c.recipientPartnerId() != null) {
            return new Reference().setType("Organization").setIdentifier(new Identifier().setSystem(PARTNER_SYSTEM)
                    .setValue(c.recipientPartnerId().toString()));
        }
        return new Reference().setIdentifier(new Identifier().setSystem(RECIPIENT_CLASS_SYSTEM)
                .setValue(c.recipientClass())).setDisplay("Any recipient of the class " + c.recipientClass());
    }

    static Coding purpose(ConsentPurpose purpose) {
        return switch (purpose) {
            case TREATMENT -> new Coding(ACT_REASON, "TREAT", "treatment");
            case PAYMENT -> new Coding(ACT_REASON, "HPAYMT", "healthcare payment");
            case HEALTH_CARE_OPERATIONS -> new Coding(ACT_REASON, "HOPERAT", "healthcare operations");
            case CARE_COORDINATION -> new Coding(ACT_REASON, "COC", "coordination of care");
        };
    }
}
