package care.iop.notes.fhir;

import care.iop.notes.NotesClinic;
import care.iop.testkit.StaffMember;
import care.iop.testkit.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static care.iop.notes.fhir.Fhir.as;
import static care.iop.notes.fhir.Fhir.bundle;
import static care.iop.notes.fhir.Fhir.ids;
import static care.iop.notes.fhir.Fhir.text;
import static care.iop.notes.fhir.Fhir.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * US Core DocumentReference for signed progress and group notes (issue #18): read, the US Core searches with date
 * comparators and paging, a group note's per-patient documents, and what is never served (psychotherapy notes, drafts,
 * notes awaiting co-signature) even to an EHR with the scope or to the note's author.
 */
@QuarkusTest
class DocumentReferenceFhirTest {

    private static final String PROFILE = DocumentReferenceMapping.PROFILE;
    private static final String CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category"
            + "|clinical-note";

    private final NotesClinic clinic = new NotesClinic();
    private final String ehr = Fhir.ehr(clinic.clinic, "system/DocumentReference.rs");

    @Inject
    AgroalDataSource dataSource;

    /** A note the author signs; its id and signing time. */
    private record Signed(String id, Instant signedAt) {
    }

    private Signed signed(StaffMember author, UUID patient, String kind, String subjective) {
        var body = NotesClinic.soap(subjective, "Continue the program.");
        body.put("kind", kind);
        ExtractableResponse<Response> created = author.api().body(body).post(BASE + "/patients/" + patient + "/notes")
                .then().statusCode(201).extract();
        String id = created.path("id");
        String signedAt = author.api().header("If-Match", created.header("ETag")).post(BASE + "/notes/" + id + "/sign")
                .then().statusCode(200).extract().path("signedAt");
        return new Signed(id, Instant.parse(signedAt));
    }

    /** An instant with millisecond precision, as a search value (the signing times are stored to the microsecond). */
    private static String millis(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(at);
    }

    private String draft(UUID patient, String subjective) {
        return clinic.clinician.api().body(NotesClinic.soap(subjective, null))
                .post(BASE + "/patients/" + patient + "/notes").then().statusCode(201).extract().path("id");
    }

    private Bundle search(String bearer, String query) {
        return bundle(as(bearer).get(Fhir.BASE + "/DocumentReference?" + query).then().statusCode(200)
                .extract().asString(), PROFILE);
    }

    private DocumentReference read(String bearer, String id) {
        return valid(as(bearer).get(Fhir.BASE + "/DocumentReference/" + id).then().statusCode(200)
                .extract().asString(), DocumentReference.class, PROFILE);
    }

    @Test
    void the_capability_statement_names_the_three_types_their_profiles_and_searches() {
        as(null).get(Fhir.BASE + "/metadata").then().statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("instantiates", org.hamcrest.Matchers.hasItem(
                        "http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server"))
                .body("rest[0].resource.find { it.type == 'DocumentReference' }.supportedProfile",
                        org.hamcrest.Matchers.hasItem(DocumentReferenceMapping.PROFILE))
                .body("rest[0].resource.find { it.type == 'DocumentReference' }.searchParam.name",
                        org.hamcrest.Matchers.hasItems("_id", "patient", "category", "type", "date", "status"))
                .body("rest[0].resource.find { it.type == 'CarePlan' }.supportedProfile",
                        org.hamcrest.Matchers.hasItem(CarePlanMapping.PROFILE))
                .body("rest[0].resource.find { it.type == 'CarePlan' }.searchInclude",
                        org.hamcrest.Matchers.hasItem("CarePlan:goal"))
                .body("rest[0].resource.find { it.type == 'Goal' }.supportedProfile",
                        org.hamcrest.Matchers.hasItem(GoalMapping.PROFILE))
                .body("rest[0].resource.find { it.type == 'Goal' }.searchParam.name",
                        org.hamcrest.Matchers.hasItems("patient", "lifecycle-status", "target-date"));
    }

