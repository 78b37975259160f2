package care.iop.notes.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.events.notes.NoteKind;
import care.iop.notes.note.NoteService;
import care.iop.notes.note.NoteService.DocumentPage;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * US Core DocumentReference over {@link NoteService}: signed progress notes and each attendee's part of a signed group
 * note, read by id and searched as US Core asks ({@code _id}; {@code patient}; with {@code category}, {@code type},
 * {@code date}, {@code status}). Drafts, notes awaiting co-signature and psychotherapy notes do not exist here for
 * anyone: a read is 404 and searches leave them out, whatever the caller's roles or scopes. Every document served is
 * audited as a read of its note, as the REST reads are.
 */
@Singleton
public class DocumentReferenceProvider implements FhirProfiled {

    @Inject
    NoteService notes;

    @Override
    public Class<DocumentReference> getResourceType() {
        return DocumentReference.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(DocumentReferenceMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public DocumentReference read(@IdParam IdType id) {
        return DocumentReferenceMapping.toFhir(notes.signedDocument(FhirIds.uuid(id, "DocumentReference")));
    }

    @Search
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id,
                                @Offset Integer offset, @Count Integer count) {
        UUID documentId = FhirIds.referenceOrNull(id.getValue(), "DocumentReference");
        if (documentId == null) {
            return FhirPages.of(List.of(), offset, count);
        }
        return page(notes.signedDocuments(null, documentId, NoteService.DOCUMENT_KINDS, signedAt -> true,
                FhirPages.offset(offset), FhirPages.count(count)), offset, count);
    }

    @Search
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byPatient(@RequiredParam(name = DocumentReference.SP_PATIENT) ReferenceParam patient,
                                     @OptionalParam(name = DocumentReference.SP_CATEGORY) TokenOrListParam category,
                                     @OptionalParam(name = DocumentReference.SP_TYPE) TokenOrListParam type,
                                     @OptionalParam(name = DocumentReference.SP_DATE) DateAndListParam date,
                                     @OptionalParam(name = DocumentReference.SP_STATUS) TokenOrListParam status,
                                     @Offset Integer offset, @Count Integer count) {
        UUID patientId = FhirIds.reference(patient.getValue(), "Patient");
        FhirSearch.check(date);
        Set<NoteKind> kinds = EnumSet.noneOf(NoteKind.class);
        for (NoteKind kind : NoteService.DOCUMENT_KINDS) {
            if (FhirSearch.matches(type, DocumentReferenceMapping.LOINC, DocumentReferenceMapping.typeCode(kind))) {
                kinds.add(kind);
            }
        }
        boolean everyDocumentMatches = FhirSearch.matches(category, DocumentReferenceMapping.CATEGORY_SYSTEM,
                DocumentReferenceMapping.CLINICAL_NOTE)
                && FhirSearch.matches(status, "http://hl7.org/fhir/document-reference-status", "current");
        if (!everyDocumentMatches || kinds.isEmpty()) {
            return FhirPages.of(List.of(), offset, count);
        }
        Predicate<Instant> signedAt = at -> FhirSearch.matches(date, FhirSearch.Range.instant(at));
        return page(notes.signedDocuments(patientId, null, kinds, signedAt, FhirPages.offset(offset),
                FhirPages.count(count)), offset, count);
    }

    private static IBundleProvider page(DocumentPage page, Integer offset, Integer count) {
        return FhirPages.page(page.items().stream().map(DocumentReferenceMapping::toFhir).toList(), page.total(),
                offset, count);
    }
}
