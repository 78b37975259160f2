package care.iop.medication.fhir;

import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;
import care.iop.medication.screen.DrugScreen;
import care.iop.medication.screen.DrugScreenApi.ScreenView;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The decisions of the drug screen → Observation mapping: shape, codes per specimen, interpretation. */
class DrugScreenObservationMappingTest {

    static ScreenView screen(String specimen, Boolean unexpected, List<SubstanceResult> results) {
        return new ScreenView(UUID.randomUUID(), UUID.randomUUID(), specimen,
                results.stream().map(SubstanceResult::substanceCode).toList(), DrugScreen.Status.RESULTED,
                Instant.parse("2025-03-05T13:00:00Z"), Instant.parse("2025-03-05T14:00:00Z"),
                Instant.parse("2025-03-05T16:00:00Z"), unexpected, results, 2);
    }

    static List<String> interpretation(Observation o) {
        return o.getInterpretation().stream().map(CodeableConcept::getCodingFirstRep).map(Coding::getCode).toList();
    }

    @Test
    void a_panel_and_one_observation_per_substance_with_positive_negative_and_unexpected() {
        ScreenView s = screen("urine", true, List.of(new SubstanceResult("BUP", ScreenResult.POSITIVE, true),
                new SubstanceResult("FEN", ScreenResult.POSITIVE, false),
                new SubstanceResult("THC", ScreenResult.NEGATIVE, true)));
        List<Observation> all = DrugScreenObservationMapping.toFhir(s);
        assertThat(all).extracting(o -> o.getIdElement().getIdPart()).containsExactly("drug-screen-" + s.id(),
                "drug-screen-" + s.id() + "-BUP", "drug-screen-" + s.id() + "-FEN", "drug-screen-" + s.id() + "-THC");
        Observation panel = all.get(0);
        assertThat(panel.getCode().getCodingFirstRep().getCode()).isEqualTo("69739-1");
        assertThat(panel.getHasMember()).hasSize(3);
        assertThat(panel.hasValue()).isFalse();
        assertThat(interpretation(panel)).containsExactly("A");
        assertThat(interpretation(all.get(1))).containsExactly("POS");
        assertThat(interpretation(all.get(2))).containsExactly("A", "POS");
        assertThat(interpretation(all.get(3))).containsExactly("NEG");
        assertThat(all.get(2).getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("10828004");
        assertThat(all.get(3).getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("260385009");
        assertThat(all.get(2).getCode().getCodingFirstRep().getCode()).isEqualTo("59673-4");
        assertThat(all).allSatisfy(o -> {
            assertThat(o.getMeta().getVersionId()).isEqualTo("2");
            assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2025-03-05T14:00:00Z");
            assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("laboratory");
        });
    }

    @Test
    void an_expected_screen_is_normal_and_oral_fluid_gets_no_urine_loinc_codes() {
        ScreenView s = screen("oral-fluid", false, List.of(new SubstanceResult("BUP", ScreenResult.POSITIVE, true)));
        List<Observation> all = DrugScreenObservationMapping.toFhir(s);
        assertThat(interpretation(all.get(0))).containsExactly("N");
        assertThat(all).allSatisfy(o -> assertThat(o.getCode().getCoding())
                .noneMatch(c -> DrugScreenCodes.LOINC.equals(c.getSystem())));
        assertThat(all.get(1).getCode().getText()).isEqualTo("Buprenorphine [Presence] in Oral fluid by Screen method");
    }

    @Test
    void a_screen_not_yet_resulted_is_not_served() {
        ScreenView ordered = new ScreenView(UUID.randomUUID(), UUID.randomUUID(), "urine", List.of("BUP"),
                DrugScreen.Status.COLLECTED, Instant.now(), Instant.now(), null, null, List.of(), 1);
        assertThat(DrugScreenObservationMapping.served(ordered)).isFalse();
    }

    @Test
    void the_code_table_maps_the_platforms_substances() {
        assertThat(DrugScreenCodes.urine("BUP")).get().extracting(DrugScreenCodes.Analyte::loinc)
                .isEqualTo("93494-3");
        assertThat(DrugScreenCodes.urine("MTD")).get().extracting(DrugScreenCodes.Analyte::loinc)
                .isEqualTo("19550-3");
        assertThat(DrugScreenCodes.urine("BZO")).get().extracting(DrugScreenCodes.Analyte::loinc)
                .isEqualTo("14316-4");
        assertThat(DrugScreenCodes.urine("COT")).isEmpty();
        assertThat(DrugScreenCodes.substanceName("COT")).isEqualTo("cotinine");
        assertThat(DrugScreenCodes.substanceName("XYZ")).isEqualTo("XYZ");
    }
}
