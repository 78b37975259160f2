package care.iop.notes.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.events.notes.NoteKind;
import care.iop.notes.note.MentalStatus;
import care.iop.notes.note.NoteApi.AddendumView;
import care.iop.notes.note.NoteApi.EntryView;
import care.iop.notes.note.NoteApi.NoteView;
import care.iop.notes.note.NoteFormats;
import care.iop.notes.note.NoteService.SignedDocument;
import care.iop.notes.note.Risk;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A signed note as a US Core DocumentReference (category clinical-note), the signed text as a plain-text attachment.
 * <ul>
 *   <li>type: LOINC 11506-3 Progress note for a progress note; LOINC 34787-2 Mental health Group counseling note for
 *       a group note (both document ontology codes, in US Core's DocumentReference type value set).</li>
 *   <li>status current; docStatus final, or amended once a signed addendum exists. Addenda are appended to the
 *       attachment after the note, each under its own heading with its signing time (the note itself is never
 *       changed), so the document stays one resource with one id.</li>
 *   <li>date: when the note was signed; context.period: the day of service; author: the note's author, authenticator:
 *       the co-signing supervisor where there is one. No Encounter reference: scheduling's Encounters have ids this
 *       service does not know.</li>
 *   <li>meta.versionId: the note's version plus its number of addenda (both only grow), so it changes whenever the
 *       document does.</li>
 * </ul>
 */
final class DocumentReferenceMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference";
    static final String LOINC = "http://loinc.org";
    static final String PROGRESS_NOTE = "11506-3";
    static final String GROUP_NOTE = "34787-2";
    static final String CATEGORY_SYSTEM = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";
    static final String CLINICAL_NOTE = "clinical-note";
    static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    /** IHE format code for a document whose MIME type says all a reader needs (US Core's advice for plain text). */
    static final String FORMAT_SYSTEM = "http://ihe.net/fhir/ValueSet/IHE.FormatCode.codesystem";
    static final String FORMAT_CODE = "urn:ihe:iti:xds:2017:mimeTypeSufficient";
    static final String URN_SYSTEM = "urn:ietf:rfc:3986";

    private DocumentReferenceMapping() {
    }

    /** The LOINC type of a kind that is served; nothing else ever is. */
    static String typeCode(NoteKind kind) {
        return switch (kind) {
            case PROGRESS -> PROGRESS_NOTE;
            case GROUP -> GROUP_NOTE;
            default -> throw new IllegalArgumentException("Not served as a document: " + kind);
        };
    }

    static String typeDisplay(NoteKind kind) {
        return kind == NoteKind.GROUP ? "Mental health Group counseling note" : "Progress note";
    }

    static DocumentReference toFhir(SignedDocument document) {
        NoteView note = document.note();
        DocumentReference d = new DocumentReference();
        String version = Long.toString(note.version() + note.addenda().size());
        d.setId(new IdType("DocumentReference", document.id().toString(), version));
        d.getMeta().setVersionId(version).setLastUpdated(Date.from(lastUpdated(note))).addProfile(PROFILE);
        Part2Labels.label(d);
        d.addIdentifier().setSystem(URN_SYSTEM).setValue("urn:uuid:" + document.id());
        d.setStatus(DocumentReferenceStatus.CURRENT);
        d.setDocStatus(note.addenda().isEmpty() ? DocumentReference.ReferredDocumentStatus.FINAL
                : DocumentReference.ReferredDocumentStatus.AMENDED);
        d.setType(new CodeableConcept(new Coding(LOINC, typeCode(note.kind()), typeDisplay(note.kind())))
                .setText(typeDisplay(note.kind())));
        d.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, CLINICAL_NOTE, "Clinical Note")));
        d.setSubject(new Reference("Patient/" + document.patientId()));
        d.setDateElement(new InstantType(Date.from(note.signedAt())));
        d.addAuthor(new Reference("Practitioner/" + note.authorId()));
        if (note.coSignedBy() != null) {
            d.setAuthenticator(new Reference("Practitioner/" + note.coSignedBy()));
        }
        Attachment attachment = new Attachment().setContentType(CONTENT_TYPE)
                .setData(render(note).getBytes(StandardCharsets.UTF_8))
                .setTitle(typeDisplay(note.kind()) + ", " + note.serviceDate())
                .setCreationElement(new DateTimeType(Date.from(note.signedAt())));
        d.addContent().setAttachment(attachment).setFormat(new Coding(FORMAT_SYSTEM, FORMAT_CODE,
                "mimeType Sufficient"));
        DateTimeType day = new DateTimeType(note.serviceDate().toString());
        d.getContext().setPeriod(new Period().setStartElement(day).setEndElement(day.copy()));
        return d;
    }

    private static Instant lastUpdated(NoteView note) {
        return Stream.concat(Stream.of(note.signedAt(), note.coSignedAt()),
                        note.addenda().stream().map(AddendumView::signedAt))
                .filter(Objects::nonNull).max(Instant::compareTo).orElse(note.signedAt());
    }

    /**
     * The signed note as plain text: a heading line, then each section under its name in the format's order; mental
     * status, risk and interventions where recorded; a group note's shared narrative and the one individual section
     * the view holds (the reader's patient's); then the signed addenda.
     */
    static String render(NoteView note) {
        StringBuilder text = new StringBuilder();
        text.append(typeDisplay(note.kind()));
        if (note.format() != null && note.kind() != NoteKind.GROUP) {
            text.append(" (").append(note.format().name()).append(')');
        }
        text.append('\n').append("Date of service: ").append(note.serviceDate()).append('\n');
        text.append("Signed: ").append(note.signedAt()).append('\n');
        if (note.coSignedAt() != null) {
            text.append("Co-signed: ").append(note.coSignedAt()).append('\n');
        }
        if (note.kind() == NoteKind.GROUP) {
            section(text, "Group narrative", note.sections().get("narrative"));
            for (EntryView entry : note.entries()) {
                section(text, "Individual section", entry.section());
            }
        } else {
            Map<String, String> sections = new LinkedHashMap<>();
            NoteFormats.sections(note.format()).forEach(name -> sections.put(name, note.sections().get(name)));
            sections.forEach((name, body) -> section(text, heading(name), body));
        }
        if (note.mentalStatus() != null) {
            section(text, "Mental status", mentalStatus(note.mentalStatus()));
        }
        if (note.risk() != null) {
            section(text, "Risk", risk(note.risk()));
        }
        if (note.interventions() != null && !note.interventions().isEmpty()) {
            section(text, "Interventions", String.join(", ", note.interventions()));
        }
        for (AddendumView addendum : note.addenda()) {
            section(text, "Addendum (signed " + addendum.signedAt() + ")", addendum.text());
        }
        return text.toString();
    }

    private static void section(StringBuilder text, String heading, String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        text.append('\n').append(heading).append('\n').append(body.strip()).append('\n');
    }

    private static String heading(String sectionName) {
        return Character.toUpperCase(sectionName.charAt(0)) + sectionName.substring(1);
    }

    private static String mentalStatus(MentalStatus m) {
        List<String> lines = new ArrayList<>();
        line(lines, "Appearance", m.appearance());
        line(lines, "Behavior", m.behavior());
        line(lines, "Speech", m.speech());
        line(lines, "Mood", m.mood());
        line(lines, "Affect", m.affect());
        line(lines, "Thought process", m.thoughtProcess());
        line(lines, "Thought content", m.thoughtContent());
        line(lines, "Perception", m.perception());
        line(lines, "Cognition", m.cognition());
        line(lines, "Insight", m.insight());
        line(lines, "Judgment", m.judgment());
        return String.join("\n", lines);
    }

    private static String risk(Risk r) {
        List<String> lines = new ArrayList<>();
        line(lines, "Suicidal ideation", r.suicidalIdeation() == null ? null : r.suicidalIdeation().value());
        line(lines, "Homicidal ideation", r.homicidalIdeation() == null ? null : r.homicidalIdeation().value());
        line(lines, "Self-harm", r.selfHarm() == null ? null : r.selfHarm() ? "yes" : "no");
        line(lines, "Level", r.level() == null ? null : r.level().value());
        line(lines, "Safety plan reviewed", r.safetyPlanReviewed() == null ? null
                : r.safetyPlanReviewed() ? "yes" : "no");
        line(lines, "Notes", r.notes());
        return String.join("\n", lines);
    }

    private static void line(List<String> lines, String label, String value) {
        if (value != null && !value.isBlank()) {
            lines.add(label + ": " + value.strip());
        }
    }
}
