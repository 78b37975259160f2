package care.iop.testkit.fhir;

import static care.iop.testkit.fhir.UsCoreValidator.US_CORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The US Core 6.1.0 validator accepts complete resources, names what is missing or wrong, and does
 * not turn what cannot be checked offline (LOINC, VSAC value sets) into errors.
 */
class UsCoreValidatorTest {

    static final String PATIENT = US_CORE + "us-core-patient";
    static final String SCREENING_ASSESSMENT = US_CORE + "us-core-observation-screening-assessment";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    static UsCoreValidator validator;

    @BeforeAll
    static void build_once_and_time_it() {
        long started = System.nanoTime();
        validator = UsCoreValidator.get();
        long got = System.nanoTime();
        List<String> first = validator.errors(completePatient());
        long firstDone = System.nanoTime();
        validator.errors(completePatient());
        long secondDone = System.nanoTime();
        List<String> firstObservation = validator.errors(screeningAssessment());
        long observationDone = System.nanoTime();
        System.out.printf(
                "UsCoreValidator (%s, loaded %s): get() %d ms (build %d ms); first validation (us-core-patient)"
                        + " %d ms; second %d ms; first us-core-observation-screening-assessment %d ms%n",
                validator.packageDirectory(), validator.loadedCounts(), (got - started) / 1_000_000,
                validator.buildMillis(), (firstDone - got) / 1_000_000, (secondDone - firstDone) / 1_000_000,
                (observationDone - secondDone) / 1_000_000);
        assertThat(first).isEmpty();
        assertThat(firstObservation).isEmpty();
    }

    // --- Patient -------------------------------------------------------------------------------

    @Test
    void a_complete_us_core_patient_has_no_errors() {
        Patient patient = completePatient();

        assertThat(validator.errors(patient)).isEmpty();
        validator.assertValid(patient);
        System.out.println("Messages for the complete Patient:\n  " + String.join("\n  ", validator.messages(patient)));
    }

    @Test
    void a_patient_without_identifier_and_name_gets_an_error_for_each() {
        Patient patient = completePatient();
        patient.setIdentifier(List.of());
        patient.setName(List.of());

        List<String> errors = validator.errors(patient);

        assertThat(errors).hasSize(2);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("Patient.identifier").contains("minimum required = 1"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("Patient.name").contains("minimum required = 1"));
        assertThatThrownBy(() -> validator.assertValid(patient))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Patient.identifier")
                .hasMessageContaining("Patient.name");
    }

    @Test
    void a_profile_can_be_asked_for_when_meta_profile_does_not_claim_it() {
        Patient unclaimed = completePatient();
        unclaimed.setMeta(null);
        unclaimed.setGender(null);

        assertThat(validator.errors(unclaimed)).as("base R4 alone requires no gender").isEmpty();
        assertThat(validator.errors(unclaimed, PATIENT))
                .singleElement().asString().contains("Patient.gender").contains("minimum required = 1");
    }

    @Test
    void core_terminology_is_still_checked() {
        String json = validator.fhirContext().newJsonParser().encodeResourceToString(completePatient())
                .replace("\"female\"", "\"femal\"");

        assertThat(validator.errors(json)).anySatisfy(e -> assertThat(e)
                .startsWith("Patient.gender: ").contains("administrative-gender").contains("femal"));
    }

    @Test
    void json_is_validated_as_written() {
        String json = validator.fhirContext().newJsonParser().encodeResourceToString(completePatient())
                .replace("\"birthDate\"", "\"birthdate\"");

        assertThat(validator.errors(json)).anySatisfy(e -> assertThat(e).contains("Unrecognized property 'birthdate'"));
    }

    @Test
    void value_sets_built_from_vsac_do_not_make_errors_of_valid_codes() {
        // OMB race, ethnicity and birth sex are unions of VSAC value sets in US Core 6.1.0, gender
        // identity is bound to a VSAC value set, languages filter BCP-47: none can be expanded offline.
        Patient patient = completePatient();
        Extension race = patient.addExtension().setUrl(US_CORE + "us-core-race");
        race.addExtension("ombCategory", new Coding("urn:oid:2.16.840.1.113883.6.238", "2106-3", "White"));
        race.addExtension("text", new StringType("White"));
        Extension ethnicity = patient.addExtension().setUrl(US_CORE + "us-core-ethnicity");
        ethnicity.addExtension("ombCategory",
                new Coding("urn:oid:2.16.840.1.113883.6.238", "2186-5", "Not Hispanic or Latino"));
        ethnicity.addExtension("text", new StringType("Not Hispanic or Latino"));
        patient.addExtension(US_CORE + "us-core-birthsex", new CodeType("F"));
        patient.addExtension(US_CORE + "us-core-genderIdentity", new CodeableConcept(
                new Coding("http://snomed.info/sct", "446141000124107", "Identifies as female gender (finding)")));
        patient.addCommunication().setLanguage(new CodeableConcept(new Coding("urn:ietf:bcp:47", "en-US", "English")));

        assertThat(validator.errors(patient)).isEmpty();
        assertThat(validator.messages(patient)).anySatisfy(m -> assertThat(m)
                .startsWith("INFORMATION").contains("omb-race-category").contains("not checked"));
    }

