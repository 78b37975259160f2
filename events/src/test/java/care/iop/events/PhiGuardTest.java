package care.iop.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhiGuardTest {

    @Test
    void no_schema_has_a_property_that_looks_like_a_direct_identifier_or_free_text() {
        List<String> flagged = new ArrayList<>();
        int checked = 0;
        for (String resource : SchemaFiles.allResources()) {
            for (PhiGuard.Property p : PhiGuard.properties(SchemaFiles.read(resource), resource)) {
                checked++;
                PhiGuard.flag(p.name()).ifPresent(why -> flagged.add(p.path() + " (" + why + ")"));
            }
        }
        assertThat(checked).isGreaterThan(200);
        assertThat(flagged).as("properties that look like identifiers or free text").isEmpty();
    }

    @Test
    void the_walk_reaches_nested_objects_and_array_items() {
        List<String> names = new ArrayList<>();
        PhiGuard.properties(SchemaFiles.read(EventType.DRUG_SCREEN_RESULTED.schemaResource()), "")
                .forEach(p -> names.add(p.path()));
        PhiGuard.properties(SchemaFiles.read(EventType.ASSESSMENT_COMPLETED.schemaResource()), "")
                .forEach(p -> names.add(p.path()));

        assertThat(names).contains(".substances.substanceCode", ".dimensions.d6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"patientName", "name", "firstname", "lastName", "surname", "dateOfBirth", "dob",
            "birthdate", "dateofbirth", "memberId", "insuranceMemberId", "mrn", "medicalRecordNumber", "ssn",
            "socialSecurityNumber", "homeAddress", "street", "city", "zip", "zipCode", "postalCode", "phone",
            "phoneNumber", "fax", "email", "e-mail", "e_mail", "contactEmail", "policyNumber", "driverLicense",
            "licenceNo", "accountNumber", "ip", "sourceIP", "clientIpAddress", "sourceIPAddress", "photoUrl", "url",
            "noteText", "text", "narrative", "comment", "summary", "freeText", "description", "emergencyContact"})
    void flags_identifiers_and_free_text(String name) {
        assertThat(PhiGuard.flag(name)).as(name).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"patientId", "trackCode", "referralId", "clinicId", "clinicid", "requestId",
            "datacontenttype", "phq9Total", "levelOfCare", "firstAppointmentAt", "recipientClass", "relationshipCode",
            "sessionStartsAt", "noteId", "actorSubject", "resourceType", "source", "reasonCode", "timeZone"})
    void does_not_flag_ids_codes_and_counts(String name) {
        assertThat(PhiGuard.flag(name)).as(name).isEmpty();
    }

    @Test
    void splits_names_into_words() {
        assertThat(PhiGuard.words("sourceIPAddress")).containsExactly("source", "ip", "address");
        assertThat(PhiGuard.words("phq9Total")).containsExactly("phq", "9", "total");
        assertThat(PhiGuard.words("date_of-birth")).containsExactly("date", "of", "birth");
    }
}
