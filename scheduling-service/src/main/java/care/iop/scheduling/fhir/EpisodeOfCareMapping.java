package care.iop.scheduling.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.enrollment.EnrollmentSummary;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * An enrollment in a program track as a plain R4 EpisodeOfCare (US Core has no EpisodeOfCare profile), with the id
 * {@code enrollment-<uuid>} (aftercare's treatment episodes are {@code episode-<uuid>}; the gateway routes by it).
 *
 * <ul>
 *   <li>status: active (booked into the track's sessions); planned (admitted to a track code the clinic has not set
 *   up yet); waitlist (waiting for a closed group's next cohort); finished (ended: discharged, withdrawn,
 *   transferred or other).</li>
 *   <li>type: the track (the platform's track code, its name as text) and HL7's episode-of-care type {@code da}
 *   "Drug and alcohol rehabilitation": every track of this program treats substance use.</li>
 *   <li>period: from the start date to the end date, as dates.</li>
 * </ul>
 */
final class EpisodeOfCareMapping {

    static final String ID_PREFIX = "enrollment-";
    /** Tracks by their clinic's code. */
    static final String TRACK = "urn:iop:track";
    static final String ENROLLMENT = "urn:iop:enrollment";
    static final String EPISODE_TYPE = "http://terminology.hl7.org/CodeSystem/episodeofcare-type";

    private EpisodeOfCareMapping() {
    }

    static EpisodeOfCare toFhir(EnrollmentSummary e) {
        String version = Long.toString(e.version());
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setId(new IdType("EpisodeOfCare", ID_PREFIX + e.id(), version));
        episode.getMeta().setVersionId(version);
        Part2Labels.label(episode);
        episode.addIdentifier().setSystem(ENROLLMENT).setValue(e.id().toString());
        episode.setStatus(status(e.status()));
        episode.addType(new CodeableConcept(new Coding(TRACK, e.trackCode(), e.trackName()))
                .setText(e.trackName() != null ? e.trackName() : e.trackCode()));
        episode.addType(new CodeableConcept(new Coding(EPISODE_TYPE, "da", "Drug and alcohol rehabilitation")));
        episode.setPatient(new Reference("Patient/" + e.patientId()));
        Period period = new Period().setStartElement(new DateTimeType(e.startDate().toString()));
        if (e.endDate() != null) {
            period.setEndElement(new DateTimeType(e.endDate().toString()));
        }
        episode.setPeriod(period);
        return episode;
    }

    static EpisodeOfCareStatus status(Enrollment.Status status) {
        return switch (status) {
            case ACTIVE -> EpisodeOfCareStatus.ACTIVE;
            case PENDING_TRACK -> EpisodeOfCareStatus.PLANNED;
            case WAITING_FOR_COHORT -> EpisodeOfCareStatus.WAITLIST;
            case ENDED -> EpisodeOfCareStatus.FINISHED;
        };
    }
}