    @Test
    void a_claimed_profile_that_is_not_loaded_is_an_error() {
        Patient patient = completePatient();
        patient.getMeta().addProfile(US_CORE + "us-core-patiennt");

        assertThat(validator.errors(patient)).anySatisfy(e -> assertThat(e).contains("us-core-patiennt"));
    }

    // --- Observation screening assessment --------------------------------------------------------

    @Test
    void a_phq9_total_score_screening_assessment_has_no_errors() {
        Observation quantity = screeningAssessment();
        Observation integer = screeningAssessment().setValue(new IntegerType(12));

        assertThat(validator.errors(quantity)).isEmpty();
        assertThat(validator.errors(integer)).isEmpty();
        System.out.println("Messages for the PHQ-9 Observation:\n  " + String.join("\n  ", validator.messages(quantity)));
    }

    @Test
    void a_screening_assessment_whose_category_has_the_wrong_code_system_gets_an_error() {
        Observation observation = screeningAssessment();
        observation.getCategoryFirstRep().getCodingFirstRep().setSystem("http://example.org/observation-category");

        assertThat(validator.errors(observation))
                .anySatisfy(e -> assertThat(e).contains("Observation.category:survey"));
    }

    @Test
    void a_screening_assessment_is_checked_against_the_profile_asked_for() {
        Observation observation = screeningAssessment();
        observation.setMeta(null);
        observation.setCategory(List.of());

        assertThat(validator.errors(observation)).isEmpty();
        assertThat(validator.errors(observation, SCREENING_ASSESSMENT))
                .anySatisfy(e -> assertThat(e).contains("Observation.category"));
    }

    @Test
    void the_sdc_based_questionnaire_response_profile_is_rebased_on_core() {
        assertThat(validator.rebasedProfiles()).containsEntry(
                US_CORE + "us-core-questionnaireresponse",
                "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse");
    }

    // --- Finding the package -------------------------------------------------------------------

    @Test
    void a_package_directory_that_does_not_exist_is_named_in_the_error() {
        String previous = System.getProperty(UsCoreValidator.DIR_PROPERTY);
        System.setProperty(UsCoreValidator.DIR_PROPERTY, "/nonexistent/us-core-6.1.0");
        try {
            assertThatThrownBy(UsCoreValidator::locatePackageDirectory)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/nonexistent/us-core-6.1.0")
                    .hasMessageContaining(UsCoreValidator.DIR_PROPERTY);
        } finally {
            if (previous == null) {
                System.clearProperty(UsCoreValidator.DIR_PROPERTY);
            } else {
                System.setProperty(UsCoreValidator.DIR_PROPERTY, previous);
            }
        }
    }

    @Test
    void the_package_is_read_from_outside_the_repository() {
        Path checkout = Path.of("").toAbsolutePath().getParent(); // surefire runs in testkit/
        assertThat(validator.packageDirectory().startsWith(checkout))
                .as("%s is inside the checkout %s", validator.packageDirectory(), checkout).isFalse();
        assertThat(validator.loadedCounts()).containsKeys(
                "StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter", "CapabilityStatement");
        assertThat(validator.capabilityStatement("http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server"))
                .isPresent();
    }

    // --- Fixtures (fixed dates: nothing depends on today) ----------------------------------------

    static Patient completePatient() {
        Patient patient = new Patient();
        patient.getMeta().addProfile(PATIENT);
        patient.addIdentifier().setSystem("http://hospital.example.org/mrn").setValue("MRN-0001");
        patient.addName().setFamily("Shaw").addGiven("Amy");
        patient.setGender(AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new DateType("1987-02-20"));
        return patient;
    }

    static Observation screeningAssessment() {
        Observation observation = new Observation();
        observation.getMeta().addProfile(SCREENING_ASSESSMENT);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "survey", "Survey")));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "44261-6",
                "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]")));
        observation.setSubject(new Reference("Patient/x"));
        observation.setEffective(new DateTimeType("2026-03-02T10:30:00-05:00"));
        observation.setValue(new Quantity().setValue(12).setUnit("{score}")
                .setSystem("http://unitsofmeasure.org").setCode("{score}"));
        return observation;
    }
}
