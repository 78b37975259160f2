package care.iop.intake.screening;

import care.iop.events.intake.ScreeningInstrument;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of screenings. */
public final class ScreeningApi {

    private ScreeningApi() {
    }

    public record ScreeningRequest(@NotNull ScreeningInstrument instrument, @NotNull List<Integer> answers,
                                   CssrsRecency cssrsRecency) {
    }

    public record Acknowledgement(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,63}") String action) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScreeningView(UUID id, UUID patientId, ScreeningInstrument instrument, String loinc, int total,
                                String band, List<String> flags, Integer changeFromBaseline,
                                boolean requiresAcknowledgement, String acknowledgedBy, Instant acknowledgedAt,
                                String acknowledgementAction, Instant completedAt, long version) {
        static ScreeningView of(Screening s, Integer change) {
            List<String> flags = s.flags.isEmpty() ? List.of() : Arrays.asList(s.flags.split(","));
            return new ScreeningView(s.id, s.patientId, s.instrument, ScreeningScorer.loinc(s.instrument), s.total,
                    s.band, flags, change, s.requiresAck, s.acknowledgedBy, s.acknowledgedAt, s.acknowledgementAction,
                    s.completedAt, s.version);
        }

        static ScreeningView of(ScreeningService.Scored scored) {
            return of(scored.screening(), scored.changeFromBaseline());
        }
    }

    /**
     * A screening with its item answers, as the FHIR face serves it (an Observation with the total, a
     * QuestionnaireResponse with the answers). {@code answers} are the item scores in instrument order, as the REST
     * request sends them; {@code cssrsRecency} is set for a C-SSRS whose question 6 was "yes".
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScreeningRecord(UUID id, UUID patientId, ScreeningInstrument instrument, String loinc,
                                  List<Integer> answers, CssrsRecency cssrsRecency, int total, String band,
                                  List<String> flags, boolean requiresAcknowledgement, Instant acknowledgedAt,
                                  String acknowledgementAction, Instant completedAt, long version) {
        static ScreeningRecord of(Screening s) {
            List<String> flags = s.flags.isEmpty() ? List.of() : Arrays.asList(s.flags.split(","));
            List<Integer> answers = Arrays.stream(s.answers.split(",")).map(Integer::valueOf).toList();
            return new ScreeningRecord(s.id, s.patientId, s.instrument, ScreeningScorer.loinc(s.instrument), answers,
                    s.cssrsRecency, s.total, s.band, flags, s.requiresAck, s.acknowledgedAt, s.acknowledgementAction,
                    s.completedAt, s.version);
        }
    }
}
