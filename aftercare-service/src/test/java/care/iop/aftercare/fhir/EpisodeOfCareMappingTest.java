package care.iop.aftercare.fhir;

import care.iop.aftercare.episode.Episode;
import care.iop.aftercare.episode.EpisodeApi.DischargeView;
import care.iop.aftercare.episode.EpisodeApi.EpisodeView;
import care.iop.events.LevelOfCare;
import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The treatment episode as EpisodeOfCare: status, period, and the TEDS-D discharge reason once discharged. (The
 * resources are validated where the API answers them, in {@link EpisodeOfCareFhirTest}: the validator shares this
 * JVM with the Quarkus tests only from inside their class loader.)
 */
class EpisodeOfCareMappingTest {

    private static final LocalDate ADMITTED = LocalDate.of(2025, 1, 6);
    private static final LocalDate DISCHARGED = LocalDate.of(2025, 2, 24);

    static EpisodeView episode(Episode.Status status, LocalDate closedOn, DischargeView discharge) {
        return new EpisodeView(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), ADMITTED, closedOn, status,
                LevelOfCare.LEVEL_2_1, List.of(), null, discharge, 3);
    }

    @Test
    void an_open_episode_is_active_from_its_admission_with_no_end_and_no_discharge() {
        EpisodeView v = episode(Episode.Status.OPEN, null, null);
        EpisodeOfCare e = EpisodeOfCareMapping.toFhir(v);
        assertThat(e.getIdElement().getIdPart()).isEqualTo("episode-" + v.id());
        assertThat(e.getIdElement().getVersionIdPart()).isEqualTo("3");
        assertThat(e.getMeta().getVersionId()).isEqualTo("3");
        assertThat(e.getStatus()).isEqualTo(EpisodeOfCareStatus.ACTIVE);
        assertThat(e.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-01-06");
        assertThat(e.getPeriod().hasEnd()).isFalse();
        assertThat(e.getExtensionByUrl(EpisodeOfCareMapping.DISCHARGE_REASON)).isNull();
        assertThat(e.hasStatusHistory()).isFalse();
        assertThat(e.getPatient().getReference()).isEqualTo("Patient/" + v.patientId());
        assertThat(e.getTypeFirstRep().getCodingFirstRep().getCode()).isEqualTo("da");
        assertThat(e.getMeta().getSecurity()).extracting(Coding::getCode)
                .containsExactlyInAnyOrder("R", "42CFRPart2", "ETH");
    }

    @Test
    void a_discharged_episode_is_finished_with_its_period_and_teds_d_reason() {
        EpisodeView v = episode(Episode.Status.CLOSED, DISCHARGED, new DischargeView(UUID.randomUUID(), 2,
                DISCHARGED, 49, null, "Stopped coming."));
        EpisodeOfCare e = EpisodeOfCareMapping.toFhir(v);
        assertThat(e.getStatus()).isEqualTo(EpisodeOfCareStatus.FINISHED);
        assertThat(e.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-02-24");
        Coding reason = (Coding) e.getExtensionByUrl(EpisodeOfCareMapping.DISCHARGE_REASON).getValue();
        assertThat(reason.getSystem()).isEqualTo("urn:iop:teds-d:reason");
        assertThat(reason.getCode()).isEqualTo("2");
        assertThat(reason.getDisplay()).isEqualTo("Dropped out");
        assertThat(e.getStatusHistoryFirstRep().getStatus()).isEqualTo(EpisodeOfCareStatus.ACTIVE);
        assertThat(e.getStatusHistoryFirstRep().getPeriod().getEndElement().getValueAsString())
                .isEqualTo("2025-02-24");
        assertThat(e.getText().getDivAsString()).contains("from 2025-01-06 to 2025-02-24: finished",
                "TEDS-D reason: Dropped out");
        assertThat(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(e))
                .doesNotContain("Stopped coming");
    }

    @Test
    void every_teds_d_reason_has_its_display_and_nothing_else_is_one() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7)).extracting(c -> EpisodeOfCareMapping.dischargeReason(c).getDisplay())
                .containsExactly("Treatment completed", "Dropped out", "Terminated by the facility",
                        "Transferred to another program or facility", "Incarcerated", "Died", "Other");
        assertThatThrownBy(() -> EpisodeOfCareMapping.dischargeReason(8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EpisodeOfCareMapping.dischargeReason(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
