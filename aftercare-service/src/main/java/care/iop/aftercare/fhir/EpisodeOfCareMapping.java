package care.iop.aftercare.fhir;

import care.iop.aftercare.episode.Episode;
import care.iop.aftercare.episode.EpisodeApi.DischargeView;
import care.iop.aftercare.episode.EpisodeApi.EpisodeView;
import care.iop.common.fhir.Part2Labels;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

import java.time.LocalDate;
import java.util.List;

/**
 * A treatment episode (admission to discharge) as a plain R4 EpisodeOfCare; US Core has no EpisodeOfCare profile.
 * <ul>
 *   <li>id {@code episode-<uuid>} (scheduling serves its enrollments as {@code enrollment-<uuid>}), versionId the
 *       episode's version, as the REST ETag;</li>
 *   <li>status {@code active} while the episode is open, {@code finished} once discharged. {@code planned} and
 *       {@code waitlist} never apply here: an episode opens with the admission itself (intake keeps the waitlist);</li>
 *   <li>type: HL7's {@code episodeofcare-type} code {@code da}, "Drug and alcohol rehabilitation", with the text
 *       naming the program;</li>
 *   <li>period from the admission date to the discharge date (dates, no time);</li>
 *   <li>the discharge: the extension {@value #DISCHARGE_REASON} with the TEDS-D reason for discharge as a Coding in
 *       {@value #TEDS_D_REASON} (codes 1–7, docs/clinical-reference.md, "Discharge"), and a statusHistory entry
 *       "active" over the period the episode ran;</li>
 *   <li>text: a generated one-line narrative of the above.</li>
 * </ul>
 * The discharge summary stays out: EpisodeOfCare has no place for narrative notes, and it is read on the REST API.
 */
final class EpisodeOfCareMapping {

    static final String ID_PREFIX = "episode-";
    static final String TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/episodeofcare-type";
    static final String DISCHARGE_REASON = "urn:iop:fhir:StructureDefinition/discharge-reason";
    static final String TEDS_D_REASON = "urn:iop:teds-d:reason";
    static final String STATUS_SYSTEM = "http://hl7.org/fhir/episode-of-care-status";

    /** TEDS-D "reason for discharge", codes 1–7 in order (SAMHSA TEDS-D; docs/clinical-reference.md). */
    private static final List<String> REASONS = List.of("Treatment completed", "Dropped out",
            "Terminated by the facility", "Transferred to another program or facility", "Incarcerated", "Died",
            "Other");

    private EpisodeOfCareMapping() {
    }

    static EpisodeOfCare toFhir(EpisodeView v) {
        EpisodeOfCare e = new EpisodeOfCare();
        String version = Long.toString(v.version());
        e.setId(new IdType("EpisodeOfCare", ID_PREFIX + v.id(), version));
        e.getMeta().setVersionId(version);
        Part2Labels.label(e);
        e.setStatus(status(v.status()));
        e.addType(new CodeableConcept(new Coding(TYPE_SYSTEM, "da", "Drug and alcohol rehabilitation"))
                .setText("Substance use disorder intensive outpatient program"));
        e.setPatient(new Reference("Patient/" + v.patientId()));
        Period period = period(v.openedOn(), v.closedOn());
        e.setPeriod(period);
        DischargeView discharge = v.discharge();
        if (discharge != null) {
            e.addExtension(DISCHARGE_REASON, dischargeReason(discharge.reasonCode()));
        }
        if (e.getStatus() == EpisodeOfCareStatus.FINISHED) {
            e.addStatusHistory().setStatus(EpisodeOfCareStatus.ACTIVE).setPeriod(period.copy());
        }
        e.setText(narrative(v));
        return e;
    }

    /** A generated one-line narrative: the program, the dates, the status and the discharge reason. */
    static Narrative narrative(EpisodeView v) {
        StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>")
                .append("Substance use disorder intensive outpatient program from ").append(v.openedOn());
        if (v.closedOn() != null) {
            div.append(" to ").append(v.closedOn());
        }
        div.append(": ").append(status(v.status()).toCode());
        if (v.discharge() != null) {
            div.append(", discharged (TEDS-D reason: ")
                    .append(dischargeReason(v.discharge().reasonCode()).getDisplay()).append(")");
        }
        div.append("</p></div>");
        Narrative n = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        n.setDivAsString(div.toString());
        return n;
    }

    static EpisodeOfCareStatus status(Episode.Status status) {
        return switch (status) {
            case OPEN -> EpisodeOfCareStatus.ACTIVE;
            case CLOSED -> EpisodeOfCareStatus.FINISHED;
        };
    }

    static Coding dischargeReason(int code) {
        if (code < 1 || code > REASONS.size()) {
            throw new IllegalArgumentException("TEDS-D reason for discharge is 1-7, not " + code);
        }
        return new Coding(TEDS_D_REASON, Integer.toString(code), REASONS.get(code - 1));
    }

    /** The status as a Coding, for matching the {@code status} search parameter. */
    static Coding statusCoding(EpisodeOfCare e) {
        return new Coding(STATUS_SYSTEM, e.getStatus().toCode(), null);
    }

    private static Period period(LocalDate start, LocalDate end) {
        Period p = new Period().setStartElement(new DateTimeType(start.toString()));
        if (end != null) {
            p.setEndElement(new DateTimeType(end.toString()));
        }
        return p;
    }
}
