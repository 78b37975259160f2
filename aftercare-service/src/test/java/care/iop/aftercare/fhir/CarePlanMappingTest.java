package care.iop.aftercare.fhir;

import care.iop.aftercare.plan.PlanContent;
import care.iop.aftercare.plan.RelapsePreventionPlanService.PlanSnapshot;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relapse-prevention plan as a US Core CarePlan: categories, content, and a narrative that escapes it. (Validated
 * against US Core where the API answers it, in {@link CarePlanFhirTest}.)
 */
class CarePlanMappingTest {

    static final PlanContent CONTENT = new PlanContent(List.of("Payday <Friday> & old friends"),
            List.of("Skipping meetings", "Isolating"), List.of("Call my sponsor", "Go to a meeting"),
            List.of(new PlanContent.Contact("Ana", "sponsor", "+1 555 0100")),
            "Call 988, then my sister's number.", List.of(new PlanContent.Contact("Ben", null, null)));

    static PlanSnapshot plan(int version) {
        return new PlanSnapshot(UUID.randomUUID(), UUID.randomUUID(), Instant.parse("2025-03-10T14:30:05.123Z"),
                version, CONTENT, Instant.parse("2025-04-01T09:00:00Z"));
    }

    @Test
    void the_plan_is_a_us_core_careplan_with_both_categories_its_version_and_its_dates() {
        PlanSnapshot p = plan(2);
        CarePlan c = CarePlanMapping.toFhir(p);
        assertThat(c.getIdElement().getIdPart()).isEqualTo("relapse-prevention-" + p.planId());
        assertThat(c.getMeta().getVersionId()).isEqualTo("2");
        assertThat(c.getMeta().getLastUpdatedElement().getValueAsString()).isEqualTo("2025-04-01T09:00:00.000Z");
        assertThat(c.getMeta().getProfile().get(0).getValue()).isEqualTo(CarePlanMapping.PROFILE);
        assertThat(c.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(c.getIntent()).isEqualTo(CarePlan.CarePlanIntent.PLAN);
        assertThat(c.getCategory()).flatExtracting(CodeableConcept::getCoding).extracting(Coding::getCode)
                .containsExactly("assess-plan", "relapse-prevention");
        assertThat(c.getCategory().get(1).getText()).isEqualTo("relapse prevention");
        assertThat(c.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-04-01T09:00:00Z");
        assertThat(c.getCreatedElement().getValueAsString()).isEqualTo("2025-03-10T14:30:05Z");
        assertThat(c.getPeriod().hasEnd()).isFalse();
        assertThat(c.getSubject().getReference()).isEqualTo("Patient/" + p.patientId());
        assertThat(c.getMeta().getSecurity()).extracting(Coding::getCode)
                .containsExactlyInAnyOrder("R", "42CFRPart2", "ETH");
    }

    @Test
    void activities_and_notes_hold_the_content_and_the_narrative_lists_it_escaped() {
        CarePlan c = CarePlanMapping.toFhir(plan(1));
        assertThat(c.getActivity()).extracting(a -> a.getDetail().getCode().getText() + ": "
                + a.getDetail().getDescription()).containsExactly(
                "Coping strategy: Call my sponsor", "Coping strategy: Go to a meeting",
                "Crisis plan: Call 988, then my sister's number.", "Person to call: Ana (sponsor): +1 555 0100",
                "Accountability partner: Ben");
        assertThat(c.getActivity()).extracting(a -> a.getDetail().getStatus())
                .containsOnly(CarePlan.CarePlanActivityStatus.UNKNOWN);
        assertThat(c.getActivity()).noneMatch(CarePlanActivityComponent::hasReference);
        assertThat(c.getNote()).extracting(n -> n.getText()).containsExactly(
                "Trigger: Payday <Friday> & old friends", "Warning sign: Skipping meetings", "Warning sign: Isolating");
        assertThat(c.getText().getStatus().toCode()).isEqualTo("generated");
        String div = c.getText().getDivAsString();
        assertThat(div).contains("Payday &lt;Friday&gt; &amp; old friends", "Ana (sponsor): +1 555 0100",
                "version 1").doesNotContain("<Friday>");
    }

    @Test
    void a_search_range_starts_when_the_version_was_written_and_stays_open() {
        SearchMatch.Range r = CarePlanMapping.range(plan(3));
        assertThat(r.from()).isEqualTo(Instant.parse("2025-04-01T09:00:00Z"));
        assertThat(r.to()).isNull();
    }
}
