package care.iop.intake.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.intake.screening.CssrsRecency;
import care.iop.intake.screening.ScreeningApi.ScreeningRecord;
import care.iop.intake.screening.ScreeningApi.ScreeningRequest;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A screening's answers as a US Core QuestionnaireResponse (id: the screening's id), and an EHR's completed
 * QuestionnaireResponse as the REST API's screening request, item by item ({@link Questionnaires} says which
 * questionnaires and items). What is sent besides the answers (authored, author, identifier) is not kept: the
 * screening is recorded, and served, as completed when the clinic received it.
 */
final class QuestionnaireResponseMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-questionnaireresponse";

    private QuestionnaireResponseMapping() {
    }

    /** What an accepted QuestionnaireResponse becomes: whose screening, and the REST request scoring it. */
    record Incoming(UUID patientId, ScreeningRequest request) {
    }

    static QuestionnaireResponse toFhir(ScreeningRecord s) {
        QuestionnaireResponse qr = new QuestionnaireResponse();
        qr.setId(new IdType("QuestionnaireResponse", s.id().toString(), Long.toString(s.version())));
        qr.getMeta().setVersionId(Long.toString(s.version())).addProfile(PROFILE);
        Part2Labels.label(qr);
        qr.setQuestionnaire(Questionnaires.canonical(s.instrument()));
        qr.setStatus(QuestionnaireResponseStatus.COMPLETED);
        qr.setSubject(new Reference("Patient/" + s.patientId()));
        qr.setAuthoredElement(FhirTimes.seconds(authored(s)));
        boolean yesNo = Questionnaires.yesNo(s.instrument());
        for (int i = 0; i < s.answers().size(); i++) {
            int answer = s.answers().get(i);
            Type value = yesNo ? new BooleanType(answer == 1) : new IntegerType(answer);
            qr.addItem().setLinkId(Questionnaires.linkId(i)).addAnswer().setValue(value);
        }
        if (s.cssrsRecency() != null) {
            qr.addItem().setLinkId(Questionnaires.CSSRS_RECENCY).addAnswer().setValue(new Coding(
                    Questionnaires.RECENCY_SYSTEM, Questionnaires.recencyCode(s.cssrsRecency()), null));
        }
        return qr;
    }

    /** When the screening was completed (received), to the second, as served and matched by searches. */
    static Instant authored(ScreeningRecord s) {
        return s.completedAt().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * A completed QuestionnaireResponse of one of the five instruments as the REST screening request: the item
     * answers in instrument order (an unanswered item is left empty, and the scorer names it), or a 422 naming the
     * element that cannot be read. The scorer then checks the values exactly as for the REST API.
     */
    static Incoming toRequest(QuestionnaireResponse qr) {
        ScreeningInstrument instrument = Questionnaires.instrument(qr.getQuestionnaire())
                .orElseThrow(() -> FhirInput.refuse("QuestionnaireResponse.questionnaire", "must be one of "
                        + String.join(", ", java.util.Arrays.stream(ScreeningInstrument.values())
                        .map(Questionnaires::canonical).toList())));
        if (qr.getStatus() != QuestionnaireResponseStatus.COMPLETED) {
            throw FhirInput.refuse("QuestionnaireResponse.status", "only a completed response is scored");
        }
        if (qr.hasModifierExtension() || qr.hasContained()) {
            throw FhirInput.refuse(qr.hasContained() ? "QuestionnaireResponse.contained"
                    : "QuestionnaireResponse.modifierExtension", "cannot be accepted here");
        }
        UUID patientId = FhirInput.patient(qr.getSubject(), "QuestionnaireResponse.subject");
        List<Integer> answers = new ArrayList<>(Collections.nCopies(Questionnaires.items(instrument), null));
        CssrsRecency recency = null;
        Set<String> seen = new HashSet<>();
        for (int position = 0; position < qr.getItem().size(); position++) {
            QuestionnaireResponseItemComponent item = qr.getItem().get(position);
            String linkId = item.getLinkId();
            boolean known = Questionnaires.index(instrument, linkId) >= 0
                    || instrument == ScreeningInstrument.C_SSRS && Questionnaires.CSSRS_RECENCY.equals(linkId);
            // An item is named by its linkId when it is one of ours, by its position otherwise (never echoing text).
            String element = known ? "QuestionnaireResponse.item.where(linkId='" + linkId + "')"
                    : "QuestionnaireResponse.item[" + position + "]";
            if (!seen.add(String.valueOf(linkId))) {
                throw FhirInput.refuse(element, "answered more than once");
            }
            if (item.hasItem() || item.getAnswer().stream().anyMatch(QuestionnaireResponseItemAnswerComponent::hasItem)) {
                throw FhirInput.refuse(element, "the instruments have no nested items");
            }
            if (item.getAnswer().size() > 1) {
                throw FhirInput.refuse(element, "takes one answer");
            }
            Type value = item.getAnswer().isEmpty() ? null : item.getAnswerFirstRep().getValue();
            if (instrument == ScreeningInstrument.C_SSRS && Questionnaires.CSSRS_RECENCY.equals(linkId)) {
                recency = value == null ? null : recency(value, element);
                continue;
            }
            int index = Questionnaires.index(instrument, linkId);
            if (index < 0) {
                throw FhirInput.refuse(element, "is not an item of "
                        + instrument.value() + " (items 1 to " + Questionnaires.items(instrument)
                        + (instrument == ScreeningInstrument.C_SSRS ? ", and " + Questionnaires.CSSRS_RECENCY : "")
                        + ")");
            }
            answers.set(index, value == null ? null : score(instrument, value, element));
        }
        return new Incoming(patientId, new ScreeningRequest(instrument, answers, recency));
    }

    private static Integer score(ScreeningInstrument instrument, Type value, String element) {
        if (value instanceof IntegerType integer) {
            return integer.getValue();
        }
        if (Questionnaires.yesNo(instrument) && value instanceof BooleanType yes) {
            return Boolean.TRUE.equals(yes.getValue()) ? 1 : 0;
        }
        throw FhirInput.refuse(element, Questionnaires.yesNo(instrument)
                ? "answer with valueBoolean (or valueInteger 0 or 1)" : "answer with valueInteger, the item score");
    }

    private static CssrsRecency recency(Type value, String element) {
        String code = value instanceof Coding coding && Questionnaires.RECENCY_SYSTEM.equals(coding.getSystem())
                ? coding.getCode() : value instanceof StringType text ? text.getValue() : null;
        return Questionnaires.recency(code).orElseThrow(() -> FhirInput.refuse(element, "answer with valueCoding "
                + Questionnaires.RECENCY_SYSTEM + " within-3-months or over-3-months"));
    }
}
