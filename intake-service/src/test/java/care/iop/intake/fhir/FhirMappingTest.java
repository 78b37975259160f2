package care.iop.intake.fhir;

import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentPurpose;
import care.iop.events.intake.ReferralSource;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.events.intake.Urgency;
import care.iop.intake.assessment.AssessmentApi.DiagnosisRecord;
import care.iop.intake.consent.ConsentApi;
import care.iop.intake.consent.ConsentApi.ConsentView;
import care.iop.intake.patient.PatientApi.CoverageView;
import care.iop.intake.referral.ReferralApi.External;
import care.iop.intake.referral.ReferralApi.ReferralRecord;
import care.iop.intake.referral.ReferralStatus;
import care.iop.intake.screening.CssrsRecency;
import care.iop.intake.screening.ScreeningApi.ScreeningRecord;
import care.iop.intake.search.Slice;
import care.iop.testkit.fhir.UsCoreValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The intake FHIR mappings' decisions, in plain Java: codes, status tables, what is refused, how searches match. */
class FhirMappingTest {

    static final UUID PATIENT = UUID.fromString("6d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b");
    static final Instant AT = Instant.parse("2026-03-02T12:00:00.123456Z");

    static void assertValid(IBaseResource resource) {
        assertThat(UsCoreValidator.get().errors(resource)).as("US Core errors").isEmpty();
    }

    static ReferralRecord referral(ReferralSource source, ReferralStatus status, String reason, String track,
                                   External external) {
        return new ReferralRecord(UUID.randomUUID(), PATIENT, source, Urgency.EMERGENT, reason, track, status, AT, 2,
                external);
    }

    static ScreeningRecord screening(ScreeningInstrument instrument, List<Integer> answers, CssrsRecency recency,
                                     int total, String band, List<String> flags) {
        return new ScreeningRecord(UUID.randomUUID(), PATIENT, instrument, null, answers, recency, total, band, flags,
                flags.contains("safety-action-required"), null, null, AT, 0);
    }

    // ------------------------------------------------------------------------------------------ ServiceRequest

    @ParameterizedTest
    @CsvSource({"RECEIVED,ACTIVE", "SCREENING,ACTIVE", "ASSESSMENT_SCHEDULED,ACTIVE", "ASSESSED,ACTIVE",
            "WAITLISTED,ACTIVE", "ADMITTED,COMPLETED", "DECLINED,REVOKED", "REFERRED_OUT,REVOKED"})
    void the_pipeline_status_maps_to_the_request_status_and_rides_along_as_an_extension(ReferralStatus status,
                                                                                        String expected) {
        ServiceRequest sr = ServiceRequestMapping.toFhir(referral(ReferralSource.SELF, status, "opioid-use-disorder",
                null, External.NONE));
        assertThat(sr.getStatus().name()).isEqualTo(expected);
        assertThat(sr.getExtensionByUrl(ServiceRequestMapping.STATUS_EXTENSION).getValue().primitiveValue())
                .isEqualTo(status.value());
        assertValid(sr);
    }

