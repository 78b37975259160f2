package care.iop.events;

import care.iop.events.aftercare.DischargePlanned;
import care.iop.events.aftercare.FollowUpCompleted;
import care.iop.events.aftercare.FollowUpDue;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.aftercare.ReadmissionRequested;
import care.iop.events.aftercare.RelapseRiskAcknowledged;
import care.iop.events.aftercare.RelapseRiskFlagged;
import care.iop.events.audit.AuditChainCheckpointed;
import care.iop.events.audit.AuditRecordAppended;
import care.iop.events.intake.AssessmentCompleted;
import care.iop.events.intake.ConsentGranted;
import care.iop.events.intake.ConsentRevoked;
import care.iop.events.intake.CoverageAuthorized;
import care.iop.events.intake.CoverageAuthorizedV2;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.PatientWaitlisted;
import care.iop.events.intake.ReferralDeclined;
import care.iop.events.intake.ReferralReceived;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.medication.DoseAdministered;
import care.iop.events.medication.DoseMissed;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.medication.MedicationDiscontinued;
import care.iop.events.medication.MedicationPrescribed;
import care.iop.events.notes.NoteAmended;
import care.iop.events.notes.NoteOverdue;
import care.iop.events.notes.NoteSigned;
import care.iop.events.notes.TreatmentPlanCreated;
import care.iop.events.notes.TreatmentPlanReviewed;
import care.iop.events.scheduling.AttendanceComplianceChanged;
import care.iop.events.scheduling.AuthorizationExpiring;
import care.iop.events.scheduling.BillableDayDetermined;
import care.iop.events.scheduling.BillableDayReversed;
import care.iop.events.scheduling.EnrollmentEnded;
import care.iop.events.scheduling.EnrollmentStarted;
import care.iop.events.scheduling.SessionAttended;
import care.iop.events.scheduling.SessionCancelled;
import care.iop.events.scheduling.SessionMissed;
import care.iop.events.scheduling.SessionScheduled;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event catalogue: every CloudEvents {@code type} with its topic, data record and JSON Schema. A breaking
 * change to a type is a new constant with a new {@code .vN} type, never an edit of an existing one.
 */
public enum EventType {
    REFERRAL_RECEIVED("care.iop.intake.referral.received.v1", Topics.INTAKE, ReferralReceived.class),
    REFERRAL_DECLINED("care.iop.intake.referral.declined.v1", Topics.INTAKE, ReferralDeclined.class),
    SCREENING_COMPLETED("care.iop.intake.screening.completed.v1", Topics.INTAKE, ScreeningCompleted.class),
    ASSESSMENT_COMPLETED("care.iop.intake.assessment.completed.v1", Topics.INTAKE, AssessmentCompleted.class),
    PATIENT_ADMITTED("care.iop.intake.patient.admitted.v1", Topics.INTAKE, PatientAdmitted.class),
    PATIENT_WAITLISTED("care.iop.intake.patient.waitlisted.v1", Topics.INTAKE, PatientWaitlisted.class),
    CONSENT_GRANTED("care.iop.intake.consent.granted.v1", Topics.INTAKE, ConsentGranted.class),
    CONSENT_REVOKED("care.iop.intake.consent.revoked.v1", Topics.INTAKE, ConsentRevoked.class),
    COVERAGE_AUTHORIZED("care.iop.intake.coverage.authorized.v1", Topics.INTAKE, CoverageAuthorized.class),
    COVERAGE_AUTHORIZED_V2("care.iop.intake.coverage.authorized.v2", Topics.INTAKE, CoverageAuthorizedV2.class),

    ENROLLMENT_STARTED("care.iop.scheduling.enrollment.started.v1", Topics.SCHEDULING, EnrollmentStarted.class),
    ENROLLMENT_ENDED("care.iop.scheduling.enrollment.ended.v1", Topics.SCHEDULING, EnrollmentEnded.class),
    SESSION_SCHEDULED("care.iop.scheduling.session.scheduled.v1", Topics.SCHEDULING, SessionScheduled.class),
    SESSION_CANCELLED("care.iop.scheduling.session.cancelled.v1", Topics.SCHEDULING, SessionCancelled.class),
    SESSION_ATTENDED("care.iop.scheduling.session.attended.v1", Topics.SCHEDULING, SessionAttended.class),
    SESSION_MISSED("care.iop.scheduling.session.missed.v1", Topics.SCHEDULING, SessionMissed.class),
    ATTENDANCE_COMPLIANCE_CHANGED("care.iop.scheduling.attendance.compliance-changed.v1", Topics.SCHEDULING,
            AttendanceComplianceChanged.class),
    BILLABLE_DAY_DETERMINED("care.iop.scheduling.billable-day.determined.v1", Topics.SCHEDULING,
            BillableDayDetermined.class),
    BILLABLE_DAY_REVERSED("care.iop.scheduling.billable-day.reversed.v1", Topics.SCHEDULING,
            BillableDayReversed.class),
    AUTHORIZATION_EXPIRING("care.iop.scheduling.authorization.expiring.v1", Topics.SCHEDULING,
            AuthorizationExpiring.class),

