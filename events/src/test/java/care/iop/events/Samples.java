package care.iop.events;

import care.iop.events.aftercare.DischargePlanned;
import care.iop.events.aftercare.FollowUpCompleted;
import care.iop.events.aftercare.FollowUpDue;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.MatContinuity;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.aftercare.ReadmissionRequested;
import care.iop.events.aftercare.RecoveryStatus;
import care.iop.events.aftercare.RelapseRiskAcknowledged;
import care.iop.events.aftercare.RelapseRiskFlagged;
import care.iop.events.aftercare.RiskFactor;
import care.iop.events.audit.AuditAction;
import care.iop.events.audit.AuditOutcome;
import care.iop.events.audit.AuditChainCheckpointed;
import care.iop.events.audit.AuditRecordAppended;
import care.iop.events.intake.AsamDimensions;
import care.iop.events.intake.AssessmentCompleted;
import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentGranted;
import care.iop.events.intake.ConsentPurpose;
import care.iop.events.intake.ConsentRevoked;
import care.iop.events.intake.CoverageAuthorized;
import care.iop.events.intake.CoverageAuthorizedV2;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.PatientWaitlisted;
import care.iop.events.intake.ReferralDeclined;
import care.iop.events.intake.ReferralOutcome;
import care.iop.events.intake.ReferralReceived;
import care.iop.events.intake.ReferralSource;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.events.intake.Urgency;
import care.iop.events.medication.DeaSchedule;
import care.iop.events.medication.DoseAdministered;
import care.iop.events.medication.DoseMissed;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.medication.MedicationDiscontinued;
import care.iop.events.medication.MedicationPrescribed;
import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;
import care.iop.events.notes.NoteAmended;
import care.iop.events.notes.NoteFormat;
import care.iop.events.notes.NoteKind;
import care.iop.events.notes.NoteOverdue;
import care.iop.events.notes.NoteSigned;
import care.iop.events.notes.TreatmentPlanCreated;
import care.iop.events.notes.TreatmentPlanReviewed;
import care.iop.events.scheduling.AttendanceComplianceChanged;
import care.iop.events.scheduling.AuthorizationExpiring;
import care.iop.events.scheduling.BillableDayDetermined;
import care.iop.events.scheduling.BillableDayReversed;
import care.iop.events.scheduling.AttendanceStatus;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.events.scheduling.EnrollmentEndReason;
import care.iop.events.scheduling.EnrollmentEnded;
import care.iop.events.scheduling.EnrollmentStarted;
import care.iop.events.scheduling.Modality;
import care.iop.events.scheduling.SessionAttended;
import care.iop.events.scheduling.SessionCancelled;
import care.iop.events.scheduling.SessionKind;
import care.iop.events.scheduling.SessionMissed;
import care.iop.events.scheduling.SessionScheduled;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One realistic data record per event type; nullable fields are mixed, some null, some set. */
final class Samples {

    static final UUID PATIENT = UUID.fromString("6f1c1a8e-2b0d-4c3e-9a41-1d2f3e4a5b6c");
    static final UUID CLINIC = UUID.fromString("0b7e6d5c-4a39-4e28-8f17-a6b5c4d3e2f1");

    private static final Instant AT = Instant.parse("2025-03-04T15:30:00.123456Z");
    private static final LocalDate DAY = LocalDate.of(2025, 3, 4);

    private Samples() {
    }

