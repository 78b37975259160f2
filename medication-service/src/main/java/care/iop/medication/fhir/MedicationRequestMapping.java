package care.iop.medication.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.medication.order.MedicationOrder;
import care.iop.medication.order.OrderApi.HistoryView;
import care.iop.medication.order.OrderApi.OrderView;
import care.iop.medication.order.OrderHistory;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.hl7.fhir.r4.model.Timing.UnitsOfTime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A medication order as a US Core MedicationRequest.
 * <p>
 * <b>Status.</b> The order knows two states. A discontinued order is {@code stopped} (its reason code in
 * {@code statusReason}); an active order whose end date has passed (UTC, as the service dates orders) is
 * {@code completed}; any other active order is {@code active}, including one waiting for the prescriber's
 * decision after the patient's discharge (the order is not halted while it waits).
 * <p>
 * <b>Intent</b> is always {@code order}, {@code reported} false (the clinic's own prescriber wrote it), the requester
 * the prescriber ({@code Practitioner/<staff id>}), {@code authoredOn} when it was prescribed. Category: orders given
 * as observed doses in clinic (with an administration schedule) are {@code outpatient}, the rest, taken at home,
 * {@code community}. The indication is the ICD-10-CM {@code reasonCode}. The medication is a CodeableConcept (see
 * {@link MedicationCodes}), never a Medication reference, so there is nothing to {@code _include}.
 * <p>
 * <b>Dosage</b>: a text ("8 mg sublingual daily at 09:00 (America/New_York)"), the route, the dose and a timing from
 * the frequency (code and repeat), the observed-dose times of day (local to the schedule's zone, as FHIR's time has
 * none) and the course's start and end dates as bounds; {@code prn} is {@code asNeeded}.
 */
final class MedicationRequestMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-medicationrequest";
    static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/medicationrequest-category";
    static final String TIMING_ABBREVIATION = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation";

    private MedicationRequestMapping() {
    }

    static MedicationRequest toFhir(OrderView o, String medicationName, LocalDate today) {
        MedicationRequest r = new MedicationRequest();
        r.setId(new IdType("MedicationRequest", o.id().toString(), Long.toString(o.version())));
        r.getMeta().setVersionId(Long.toString(o.version())).addProfile(PROFILE);
        Part2Labels.label(r);
        r.setStatus(status(o, today));
        if (o.status() == MedicationOrder.Status.DISCONTINUED) {
            o.history().stream().filter(h -> OrderHistory.DISCONTINUED.equals(h.action()))
                    .map(HistoryView::reasonCode).filter(Objects::nonNull).findFirst()
                    .ifPresent(reason -> r.setStatusReason(new CodeableConcept().setText(reason)));
        }
        r.setIntent(MedicationRequestIntent.ORDER);
        boolean observed = o.administrationTimes() != null && !o.administrationTimes().isEmpty();
        r.addCategory(new CodeableConcept(observed ? new Coding(CATEGORY, "outpatient", "Outpatient")
                : new Coding(CATEGORY, "community", "Community")));
        r.setReported(new BooleanType(false));
        r.setMedication(MedicationCodes.medication(o.medicationId(), o.rxnorm(), medicationName));
        r.setSubject(new Reference("Patient/" + o.patientId()));
        authoredOn(o).ifPresent(at -> r.setAuthoredOnElement(FhirTimes.dateTime(at)));
        r.setRequester(new Reference("Practitioner/" + o.prescriberId()));
        if (o.indication() != null) {
            r.addReasonCode(new CodeableConcept(new Coding(MedicationCodes.ICD10CM, o.indication(), null)));
        }
        r.addDosageInstruction(dosage(o));
        if (o.matProgram()) {
            r.addNote().setText("Part of the clinic's medication for addiction treatment (MAT) program");
        }
        return r;
    }

    /** {@code stopped}, {@code completed} (an active order past its end date), else {@code active}. */
    static MedicationRequestStatus status(OrderView o, LocalDate today) {
        if (o.status() == MedicationOrder.Status.DISCONTINUED) {
            return MedicationRequestStatus.STOPPED;
        }
        if (o.endDate() != null && o.endDate().isBefore(today)) {
            return MedicationRequestStatus.COMPLETED;
        }
        return MedicationRequestStatus.ACTIVE;
    }

    /** When the order was prescribed: its first history entry. */
    static Optional<Instant> authoredOn(OrderView o) {
        return o.history().stream().filter(h -> OrderHistory.PRESCRIBED.equals(h.action())).map(HistoryView::at)
                .findFirst();
    }

    static Dosage dosage(OrderView o) {
        Dosage d = new Dosage();
        d.setSequence(1);
        d.setText(text(o));
        d.setRoute(MedicationCodes.route(o.route()));
        d.addDoseAndRate().setDose(MedicationCodes.dose(o.dose(), o.doseUnit()));
        Timing timing = new Timing();
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        Period bounds = new Period().setStartElement(new DateTimeType(o.startDate().toString()));
        if (o.endDate() != null) {
            bounds.setEndElement(new DateTimeType(o.endDate().toString()));
        }
        repeat.setBounds(bounds);
        List<LocalTime> times = o.administrationTimes() == null ? List.of() : o.administrationTimes();
        switch (o.frequency()) {
            case "once" -> repeat.setCount(1);
            case "daily" -> everyDay(repeat, 1, timing, "QD", "QD");
            case "bid" -> everyDay(repeat, 2, timing, "BID", "BID");
            case "tid" -> everyDay(repeat, 3, timing, "TID", "TID");
            case "qid" -> everyDay(repeat, 4, timing, "QID", "QID");
            case "qhs" -> {
                everyDay(repeat, 1, timing, "BED", "at bedtime");
                if (times.isEmpty()) {
                    repeat.addWhen(EventTiming.HS);
                }
            }
            case "weekly" -> {
                repeat.setFrequency(1).setPeriod(1).setPeriodUnit(UnitsOfTime.WK);
                timing.setCode(new CodeableConcept(new Coding(TIMING_ABBREVIATION, "WK", "weekly")));
            }
            case "monthly" -> {
                repeat.setFrequency(1).setPeriod(1).setPeriodUnit(UnitsOfTime.MO);
                timing.setCode(new CodeableConcept(new Coding(TIMING_ABBREVIATION, "MO", "monthly")));
            }
            case "prn" -> d.setAsNeeded(new BooleanType(true));
            default -> timing.setCode(new CodeableConcept().setText(o.frequency()));
        }
        times.forEach(t -> repeat.addTimeOfDay(t.toString().length() == 5 ? t + ":00" : t.toString()));
        d.setTiming(timing);
        return d;
    }

    private static void everyDay(Timing.TimingRepeatComponent repeat, int times, Timing timing, String code,
                                 String display) {
        repeat.setFrequency(times).setPeriod(1).setPeriodUnit(UnitsOfTime.D);
        timing.setCode(new CodeableConcept(new Coding(TIMING_ABBREVIATION, code, display)));
    }

    /** "8 mg sublingual daily", with the observed-dose times and their zone when the order has a schedule. */
    static String text(OrderView o) {
        StringBuilder text = new StringBuilder()
                .append(o.dose().stripTrailingZeros().toPlainString()).append(' ').append(o.doseUnit())
                .append(' ').append(o.route()).append(' ').append(o.frequency());
        if (o.administrationTimes() != null && !o.administrationTimes().isEmpty()) {
            text.append(" at ").append(o.administrationTimes().stream().map(LocalTime::toString)
                    .collect(Collectors.joining(", "))).append(" (").append(o.administrationZone()).append(')');
        }
        return text.toString();
    }
}
