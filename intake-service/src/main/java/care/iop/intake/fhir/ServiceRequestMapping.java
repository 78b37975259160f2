package care.iop.intake.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.events.intake.ReferralSource;
import care.iop.events.intake.Urgency;
import care.iop.intake.assessment.Icd10;
import care.iop.intake.referral.ReferralApi;
import care.iop.intake.referral.ReferralApi.External;
import care.iop.intake.referral.ReferralApi.ReferralRecord;
import care.iop.intake.referral.ReferralApi.ReferralRequest;
import care.iop.intake.referral.ReferralStatus;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A referral into the clinic as a US Core ServiceRequest, and an EHR's ServiceRequest as a referral.
 *
 * <p>Served: category SNOMED CT 3457005 "Patient referral"; code HCPCS H0015 (alcohol and/or drug services,
 * intensive outpatient: the program referred to), with the requested track as a {@code urn:iop:track} coding when
 * one was asked for; status active while the referral is in the pipeline (received … assessed, waitlisted), completed
 * once admitted, revoked when declined or referred out — the pipeline status itself is the extension
 * {@value #STATUS_EXTENSION}; intent order; priority routine / urgent / stat (our emergent); authoredOn the time the
 * clinic received it (to the second); reasonCode the coded reason ({@value #REASON_SYSTEM}, or ICD-10-CM when it was
 * sent as one); requester the sender's referrer (display and identifier), or the patient for a self-referral; where the
 * referral came from is the extension {@value #SOURCE_EXTENSION}.
 *
 * <p>Accepted ({@link #toReferral}): what the referral record can hold, and nothing it would have to drop — an element
 * it has no place for is refused with a 422 naming it.
 */
final class ServiceRequestMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-servicerequest";
    static final String SNOMED = "http://snomed.info/sct";
    static final String PATIENT_REFERRAL = "3457005";
    static final String HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    static final String INTENSIVE_OUTPATIENT = "H0015";
    static final String TRACK_SYSTEM = "urn:iop:track";
    static final String REASON_SYSTEM = "urn:iop:referral-reason";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    /** How an ICD-10-CM reason is kept in the referral's reason code: {@code icd-10-cm.f10.20} for F10.20. */
    static final String ICD10_REASON_PREFIX = "icd-10-cm.";
    static final String SOURCE_EXTENSION = "urn:iop:fhir:StructureDefinition:referral-source";
    static final String STATUS_EXTENSION = "urn:iop:fhir:StructureDefinition:referral-status";

    /** The sources an EHR may name (partner and aftercare referrals arrive through their own channels). */
    private static final List<ReferralSource> EHR_SOURCES = Arrays.stream(ReferralSource.values())
            .filter(s -> s != ReferralSource.PARTNER && s != ReferralSource.AFTERCARE).toList();

    private ServiceRequestMapping() {
    }

    /** What an accepted ServiceRequest becomes: the REST request, and what the referral keeps beyond it. */
    record Incoming(UUID patientId, ReferralRequest request, External external) {
    }

    static ServiceRequest toFhir(ReferralRecord r) {
        ServiceRequest sr = new ServiceRequest();
        sr.setId(new IdType("ServiceRequest", r.id().toString(), Long.toString(r.version())));
        sr.getMeta().setVersionId(Long.toString(r.version())).addProfile(PROFILE);
        Part2Labels.label(sr);
        sr.addExtension(new Extension(SOURCE_EXTENSION, new CodeType(r.source().value())));
        sr.addExtension(new Extension(STATUS_EXTENSION, new CodeType(r.status().value())));
        External external = r.external() == null ? External.NONE : r.external();
        if (external.hasIdentifier()) {
            sr.addIdentifier().setSystem(external.identifierSystem()).setValue(external.identifierValue());
        }
        sr.setStatus(status(r.status()));
        sr.setIntent(ServiceRequestIntent.ORDER);
        sr.addCategory(category());
        sr.setCode(code(r.requestedTrackCode()));
        sr.setSubject(new Reference("Patient/" + r.patientId()));
        sr.setAuthoredOnElement(FhirTimes.seconds(authoredOn(r)));
        sr.setPriority(priority(r.urgency()));
        sr.addReasonCode(reason(r.reasonCode()));
        if (external.requesterDisplay() != null || external.requesterIdentifierSystem() != null) {
            Reference requester = new Reference().setDisplay(external.requesterDisplay());
            if (external.requesterIdentifierSystem() != null) {
                requester.setIdentifier(new Identifier().setSystem(external.requesterIdentifierSystem())
                        .setValue(external.requesterIdentifierValue()));
            }
            sr.setRequester(requester);
        } else if (r.source() == ReferralSource.SELF) {
            sr.setRequester(new Reference("Patient/" + r.patientId()));
        }
        return sr;
    }

    /** When the clinic received the referral, to the second, as served in authoredOn and matched by searches. */
    static Instant authoredOn(ReferralRecord r) {
        return r.receivedAt().truncatedTo(ChronoUnit.SECONDS);
    }

    static ServiceRequestStatus status(ReferralStatus status) {
        return switch (status) {
            case RECEIVED, SCREENING, ASSESSMENT_SCHEDULED, ASSESSED, WAITLISTED -> ServiceRequestStatus.ACTIVE;
            case ADMITTED -> ServiceRequestStatus.COMPLETED;
            case DECLINED, REFERRED_OUT -> ServiceRequestStatus.REVOKED;
        };
    }

    static ServiceRequestPriority priority(Urgency urgency) {
        return switch (urgency) {
            case ROUTINE -> ServiceRequestPriority.ROUTINE;
            case URGENT -> ServiceRequestPriority.URGENT;
            case EMERGENT -> ServiceRequestPriority.STAT;
        };
    }

    static CodeableConcept category() {
        return new CodeableConcept(new Coding(SNOMED, PATIENT_REFERRAL, "Patient referral"))
                .setText("Patient referral");
    }

    static CodeableConcept code(String trackCode) {
        CodeableConcept code = new CodeableConcept(new Coding(HCPCS, INTENSIVE_OUTPATIENT,
                "Alcohol and/or drug services; intensive outpatient"));
        if (trackCode != null) {
            code.addCoding(new Coding(TRACK_SYSTEM, trackCode, null));
        }
        return code.setText("Intensive outpatient substance use treatment (ASAM level 2.1)"
                + (trackCode == null ? "" : ", track " + trackCode));
    }

    /** A stored reason code as served: ICD-10-CM when it was sent as one, else the clinic's reason code. */
    static CodeableConcept reason(String reasonCode) {
        if (reasonCode.startsWith(ICD10_REASON_PREFIX)) {
            String icd10 = reasonCode.substring(ICD10_REASON_PREFIX.length()).toUpperCase(java.util.Locale.ROOT);
            if (Icd10.isValidFormat(icd10)) {
                return new CodeableConcept(new Coding(ICD10CM, icd10, null));
            }
        }
        return new CodeableConcept(new Coding(REASON_SYSTEM, reasonCode, null)).setText(reasonCode);
    }

    // --------------------------------------------------------------------------------------------------- incoming

    /**
     * An EHR's ServiceRequest as a referral, or a 422 naming the first element that cannot be taken.
     * {@code conditionalIdentifier} is the If-None-Exist {@code system|value}, or null.
     */
    static Incoming toReferral(ServiceRequest sr, String[] conditionalIdentifier) {
        refuseWhatCannotBeKept(sr);
        if (sr.getStatus() != ServiceRequestStatus.ACTIVE) {
            throw FhirInput.refuse("ServiceRequest.status", "a referral is sent as active");
        }
        if (sr.getIntent() != ServiceRequestIntent.ORDER) {
            throw FhirInput.refuse("ServiceRequest.intent", "a referral into the clinic is sent as order");
        }
        UUID patientId = FhirInput.patient(sr.getSubject(), "ServiceRequest.subject");
        for (int i = 0; i < sr.getCategory().size(); i++) {
            boolean referral = sr.getCategory().get(i).getCoding().stream()
                    .anyMatch(c -> SNOMED.equals(c.getSystem()) && PATIENT_REFERRAL.equals(c.getCode()));
            if (!referral) {
                throw FhirInput.refuse("ServiceRequest.category[" + i + "]",
                        "only SNOMED CT 3457005 (Patient referral) is accepted");
            }
        }
        String track = track(sr.getCode());
        Urgency urgency = urgency(sr);
        String reasonCode = reasonCode(sr);
        External external = external(sr, conditionalIdentifier);
        ReferralSource source = source(sr);
        ReferralRequest request = new ReferralRequest(null, patientId, null, source, urgency, reasonCode, track,
                null);
        return new Incoming(patientId, request, external);
    }

    private static void refuseWhatCannotBeKept(ServiceRequest sr) {
        Map<String, Boolean> present = new java.util.LinkedHashMap<>();
        present.put("ServiceRequest.modifierExtension", sr.hasModifierExtension());
        present.put("ServiceRequest.contained", sr.hasContained());
        present.put("ServiceRequest.instantiatesCanonical", sr.hasInstantiatesCanonical());
        present.put("ServiceRequest.instantiatesUri", sr.hasInstantiatesUri());
        present.put("ServiceRequest.basedOn", sr.hasBasedOn());
        present.put("ServiceRequest.replaces", sr.hasReplaces());
        present.put("ServiceRequest.requisition", sr.hasRequisition());
        present.put("ServiceRequest.doNotPerform", sr.hasDoNotPerform() && sr.getDoNotPerform());
        present.put("ServiceRequest.orderDetail", sr.hasOrderDetail());
        present.put("ServiceRequest.quantity[x]", sr.hasQuantity());
        present.put("ServiceRequest.encounter", sr.hasEncounter());
        present.put("ServiceRequest.occurrence[x]", sr.hasOccurrence());
        present.put("ServiceRequest.asNeeded[x]", sr.hasAsNeeded());
        present.put("ServiceRequest.performerType", sr.hasPerformerType());
        present.put("ServiceRequest.performer", sr.hasPerformer());
        present.put("ServiceRequest.locationCode", sr.hasLocationCode());
        present.put("ServiceRequest.locationReference", sr.hasLocationReference());
        present.put("ServiceRequest.reasonReference", sr.hasReasonReference());
        present.put("ServiceRequest.insurance", sr.hasInsurance());
        present.put("ServiceRequest.supportingInfo", sr.hasSupportingInfo());
        present.put("ServiceRequest.specimen", sr.hasSpecimen());
        present.put("ServiceRequest.bodySite", sr.hasBodySite());
        present.put("ServiceRequest.note", sr.hasNote());
        present.put("ServiceRequest.patientInstruction", sr.hasPatientInstruction());
        present.put("ServiceRequest.relevantHistory", sr.hasRelevantHistory());
        present.forEach((element, there) -> {
            if (there) {
                String hint = element.equals("ServiceRequest.reasonReference")
                        ? "send the reason as reasonCode (the clinic's referral reason code or ICD-10-CM)"
                        : "the clinic's referral record has no place for it; send the referral without it";
                throw FhirInput.refuse(element, hint);
            }
        });
        for (int i = 0; i < sr.getExtension().size(); i++) {
            if (!SOURCE_EXTENSION.equals(sr.getExtension().get(i).getUrl())) {
                throw FhirInput.refuse("ServiceRequest.extension[" + i + "]",
                        "not accepted; the one extension taken is " + SOURCE_EXTENSION);
            }
        }
    }

    private static String track(CodeableConcept code) {
        if (code == null || !code.hasCoding()) {
            throw FhirInput.refuse("ServiceRequest.code", "name the service referred to: HCPCS " + INTENSIVE_OUTPATIENT
                    + " (" + HCPCS + ") and/or a track (" + TRACK_SYSTEM + ")");
        }
        String track = null;
        boolean program = false;
        for (Coding c : code.getCoding()) {
            if (HCPCS.equals(c.getSystem()) && INTENSIVE_OUTPATIENT.equals(c.getCode())) {
                program = true;
            } else if (TRACK_SYSTEM.equals(c.getSystem())) {
                if (c.getCode() == null || !c.getCode().matches(ReferralApi.TRACK) || track != null) {
                    throw FhirInput.refuse("ServiceRequest.code", "one track code (" + TRACK_SYSTEM
                            + "), upper-case letters, digits and dashes");
                }
                track = c.getCode();
            }
        }
        if (!program && track == null) {
            throw FhirInput.refuse("ServiceRequest.code", "this clinic takes referrals for intensive outpatient "
                    + "treatment: HCPCS " + INTENSIVE_OUTPATIENT + " (" + HCPCS + ") and/or a track (" + TRACK_SYSTEM
                    + ")");
        }
        return track;
    }

    private static Urgency urgency(ServiceRequest sr) {
        if (!sr.hasPriority()) {
            return Urgency.ROUTINE; // FHIR: a request without a priority has normal priority
        }
        return switch (sr.getPriority()) {
            case ROUTINE -> Urgency.ROUTINE;
            case URGENT -> Urgency.URGENT;
            case ASAP, STAT -> Urgency.EMERGENT;
            default -> throw FhirInput.refuse("ServiceRequest.priority", "routine, urgent, asap or stat");
        };
    }

    private static String reasonCode(ServiceRequest sr) {
        if (sr.getReasonCode().size() != 1) {
            throw FhirInput.refuse("ServiceRequest.reasonCode", "exactly one reason is required: the clinic's "
                    + "referral reason code (" + REASON_SYSTEM + ") or an ICD-10-CM code (" + ICD10CM + ")");
        }
        for (Coding c : sr.getReasonCode().get(0).getCoding()) {
            if (REASON_SYSTEM.equals(c.getSystem()) && c.getCode() != null && c.getCode().matches(ReferralApi.CODE)) {
                return c.getCode();
            }
            if (ICD10CM.equals(c.getSystem()) && Icd10.isValidFormat(c.getCode())) {
                return ICD10_REASON_PREFIX + c.getCode().toLowerCase(java.util.Locale.ROOT);
            }
        }
        throw FhirInput.refuse("ServiceRequest.reasonCode[0]", "a coding of the clinic's referral reasons ("
                + REASON_SYSTEM + ": lower-case letters, digits, dots and dashes) or a well-formed ICD-10-CM code ("
                + ICD10CM + ") is required");
    }

    private static External external(ServiceRequest sr, String[] conditionalIdentifier) {
        if (sr.getIdentifier().size() > 1) {
            throw FhirInput.refuse("ServiceRequest.identifier", "at most one identifier is kept");
        }
        String system = null;
        String value = null;
        if (sr.hasIdentifier()) {
            Identifier identifier = sr.getIdentifierFirstRep();
            if (!identifier.hasSystem() || !identifier.hasValue()) {
                throw FhirInput.refuse("ServiceRequest.identifier", "system and value are required");
            }
            system = identifier.getSystem();
            value = identifier.getValue();
        }
        if (conditionalIdentifier != null) {
            if (system != null && !(system.equals(conditionalIdentifier[0]) && value.equals(conditionalIdentifier[1]))) {
                throw FhirInput.refuse("ServiceRequest.identifier", "must be the identifier If-None-Exist names");
            }
            system = conditionalIdentifier[0];
            value = conditionalIdentifier[1];
        }
        String display = null;
        String requesterSystem = null;
        String requesterValue = null;
        if (sr.hasRequester() && !isPatient(sr.getRequester(), sr.getSubject())) {
            Reference requester = sr.getRequester();
            if (requester.hasReference()) {
                throw FhirInput.refuse("ServiceRequest.requester", "a reference to a record on another server cannot "
                        + "be kept; name the referrer by identifier and/or display");
            }
            if (!requester.hasDisplay() && !requester.hasIdentifier()) {
                throw FhirInput.refuse("ServiceRequest.requester", "name the referrer by identifier and/or display");
            }
            if (requester.hasIdentifier()) {
                if (!requester.getIdentifier().hasSystem() || !requester.getIdentifier().hasValue()) {
                    throw FhirInput.refuse("ServiceRequest.requester.identifier", "system and value are required");
                }
                requesterSystem = requester.getIdentifier().getSystem();
                requesterValue = requester.getIdentifier().getValue();
            }
            display = requester.getDisplay();
        }
        return new External(system, value, display, requesterSystem, requesterValue);
    }

    private static ReferralSource source(ServiceRequest sr) {
        boolean self = sr.hasRequester() && isPatient(sr.getRequester(), sr.getSubject());
        Extension extension = sr.getExtensionByUrl(SOURCE_EXTENSION);
        if (extension == null) {
            if (self) {
                return ReferralSource.SELF;
            }
            throw FhirInput.refuse("ServiceRequest.extension('" + SOURCE_EXTENSION + "')", "say where the referral "
                    + "comes from (valueCode: " + String.join(", ", EHR_SOURCES.stream().map(ReferralSource::value)
                    .toList()) + "), or make the patient the requester of a self-referral");
        }
        String code = extension.getValue() instanceof CodeType c ? c.getValue() : null;
        ReferralSource source = EHR_SOURCES.stream().filter(s -> s.value().equals(code)).findFirst()
                .orElseThrow(() -> FhirInput.refuse("ServiceRequest.extension('" + SOURCE_EXTENSION + "')",
                        "valueCode must be one of " + String.join(", ", EHR_SOURCES.stream()
                                .map(ReferralSource::value).toList())));
        if (self && source != ReferralSource.SELF) {
            throw FhirInput.refuse("ServiceRequest.requester", "the patient requests only a self-referral");
        }
        return source;
    }

    private static boolean isPatient(Reference requester, Reference subject) {
        return requester.hasReference() && subject != null && requester.getReference().equals(subject.getReference());
    }
}
