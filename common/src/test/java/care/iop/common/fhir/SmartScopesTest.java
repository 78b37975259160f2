package care.iop.common.fhir;

import care.iop.common.fhir.SmartScopes.Interaction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmartScopesTest {

    @Test
    void v2_read_and_search_scope_allows_only_those_on_its_type() {
        SmartScopes scopes = SmartScopes.of("openid system/Observation.rs");
        assertThat(scopes.permits("Observation", Interaction.READ)).isTrue();
        assertThat(scopes.permits("Observation", Interaction.SEARCH)).isTrue();
        assertThat(scopes.permits("Observation", Interaction.CREATE)).isFalse();
        assertThat(scopes.permits("Patient", Interaction.READ)).isFalse();
    }

    @Test
    void v2_create_scope_does_not_read() {
        SmartScopes scopes = SmartScopes.of("system/ServiceRequest.c");
        assertThat(scopes.permits("ServiceRequest", Interaction.CREATE)).isTrue();
        assertThat(scopes.permits("ServiceRequest", Interaction.READ)).isFalse();
    }

    @Test
    void v1_read_write_and_wildcards() {
        assertThat(SmartScopes.of("system/Patient.read").permits("Patient", Interaction.SEARCH)).isTrue();
        assertThat(SmartScopes.of("system/Patient.read").permits("Patient", Interaction.UPDATE)).isFalse();
        assertThat(SmartScopes.of("system/Patient.write").permits("Patient", Interaction.UPDATE)).isTrue();
        assertThat(SmartScopes.of("system/*.rs").permits("Encounter", Interaction.READ)).isTrue();
        assertThat(SmartScopes.of("system/*.*").permits("Encounter", Interaction.DELETE)).isTrue();
    }

    @Test
    void user_and_patient_scopes_out_of_order_letters_and_query_restrictions_grant_nothing() {
        assertThat(SmartScopes.of("user/Patient.rs patient/Patient.rs").permits("Patient", Interaction.READ)).isFalse();
        assertThat(SmartScopes.of("system/Patient.sr").permits("Patient", Interaction.READ)).isFalse();
        assertThat(SmartScopes.of("system/Observation.rs?category=survey").permits("Observation", Interaction.READ))
                .isFalse();
        assertThat(SmartScopes.of("system/patient.rs").permits("Patient", Interaction.READ)).isFalse();
        assertThat(SmartScopes.of((String) null).permits("Patient", Interaction.READ)).isFalse();
        assertThat(SmartScopes.of("  ").permits("Patient", Interaction.READ)).isFalse();
    }

    @Test
    void names_the_scope_to_ask_for() {
        assertThat(SmartScopes.needed("Observation", Interaction.SEARCH)).isEqualTo("system/Observation.s");
    }
}
