package care.iop.notes.fhir;

import care.iop.events.notes.NoteKind;
import care.iop.notes.note.NoteApi.NoteView;
import care.iop.notes.note.NoteService.SignedDocument;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signed notes as US Core DocumentReferences: codes, statuses, versions and the rendered text. (US Core validation
 * of every variant is in {@link DocumentReferenceFhirTest}, on what the API answers.)
 */
class DocumentReferenceMappingTest {

    private static String text(DocumentReference d) {
        return new String(d.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8);
    }

    @Test
    void a_progress_note_is_a_clinical_note_with_its_sections_in_the_formats_order() {
        NoteView note = MappingSamples.progressNote(List.of());
        DocumentReference d = DocumentReferenceMapping.toFhir(new SignedDocument(note.id(), note.patientId(), note));
        assertThat(d.getIdElement().getIdPart()).isEqualTo(note.id().toString());
        assertThat(d.getMeta().getVersionId()).isEqualTo("3");
        assertThat(d.getStatus().toCode()).isEqualTo("current");
        assertThat(d.getDocStatus().toCode()).isEqualTo("final");
        assertThat(d.getType().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(d.getType().getCodingFirstRep().getCode()).isEqualTo("11506-3");
        assertThat(d.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("clinical-note");
        assertThat(d.getSubject().getReference()).isEqualTo("Patient/" + note.patientId());
        assertThat(d.getAuthorFirstRep().getReference()).isEqualTo("Practitioner/" + note.authorId());
        assertThat(d.getContext().getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-03-02");
        assertThat(d.getContentFirstRep().getAttachment().getContentType()).isEqualTo("text/plain; charset=utf-8");
        String text = text(d);
        assertThat(text).startsWith("Progress note (SOAP)\nDate of service: 2026-03-02\n");
        assertThat(text.indexOf("Subjective\nReports cravings")).isLessThan(text.indexOf("Objective\n"));
        assertThat(text.indexOf("Assessment\n")).isLessThan(text.indexOf("Plan\nContinue IOP"));
        assertThat(text).contains("Mood: euthymic", "Suicidal ideation: none", "Interventions\ncbt");
    }

    @Test
    void addenda_make_it_amended_follow_the_note_and_move_the_version() {
        NoteView note = MappingSamples.progressNote(List.of(MappingSamples.addendum("Patient called back."),
                MappingSamples.addendum("Lab result reviewed.")));
        DocumentReference d = DocumentReferenceMapping.toFhir(new SignedDocument(note.id(), note.patientId(), note));
        assertThat(d.getDocStatus().toCode()).isEqualTo("amended");
        assertThat(d.getMeta().getVersionId()).isEqualTo("5");
        assertThat(text(d)).contains("\nAddendum (signed 2026-03-03T18:30:00.123456Z)\nPatient called back.\n")
                .endsWith("Lab result reviewed.\n");
    }

    @Test
    void a_group_note_document_holds_the_narrative_and_its_patients_section_only() {
        UUID ann = UUID.randomUUID();
        UUID entry = UUID.randomUUID();
        NoteView note = MappingSamples.groupNote(ann, "Ann shared a trigger.");
        DocumentReference d = DocumentReferenceMapping.toFhir(new SignedDocument(entry, ann, note));
        assertThat(d.getIdElement().getIdPart()).isEqualTo(entry.toString());
        assertThat(d.getType().getCodingFirstRep().getCode()).isEqualTo("34787-2");
        assertThat(d.getSubject().getReference()).isEqualTo("Patient/" + ann);
        assertThat(d.getAuthenticator().getReference()).isEqualTo("Practitioner/" + note.coSignedBy());
        assertThat(text(d)).contains("Group narrative\nGroup on triggers.\n",
                "Individual section\nAnn shared a trigger.\n").doesNotContain(ann.toString());
    }

    @Test
    void only_progress_and_group_notes_have_a_document_type() {
        assertThat(DocumentReferenceMapping.typeCode(NoteKind.PROGRESS)).isEqualTo("11506-3");
        assertThat(DocumentReferenceMapping.typeCode(NoteKind.GROUP)).isEqualTo("34787-2");
        assertThatThrownBy(() -> DocumentReferenceMapping.typeCode(NoteKind.PSYCHOTHERAPY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