    @Test
    void served_referrals_are_valid_us_core_with_their_codes() {
        ServiceRequest sr = ServiceRequestMapping.toFhir(referral(ReferralSource.EMERGENCY_DEPARTMENT,
                ReferralStatus.RECEIVED, "icd-10-cm.t40.1x1a", "IOP-PM", new External("urn:oid:2.16.840.1.113883.3.9",
                        "R-1", "Dr. Park", "http://hl7.org/fhir/sid/us-npi", "1234567893")));
        assertValid(sr);
        assertThat(sr.getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.STAT);
        assertThat(sr.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("3457005");
        assertThat(sr.getCode().getCoding()).extracting(Coding::getCode).containsExactly("H0015", "IOP-PM");
        assertThat(sr.getReasonCodeFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo("http://hl7.org/fhir/sid/icd-10-cm");
        assertThat(sr.getReasonCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("T40.1X1A");
        assertThat(sr.getRequester().getDisplay()).isEqualTo("Dr. Park");
        assertThat(sr.getAuthoredOnElement().getValueAsString()).isEqualTo("2026-03-02T12:00:00Z");
        // A partner's referral has no requester on our side; its reason is the clinic's own code.
        ServiceRequest partner = ServiceRequestMapping.toFhir(referral(ReferralSource.PARTNER,
                ReferralStatus.DECLINED, "alcohol-use-disorder", null, External.NONE));
        assertValid(partner);
        assertThat(partner.hasRequester()).isFalse();
        assertThat(partner.getReasonCodeFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo(ServiceRequestMapping.REASON_SYSTEM);
    }

    static ServiceRequest incoming() {
        ServiceRequest sr = ServiceRequestMapping.toFhir(referral(ReferralSource.PRIMARY_CARE, ReferralStatus.RECEIVED,
                "icd-10-cm.f10.20", "IOP-AM", new External(null, null, "Dr. Park", null, null)));
        sr.setId((String) null);
        sr.setMeta(null);
        sr.getExtension().removeIf(e -> e.getUrl().equals(ServiceRequestMapping.STATUS_EXTENSION));
        return sr;
    }

    @Test
    void what_we_serve_is_what_we_accept_and_the_If_None_Exist_identifier_is_kept() {
        var in = ServiceRequestMapping.toReferral(incoming(), new String[] {"urn:ehr", "42"});
        assertThat(in.patientId()).isEqualTo(PATIENT);
        assertThat(in.request().patientId()).isEqualTo(PATIENT);
        assertThat(in.request().source()).isEqualTo(ReferralSource.PRIMARY_CARE);
        assertThat(in.request().urgency()).isEqualTo(Urgency.EMERGENT);
        assertThat(in.request().reasonCode()).isEqualTo("icd-10-cm.f10.20");
        assertThat(in.request().requestedTrackCode()).isEqualTo("IOP-AM");
        assertThat(in.external()).isEqualTo(new External("urn:ehr", "42", "Dr. Park", null, null));
        ServiceRequest asap = incoming().setPriority(ServiceRequest.ServiceRequestPriority.ASAP);
        assertThat(ServiceRequestMapping.toReferral(asap, null).request().urgency()).isEqualTo(Urgency.EMERGENT);
        ServiceRequest none = incoming().setPriority(null);
        assertThat(ServiceRequestMapping.toReferral(none, null).request().urgency()).isEqualTo(Urgency.ROUTINE);
        // A self-referral: the patient is the requester, no source extension needed.
        ServiceRequest self = incoming();
        self.getExtension().clear();
        self.getRequester().setDisplay(null).setReference("Patient/" + PATIENT);
        assertThat(ServiceRequestMapping.toReferral(self, null).request().source()).isEqualTo(ReferralSource.SELF);
        assertThat(ServiceRequestMapping.toReferral(self, null).external()).isEqualTo(External.NONE);
    }

    @Test
    void what_the_referral_cannot_hold_is_refused_naming_the_element() {
        ServiceRequest other = incoming();
        other.addIdentifier().setSystem("urn:ehr").setValue("1");
        assertRefused(other, new String[] {"urn:ehr", "2"}, "ServiceRequest.identifier");
        ServiceRequest partner = incoming();
        partner.getExtensionByUrl(ServiceRequestMapping.SOURCE_EXTENSION).setValue(
                new org.hl7.fhir.r4.model.CodeType("partner"));
        assertRefused(partner, null, "ServiceRequest.extension('" + ServiceRequestMapping.SOURCE_EXTENSION + "')");
        ServiceRequest twoReasons = incoming();
        twoReasons.addReasonCode().addCoding(new Coding(ServiceRequestMapping.REASON_SYSTEM, "x", null));
        assertRefused(twoReasons, null, "ServiceRequest.reasonCode");
        ServiceRequest badTrack = incoming();
        badTrack.getCode().getCoding().get(1).setCode("iop am");
        assertRefused(badTrack, null, "ServiceRequest.code");
        ServiceRequest plan = incoming().setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
        assertRefused(plan, null, "ServiceRequest.intent");
        ServiceRequest performer = incoming();
        performer.addPerformer().setDisplay("Someone");
        assertRefused(performer, null, "ServiceRequest.performer");
        ServiceRequest subject = incoming();
        subject.getSubject().setReference("Group/1");
        assertRefused(subject, null, "ServiceRequest.subject");
        ServiceRequest category = incoming();
        category.getCategoryFirstRep().getCodingFirstRep().setCode("409063005");
        assertRefused(category, null, "ServiceRequest.category[0]");
    }

    static void assertRefused(ServiceRequest sr, String[] identifier, String element) {
        assertThatThrownBy(() -> ServiceRequestMapping.toReferral(sr, identifier))
                .isInstanceOf(UnprocessableEntityException.class).hasMessageStartingWith(element + ":");
    }

    // ------------------------------------------------------------------------------ Observation, answers

    @Test
    void each_instrument_is_coded_by_its_loinc_total_and_c_ssrs_by_our_code() {
        assertThat(ObservationMapping.code(ScreeningInstrument.PHQ_9).getCodingFirstRep().getCode()).isEqualTo("44261-6");
        assertThat(ObservationMapping.code(ScreeningInstrument.GAD_7).getCodingFirstRep().getCode()).isEqualTo("70274-6");
        assertThat(ObservationMapping.code(ScreeningInstrument.AUDIT).getCodingFirstRep().getCode()).isEqualTo("75624-7");
        assertThat(ObservationMapping.code(ScreeningInstrument.DAST_10).getCodingFirstRep().getCode())
                .isEqualTo("82667-7");
        assertThat(ObservationMapping.code(ScreeningInstrument.C_SSRS).getCodingFirstRep().getSystem())
                .isEqualTo(ObservationMapping.SCORE_SYSTEM);
    }

    @Test
    void a_c_ssrs_shows_every_answer_its_recency_and_the_safety_flag() {
        ScreeningRecord high = screening(ScreeningInstrument.C_SSRS, List.of(1, 1, 0, 0, 0, 1),
                CssrsRecency.WITHIN_3_MONTHS, 3, "high", List.of("safety-action-required"));
        Observation o = ObservationMapping.toFhir(high);
        assertValid(o);
        assertThat(o.getIdPart()).isEqualTo("screening-" + high.id());
        assertThat(o.getInterpretation()).flatExtracting(c -> c.getCoding()).extracting(Coding::getCode)
                .containsExactly("high", "AA", "POS");
        assertThat(o.getComponent()).hasSize(7);
        assertThat(o.getComponent().get(0).getValueBooleanType().booleanValue()).isTrue();
        assertThat(o.getComponent().get(2).getValueBooleanType().booleanValue()).isFalse();
        assertThat(o.getComponent().get(6).getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("within-3-months");
        assertThat(o.getNoteFirstRep().getText()).contains("safety-action-required", "Awaiting");
        Observation none = ObservationMapping.toFhir(screening(ScreeningInstrument.C_SSRS, List.of(0, 0, 0, 0, 0, 0),
                null, 0, "none", List.of()));
        assertValid(none);
        assertThat(none.getInterpretation()).flatExtracting(c -> c.getCoding()).extracting(Coding::getCode)
                .containsExactly("none", "NEG");
        assertThat(none.hasNote()).isFalse();
        Observation audit = ObservationMapping.toFhir(screening(ScreeningInstrument.AUDIT,
                List.of(4, 4, 4, 4, 0, 0, 0, 0, 0, 0), null, 16, "zone-iii", List.of()));
        assertValid(audit);
        assertThat(audit.getInterpretationFirstRep().getCodingFirstRep().getDisplay()).isEqualTo("zone III");
    }

    @Test
    void answers_read_back_as_the_request_they_came_from() {
        ScreeningRecord dast = screening(ScreeningInstrument.DAST_10, List.of(1, 0, 1, 0, 0, 0, 0, 0, 0, 1), null, 2,
                "low", List.of());
        QuestionnaireResponse qr = QuestionnaireResponseMapping.toFhir(dast);
        assertValid(qr);
        assertThat(qr.getQuestionnaire()).isEqualTo("urn:iop:questionnaire:dast-10");
        var in = QuestionnaireResponseMapping.toRequest(qr);
        assertThat(in.patientId()).isEqualTo(PATIENT);
        assertThat(in.request().instrument()).isEqualTo(ScreeningInstrument.DAST_10);
        assertThat(in.request().answers()).isEqualTo(dast.answers());

        ScreeningRecord cssrs = screening(ScreeningInstrument.C_SSRS, List.of(0, 0, 0, 0, 0, 1),
                CssrsRecency.OVER_3_MONTHS, 1, "moderate", List.of("suicide-risk-follow-up"));
        var back = QuestionnaireResponseMapping.toRequest(QuestionnaireResponseMapping.toFhir(cssrs)).request();
        assertThat(back.answers()).isEqualTo(cssrs.answers());
        assertThat(back.cssrsRecency()).isEqualTo(CssrsRecency.OVER_3_MONTHS);

        QuestionnaireResponse twice = QuestionnaireResponseMapping.toFhir(dast);
        twice.addItem().setLinkId("1").addAnswer().setValue(new org.hl7.fhir.r4.model.BooleanType(true));
        assertThatThrownBy(() -> QuestionnaireResponseMapping.toRequest(twice))
                .hasMessageStartingWith("QuestionnaireResponse.item.where(linkId='1')");
        QuestionnaireResponse versioned = QuestionnaireResponseMapping.toFhir(dast)
                .setQuestionnaire("urn:iop:questionnaire:dast-10|1.0");
        assertThat(QuestionnaireResponseMapping.toRequest(versioned).request().instrument())
                .isEqualTo(ScreeningInstrument.DAST_10);
    }

    @Test
    void the_scorer_s_fields_are_named_as_the_response_s_items() {
        assertThat(Questionnaires.element("answers[8]")).isEqualTo("QuestionnaireResponse.item.where(linkId='9')");
        assertThat(Questionnaires.element("answers")).isEqualTo("QuestionnaireResponse.item");
        assertThat(Questionnaires.element("cssrsRecency"))
                .isEqualTo("QuestionnaireResponse.item.where(linkId='6-recency')");
        assertThat(Questionnaires.element("Idempotency-Key")).isNull();
        assertThat(Questionnaires.index(ScreeningInstrument.PHQ_9, "9")).isEqualTo(8);
        assertThat(Questionnaires.index(ScreeningInstrument.PHQ_9, "10")).isEqualTo(-1);
        assertThat(Questionnaires.index(ScreeningInstrument.PHQ_9, "0")).isEqualTo(-1);
        assertThat(Questionnaires.index(ScreeningInstrument.PHQ_9, "/44250-9")).isEqualTo(-1);
    }

    // --------------------------------------------------------------------------- Condition, Coverage, Consent

    @Test
    void diagnoses_coverages_and_consents_are_valid_as_served() {
        UUID assessment = UUID.randomUUID();
        var condition = ConditionMapping.toFhir(new DiagnosisRecord(assessment, 2, PATIENT, "F11.20", AT, 1));
        assertValid(condition);
        assertThat(condition.getIdPart()).isEqualTo(assessment + "-2");
        assertThat(ConditionMapping.parse(assessment + "-2")).isEqualTo(new ConditionMapping.DiagnosisId(assessment, 2));
        for (String bad : List.of(assessment.toString(), assessment + "-0", assessment + "-x", "x-1", assessment + "-1-1")) {
            assertThatThrownBy(() -> ConditionMapping.parse(bad)).as(bad)
                    .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException.class);
        }
        var coverage = CoverageMapping.toFhir(new CoverageView(UUID.randomUUID(), PATIENT, "Acme", null, "M1", null,
                null, null, null, null, 0));
        assertValid(coverage);
        assertThat(coverage.hasClass_()).isFalse();
        var consent = ConsentMapping.toFhir(new ConsentView(UUID.randomUUID(), PATIENT, null, "payer",
                List.of(ConsentCategory.MEDICATIONS), ConsentPurpose.PAYMENT, AT.plusSeconds(86_400), AT.minusSeconds(60),
                ConsentApi.SignatureMethod.WET_INK, AT, false, 1));
        assertValid(consent);
        assertThat(consent.getStatus().toCode()).isEqualTo("inactive");
        assertThat(consent.getProvision().getPurposeFirstRep().getCode()).isEqualTo("HPAYMT");
    }

    // ------------------------------------------------------------------------------------------- matching

    @ParameterizedTest
    @CsvSource({
            "2026-03-02T12:00:00Z, true", "eq2026-03-02T12:00:00Z, true", "ne2026-03-02T12:00:00Z, false",
            "gt2026-03-02T12:00:00Z, false", "ge2026-03-02T12:00:00Z, true",
            "lt2026-03-02T12:00:00Z, false", "le2026-03-02T12:00:00Z, true",
            "gt2026-03-02T11:59:59Z, true", "lt2026-03-02T12:00:01Z, true", "sa2026-03-02T11:59:59Z, true",
            "eb2026-03-02T12:00:00Z, false",
            "ge2026-03-01, true", "gt2026-03-03, false", "lt2026-03-04, true", "le2026-02-28, false",
            "gt2000, true", "lt2000, false", "ge2026-02, true", "lt2026-03, false"})
    void a_record_time_is_a_point_and_the_search_value_covers_its_precision(String value, boolean matches) {
        Instant at = Instant.parse("2026-03-02T12:00:00Z");
        DateParam param = new DateParam(value);
        assertThat(FhirMatch.date(param, at)).as(value).isEqualTo(matches);
    }

    @Test
    void tokens_match_by_system_and_code_and_modifiers_are_refused() {
        List<Coding> codings = List.of(new Coding("http://loinc.org", "44261-6", null), new Coding(null, "bare", null));
        assertThat(FhirMatch.token(new TokenParam("http://loinc.org", "44261-6"), codings)).isTrue();
        assertThat(FhirMatch.token(new TokenParam(null, "44261-6"), codings)).isTrue();
        assertThat(FhirMatch.token(new TokenParam("http://snomed.info/sct", "44261-6"), codings)).isFalse();
        assertThat(FhirMatch.token(new TokenParam("http://loinc.org", null), codings)).isTrue();
        assertThat(FhirMatch.token(new TokenParam("", "bare"), codings)).isTrue();
        assertThat(FhirMatch.token(new TokenParam("", "44261-6"), codings)).isFalse();
        assertThatThrownBy(() -> FhirMatch.token(new TokenParam(null, "x").setModifier(TokenParamModifier.NOT),
                codings)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void a_slice_is_the_page_and_the_total() {
        assertThat(Slice.of(List.of(1, 2, 3), 1, 1)).isEqualTo(new Slice<>(List.of(2), 3));
        assertThat(Slice.of(List.of(1, 2, 3), 5, 10)).isEqualTo(new Slice<>(List.of(), 3));
    }
}