    @Test
    void a_signed_progress_note_reads_as_a_labelled_us_core_clinical_note_audited_like_the_rest_read()
            throws Exception {
        UUID patient = clinic.admittedPatient();
        Signed note = signed(clinic.clinician, patient, "progress", "Cravings after work, used coping card.");

        String fhirRequest = "fhir-read-" + UUID.randomUUID();
        String json = as(ehr).header("X-Request-Id", fhirRequest).get(Fhir.BASE + "/DocumentReference/" + note.id())
                .then().statusCode(200).header("ETag", "W/\"1\"").extract().asString();
        DocumentReference d = valid(json, DocumentReference.class, PROFILE);
        assertThat(d.getIdElement().getIdPart()).isEqualTo(note.id());
        assertThat(d.getMeta().getVersionId()).isEqualTo("1");
        assertThat(d.getMeta().getSecurity()).extracting(c -> c.getCode()).containsExactlyInAnyOrder("R", "42CFRPart2",
                "ETH");
        assertThat(d.getStatus().toCode()).isEqualTo("current");
        assertThat(d.getDocStatus().toCode()).isEqualTo("final");
        assertThat(d.getType().getCodingFirstRep().getCode()).isEqualTo("11506-3");
        assertThat(d.getSubject().getReference()).isEqualTo("Patient/" + patient);
        assertThat(d.getAuthorFirstRep().getReference()).isEqualTo("Practitioner/" + clinic.clinician.id());
        assertThat(d.getDate().toInstant()).isEqualTo(note.signedAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(text(d)).contains("Subjective\nCravings after work, used coping card.\n", "Plan\nContinue the program.");

        String restRequest = "rest-read-" + UUID.randomUUID();
        io.restassured.RestAssured.given().header("Authorization", ehr).header("X-Request-Id", restRequest)
                .get(BASE + "/notes/" + note.id()).then().statusCode(200);
        assertThat(Fhir.audit(dataSource, fhirRequest))
                .containsExactly("read Note " + note.id() + " " + patient + " success TREAT")
                .isEqualTo(Fhir.audit(dataSource, restRequest));

        // An addendum amends the document and moves its version; the note as signed stays first.
        clinic.otherClinician.api().body(Map.of("text", "Spoke with the patient's sponsor."))
                .post(BASE + "/notes/" + note.id() + "/addenda").then().statusCode(201);
        DocumentReference amended = read(ehr, note.id());
        assertThat(amended.getDocStatus().toCode()).isEqualTo("amended");
        assertThat(amended.getMeta().getVersionId()).isEqualTo("2");
        assertThat(text(amended)).contains("Cravings after work").endsWith("Spoke with the patient's sponsor.\n");
    }

    @Test
    void every_us_core_search_finds_what_matches_and_nothing_else() {
        UUID patient = clinic.admittedPatient();
        UUID other = clinic.admittedPatient();
        Signed first = signed(clinic.clinician, patient, "progress", "First week.");
        Signed second = signed(clinic.clinician, patient, "progress", "Second week.");
        signed(clinic.clinician, other, "progress", "Someone else.");
        String p = "patient=Patient/" + patient;

        assertThat(ids(search(ehr, p))).containsExactly(second.id(), first.id());
        assertThat(ids(search(ehr, "patient=" + patient))).containsExactly(second.id(), first.id());
        assertThat(ids(search(ehr, "_id=" + first.id()))).containsExactly(first.id());
        assertThat(ids(search(ehr, "_id=" + UUID.randomUUID()))).isEmpty();
        assertThat(ids(search(ehr, "_id=not-a-uuid"))).isEmpty();
        assertThat(ids(search(ehr, p + "&category=" + CATEGORY))).hasSize(2);
        assertThat(ids(search(ehr, p + "&category=clinical-note"))).hasSize(2);
        assertThat(ids(search(ehr, p + "&category=http://loinc.org|LP29684-5"))).isEmpty();
        assertThat(ids(search(ehr, p + "&type=http://loinc.org|11506-3"))).hasSize(2);
        assertThat(ids(search(ehr, p + "&type=http://loinc.org|34787-2"))).isEmpty();
        assertThat(ids(search(ehr, p + "&type=http://loinc.org|18842-5"))).isEmpty();
        assertThat(ids(search(ehr, p + "&status=current"))).hasSize(2);
        assertThat(ids(search(ehr, p + "&status=superseded"))).isEmpty();

        // date is the signing time: comparators against the days around the second signature.
        LocalDate day = second.signedAt().atZone(ZoneOffset.UTC).toLocalDate();
        String c = p + "&category=" + CATEGORY + "&date=";
        assertThat(ids(search(ehr, c + "ge" + day))).contains(second.id());
        assertThat(ids(search(ehr, c + "le" + day))).contains(second.id());
        assertThat(ids(search(ehr, c + "gt" + day))).isEmpty();
        assertThat(ids(search(ehr, c + "lt" + day.minusDays(1)))).isEmpty();
        assertThat(ids(search(ehr, c + "lt" + day.plusDays(1)))).hasSize(2);
        assertThat(ids(search(ehr, c + "gt" + day.minusDays(2)))).hasSize(2);
        assertThat(ids(search(ehr, c + "ge" + day.minusDays(1) + "&date=lt" + day.plusDays(1)))).hasSize(2);
        // To the millisecond: after the first signature and up to the second.
        assertThat(ids(search(ehr, c + "gt" + millis(first.signedAt()) + "&date=le" + millis(second.signedAt()))))
                .containsExactly(second.id());
        assertThat(ids(search(ehr, c + "ge" + millis(first.signedAt()) + "&date=lt" + millis(second.signedAt()))))
                .containsExactly(first.id());
        assertThat(ids(search(ehr, c + "ge" + second.signedAt().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS))))
                .isEmpty();
        as(ehr).get(Fhir.BASE + "/DocumentReference?" + c + "ap" + day).then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        as(ehr).get(Fhir.BASE + "/DocumentReference?patient=Patient/nobody").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void count_pages_through_next_links_with_offset() {
        UUID patient = clinic.admittedPatient();
        Signed first = signed(clinic.clinician, patient, "progress", "One.");
        Signed second = signed(clinic.clinician, patient, "progress", "Two.");
        Signed third = signed(clinic.clinician, patient, "progress", "Three.");

        Bundle page1 = search(ehr, "patient=" + patient + "&_count=2");
        assertThat(page1.getTotal()).isEqualTo(3);
        assertThat(ids(page1)).containsExactly(third.id(), second.id());
        String next = page1.getLink("next").getUrl();
        assertThat(next).contains("_offset=2");
        Bundle page2 = bundle(as(ehr).get(next).then().statusCode(200).extract().asString(), PROFILE);
        assertThat(ids(page2)).containsExactly(first.id());
        assertThat(page2.getLink("next")).isNull();

        Bundle one = search(ehr, "patient=" + patient + "&_count=1");
        assertThat(ids(one)).containsExactly(third.id());
        assertThat(one.getLink("next").getUrl()).contains("_offset=1");
    }

    @Test
    void psychotherapy_notes_drafts_and_notes_awaiting_co_signature_are_never_served() {
        UUID patient = clinic.admittedPatient();
        Signed progress = signed(clinic.clinician, patient, "progress", "Served.");
        Signed psychotherapy = signed(clinic.clinician, patient, "psychotherapy", "Processing a trauma.");
        String draft = draft(patient, "Not signed yet.");
        StaffMember supervised = clinic.person("clinician");
        clinic.person("clinic-admin").api().put(BASE + "/supervised-staff/" + supervised.id()).then()
                .statusCode(org.hamcrest.Matchers.either(equalTo(200)).or(equalTo(201)).or(equalTo(204)));
        Signed pending = signed(supervised, patient, "progress", "Awaiting co-signature.");
        clinic.clinician.api().get(BASE + "/notes/" + pending.id()).then().statusCode(200)
                .body("status", equalTo("pending-co-signature"));

        String everything = Fhir.ehr(clinic.clinic, "system/*.* system/DocumentReference.rs");
        for (String reader : List.of(ehr, everything, clinic.clinician.bearer(), clinic.supervisor.bearer())) {
            for (String hidden : List.of(psychotherapy.id(), draft, pending.id())) {
                as(reader).get(Fhir.BASE + "/DocumentReference/" + hidden).then().statusCode(404)
                        .body("resourceType", equalTo("OperationOutcome"));
                assertThat(ids(search(reader, "_id=" + hidden))).isEmpty();
            }
            assertThat(ids(search(reader, "patient=" + patient))).containsExactly(progress.id());
            assertThat(ids(search(reader, "patient=" + patient + "&category=clinical-note"))).containsExactly(
                    progress.id());
        }
        // The author reads the psychotherapy note and the draft on the REST API, never over FHIR.
        clinic.clinician.api().get(BASE + "/notes/" + psychotherapy.id()).then().statusCode(200);
        clinic.clinician.api().get(BASE + "/notes/" + draft).then().statusCode(200);

        // Once co-signed, the note is the legal record and is served, naming its co-signer.
        String etag = clinic.supervisor.api().get(BASE + "/notes/" + pending.id()).then().extract().header("ETag");
        clinic.supervisor.api().header("If-Match", etag).post(BASE + "/notes/" + pending.id() + "/co-sign").then()
                .statusCode(200);
        DocumentReference cosigned = read(ehr, pending.id());
        assertThat(cosigned.getAuthenticator().getReference()).isEqualTo("Practitioner/" + clinic.supervisor.id());
        assertThat(ids(search(ehr, "patient=" + patient))).containsExactlyInAnyOrder(progress.id(), pending.id());
    }

    @Test
    void a_group_notes_document_for_a_patient_holds_that_patients_section_and_nobody_elses() {
        UUID session = UUID.randomUUID();
        UUID ann = clinic.admittedPatient();
        UUID bo = clinic.admittedPatient();
        Instant started = Instant.now().minus(2, ChronoUnit.HOURS);
        clinic.attended(session, ann, started, clinic.clinician.id());
        clinic.attended(session, bo, started, clinic.clinician.id());
        var body = Map.of("sessionId", session.toString(), "serviceDate", LocalDate.now().toString(),
                "narrative", "Group worked on relapse warning signs.", "interventions", List.of("relapse-prevention"),
                "entries", List.of(Map.of("patientId", ann.toString(), "section", "Ann named a trigger at work."),
                        Map.of("patientId", bo.toString(), "section", "Bo practised refusal skills.")));
        var created = clinic.clinician.api().body(body).post(BASE + "/group-notes").then().statusCode(201).extract();
        String noteId = created.path("id");
        clinic.clinician.api().header("If-Match", created.header("ETag")).post(BASE + "/notes/" + noteId + "/sign")
                .then().statusCode(200);

        for (String reader : List.of(ehr, clinic.clinician.bearer())) {
            Bundle forAnn = search(reader, "patient=" + ann + "&type=http://loinc.org|34787-2");
            assertThat(ids(forAnn)).hasSize(1);
            String annDocument = ids(forAnn).get(0);
            assertThat(annDocument).isNotEqualTo(noteId);
            DocumentReference d = read(reader, annDocument);
            assertThat(d.getSubject().getReference()).isEqualTo("Patient/" + ann);
            assertThat(d.getType().getCodingFirstRep().getCode()).isEqualTo("34787-2");
            assertThat(text(d)).contains("Group narrative\nGroup worked on relapse warning signs.",
                    "Individual section\nAnn named a trigger at work.")
                    .doesNotContain("Bo practised", "refusal skills", bo.toString());
            String boDocument = ids(search(reader, "patient=" + bo)).get(0);
            assertThat(boDocument).isNotEqualTo(annDocument);
            assertThat(text(read(reader, boDocument))).contains("Bo practised refusal skills.")
                    .doesNotContain("Ann named");
        }
        // The group note's own id names no document: each patient's part has its own.
        as(ehr).get(Fhir.BASE + "/DocumentReference/" + noteId).then().statusCode(404);
        assertThat(ids(search(ehr, "patient=" + ann + "&type=http://loinc.org|11506-3"))).isEmpty();
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_and_a_token_without_the_scope_403() {
        UUID patient = clinic.admittedPatient();
        Signed note = signed(clinic.clinician, patient, "progress", "Ours.");
        String riverside = TestTokens.ehr(UUID.randomUUID(), "ehr-riverside")
                .claim("scope", "system/DocumentReference.rs").bearer();
        as(riverside).get(Fhir.BASE + "/DocumentReference/" + note.id()).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("not-found"));
        assertThat(search(riverside, "patient=" + patient).getTotal()).isZero();
        assertThat(ids(search(riverside, "_id=" + note.id()))).isEmpty();
        assertThat(ids(search(new NotesClinic().clinician.bearer(), "patient=" + patient))).isEmpty();

        as(null).get(Fhir.BASE + "/DocumentReference/" + note.id()).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("login"));
        as(null).get(Fhir.BASE + "/DocumentReference?patient=" + patient).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        as(Fhir.ehr(clinic.clinic, "system/CarePlan.rs")).get(Fhir.BASE + "/DocumentReference/" + note.id()).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/DocumentReference.r"));
        as(Fhir.ehr(clinic.clinic, "system/DocumentReference.r")).get(Fhir.BASE + "/DocumentReference?patient="
                + patient).then().statusCode(403).body("issue[0].diagnostics",
                containsString("system/DocumentReference.s"));
        // Roles as on the REST API: an auditor or a scheduler reads no notes.
        as(clinic.person("scheduler").bearer()).get(Fhir.BASE + "/DocumentReference/" + note.id()).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"));
    }
}