    static Map<EventType, EventData> all() {
        Map<EventType, EventData> s = new EnumMap<>(EventType.class);
        s.put(EventType.REFERRAL_RECEIVED, new ReferralReceived(id(1), ReferralSource.INPATIENT_STEP_DOWN,
                Urgency.URGENT, "IOP-ADULT-AM", id(2), AT));
        s.put(EventType.REFERRAL_DECLINED, new ReferralDeclined(id(1), ReferralOutcome.REFERRED_OUT,
                "needs-higher-level", LevelOfCare.LEVEL_3_5, null, AT));
        s.put(EventType.SCREENING_COMPLETED, new ScreeningCompleted(id(3), ScreeningInstrument.PHQ_9, "44261-6", 17,
                "moderately-severe", List.of("suicide-risk-follow-up"), -4, AT));
        s.put(EventType.ASSESSMENT_COMPLETED, new AssessmentCompleted(id(4), new AsamDimensions(1, 0, 2, 3, 3, 2),
                LevelOfCare.LEVEL_2_1, LevelOfCare.LEVEL_2_1, "2024.2", List.of("D5-HIGH", "D4-MODERATE"), AT));
        s.put(EventType.PATIENT_ADMITTED, new PatientAdmitted(id(5), "IOP-ADULT-AM", LevelOfCare.LEVEL_2_1, DAY,
                id(6)));
        s.put(EventType.PATIENT_WAITLISTED, new PatientWaitlisted(id(7), "IOP-ADULT-PM", 3, AT, null));
        s.put(EventType.CONSENT_GRANTED, new ConsentGranted(id(8), id(2), null,
                List.of(ConsentCategory.ENROLLMENT_ATTENDANCE, ConsentCategory.DISCHARGE_SUMMARY),
                ConsentPurpose.CARE_COORDINATION, Instant.parse("2026-03-04T00:00:00Z"), AT));
        s.put(EventType.CONSENT_REVOKED, new ConsentRevoked(id(8), AT));
        s.put(EventType.COVERAGE_AUTHORIZED, new CoverageAuthorized(id(10), 40, DAY, DAY.plusDays(90)));
        s.put(EventType.COVERAGE_AUTHORIZED_V2, new CoverageAuthorizedV2(id(10), 40, DAY, DAY.plusDays(90), "h0015",
                "AUTH-2026-0042"));

        s.put(EventType.ENROLLMENT_STARTED, new EnrollmentStarted(id(9), id(10), "IOP-ADULT-AM", id(5), DAY));
        s.put(EventType.ENROLLMENT_ENDED, new EnrollmentEnded(id(9), DAY.plusWeeks(8), EnrollmentEndReason.DISCHARGED,
                6));
        s.put(EventType.SESSION_SCHEDULED, new SessionScheduled(id(11), SessionKind.GROUP_THERAPY, Modality.IN_PERSON,
                id(10), null, AT, AT.plusSeconds(3 * 3600), "America/New_York", List.of(id(6), id(12))));
        s.put(EventType.SESSION_CANCELLED, new SessionCancelled(id(11), SessionKind.SKILLS_GROUP,
                "facilitator-unavailable", AT, 9));
        s.put(EventType.SESSION_ATTENDED, new SessionAttended(id(11), SessionKind.GROUP_THERAPY,
                AttendanceStatus.LEFT_EARLY, 95, AT, List.of(id(6))));
        s.put(EventType.SESSION_MISSED, new SessionMissed(id(11), SessionKind.FAMILY_THERAPY, false, AT, 2));
        s.put(EventType.ATTENDANCE_COMPLIANCE_CHANGED, new AttendanceComplianceChanged(id(9), DAY,
                ComplianceStatus.COMPLIANT, ComplianceStatus.AT_RISK, new BigDecimal("9"), new BigDecimal("7.5"),
                new BigDecimal("9"), 1));
        s.put(EventType.BILLABLE_DAY_DETERMINED, new BillableDayDetermined(id(14), DAY, id(10), "h0015",
                List.of(new BillableDayDetermined.Line(id(15), "H0015", null, 1, List.of("95"), "10")), null, List.of(),
                List.of(id(6)), "2026.1"));
        s.put(EventType.BILLABLE_DAY_REVERSED, new BillableDayReversed(id(14), DAY, id(10), "h0015", List.of(id(15)),
                List.of(id(16)), true));
        s.put(EventType.AUTHORIZATION_EXPIRING, new AuthorizationExpiring(id(10), "h0015", 40, 2, DAY.plusDays(90),
                DAY.plusDays(60)));

        s.put(EventType.NOTE_SIGNED, new NoteSigned(id(13), NoteKind.GROUP, NoteFormat.BIRP, id(6), id(11), AT, true,
                false));
        s.put(EventType.NOTE_AMENDED, new NoteAmended(id(13), id(14), id(6), AT));
        s.put(EventType.NOTE_OVERDUE, new NoteOverdue(id(11), id(6), AT));
        s.put(EventType.TREATMENT_PLAN_CREATED, new TreatmentPlanCreated(id(15), 1, AT, 3, 7, DAY.plusDays(30)));
        s.put(EventType.TREATMENT_PLAN_REVIEWED, new TreatmentPlanReviewed(id(15), 2, AT, DAY.plusDays(60), 7));

        s.put(EventType.MEDICATION_PRESCRIBED, new MedicationPrescribed(id(16), "1010600", "opioid-partial-agonist",
                DeaSchedule.III, true, id(17), DAY, List.of()));
        s.put(EventType.MEDICATION_DISCONTINUED, new MedicationDiscontinued(id(16), "1010600", "taper-complete", AT));
        s.put(EventType.DOSE_ADMINISTERED, new DoseAdministered(id(18), id(16), "1010600", AT, true, 6));
        s.put(EventType.DOSE_MISSED, new DoseMissed(id(16), "1010600", AT, AT.plusSeconds(7200)));
        s.put(EventType.DRUG_SCREEN_RESULTED, new DrugScreenResulted(id(19), AT, List.of(
                new SubstanceResult("BUP", ScreenResult.POSITIVE, true),
                new SubstanceResult("FEN", ScreenResult.NEGATIVE, false)), false));

        s.put(EventType.DISCHARGE_PLANNED, new DischargePlanned(id(20), id(5), DAY.plusWeeks(8), LevelOfCare.LEVEL_1,
                id(2), null, MatContinuity.RECEIVING_PROVIDER));
        s.put(EventType.PATIENT_DISCHARGED, new PatientDischarged(id(21), id(5), 1, DAY.plusWeeks(8), 56,
                LevelOfCare.LEVEL_1));
        s.put(EventType.FOLLOW_UP_DUE, new FollowUpDue(id(22), "day-7", DAY.plusWeeks(9)));
        s.put(EventType.FOLLOW_UP_COMPLETED, new FollowUpCompleted(id(22), "day-30", FollowUpOutcome.REACHED,
                RecoveryStatus.IN_RECOVERY, 6, AT));
        s.put(EventType.RELAPSE_RISK_FLAGGED, new RelapseRiskFlagged(id(23), new BigDecimal("0.72"),
                new BigDecimal("0.6"), "risk-2025.1",
                List.of(new RiskFactor("missed-follow-up", new BigDecimal("0.3"), 2)), AT));
        s.put(EventType.RELAPSE_RISK_ACKNOWLEDGED, new RelapseRiskAcknowledged(id(23), id(40), "called-patient",
                AT.plusSeconds(3600)));
        s.put(EventType.READMISSION_REQUESTED, new ReadmissionRequested(id(24), id(22), "relapse", null, AT));

        s.put(EventType.AUDIT_RECORD_APPENDED, new AuditRecordAppended(id(25), AT, id(26).toString(), "ehr-acme",
                List.of("ehr-integration"), CLINIC, PATIENT, "clinical-note", id(13).toString(), AuditAction.READ,
                AuditOutcome.SUCCESS, "req-7f3a", null, true));
        s.put(EventType.AUDIT_CHAIN_CHECKPOINTED, new AuditChainCheckpointed("intake-service", 1042,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", AT));
        return s;
    }

    static UUID id(int n) {
        return UUID.fromString(String.format("00000000-0000-4000-8000-%012d", n));
    }

    /** A valid envelope around a sample. */
    static CloudEvent event(EventType type) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), "/iop/intake-service", type.type(),
                PATIENT.toString(), AT, CloudEvent.DATA_CONTENT_TYPE, CLINIC.toString(), "req-1",
                EventJson.toJsonNode(all().get(type)));
    }
}