    NOTE_SIGNED("care.iop.clinical-notes.note.signed.v1", Topics.CLINICAL_NOTES, NoteSigned.class),
    NOTE_AMENDED("care.iop.clinical-notes.note.amended.v1", Topics.CLINICAL_NOTES, NoteAmended.class),
    NOTE_OVERDUE("care.iop.clinical-notes.note.overdue.v1", Topics.CLINICAL_NOTES, NoteOverdue.class),
    TREATMENT_PLAN_CREATED("care.iop.clinical-notes.treatment-plan.created.v1", Topics.CLINICAL_NOTES,
            TreatmentPlanCreated.class),
    TREATMENT_PLAN_REVIEWED("care.iop.clinical-notes.treatment-plan.reviewed.v1", Topics.CLINICAL_NOTES,
            TreatmentPlanReviewed.class),

    MEDICATION_PRESCRIBED("care.iop.medication.medication.prescribed.v1", Topics.MEDICATION,
            MedicationPrescribed.class),
    MEDICATION_DISCONTINUED("care.iop.medication.medication.discontinued.v1", Topics.MEDICATION,
            MedicationDiscontinued.class),
    DOSE_ADMINISTERED("care.iop.medication.dose.administered.v1", Topics.MEDICATION, DoseAdministered.class),
    DOSE_MISSED("care.iop.medication.dose.missed.v1", Topics.MEDICATION, DoseMissed.class),
    DRUG_SCREEN_RESULTED("care.iop.medication.drug-screen.resulted.v1", Topics.MEDICATION,
            DrugScreenResulted.class),

    DISCHARGE_PLANNED("care.iop.aftercare.discharge.planned.v1", Topics.AFTERCARE, DischargePlanned.class),
    PATIENT_DISCHARGED("care.iop.aftercare.patient.discharged.v1", Topics.AFTERCARE, PatientDischarged.class),
    FOLLOW_UP_DUE("care.iop.aftercare.follow-up.due.v1", Topics.AFTERCARE, FollowUpDue.class),
    FOLLOW_UP_COMPLETED("care.iop.aftercare.follow-up.completed.v1", Topics.AFTERCARE, FollowUpCompleted.class),
    RELAPSE_RISK_FLAGGED("care.iop.aftercare.relapse-risk.flagged.v1", Topics.AFTERCARE, RelapseRiskFlagged.class),
    RELAPSE_RISK_ACKNOWLEDGED("care.iop.aftercare.relapse-risk.acknowledged.v1", Topics.AFTERCARE,
            RelapseRiskAcknowledged.class),
    READMISSION_REQUESTED("care.iop.aftercare.readmission.requested.v1", Topics.AFTERCARE,
            ReadmissionRequested.class),

    AUDIT_RECORD_APPENDED("care.iop.audit.record.appended.v1", Topics.AUDIT, AuditRecordAppended.class),
    AUDIT_CHAIN_CHECKPOINTED("care.iop.audit.chain.checkpointed.v1", Topics.AUDIT, AuditChainCheckpointed.class);

    private static final Map<String, EventType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
    private static final Map<Class<?>, EventType> BY_DATA_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));

    private final String type;
    private final String topic;
    private final Class<? extends EventData> dataClass;

    EventType(String type, String topic, Class<? extends EventData> dataClass) {
        this.type = type;
        this.topic = topic;
        this.dataClass = dataClass;
    }

    /** The CloudEvents {@code type}, {@code care.iop.<area>.<name>.v<N>}. */
    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** Classpath location of the JSON Schema of {@code data}. */
    public String schemaResource() {
        return "/care/iop/events/schemas/" + type + ".json";
    }

    public static Optional<EventType> forType(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(BY_TYPE.get(type));
    }

    /** @throws IllegalArgumentException if the class is not a catalogued event's data record */
    public static EventType forDataClass(Class<?> dataClass) {
        EventType type = BY_DATA_CLASS.get(dataClass);
        if (type == null) {
            throw new IllegalArgumentException("not an event data class: " + dataClass.getName());
        }
        return type;
    }
}
