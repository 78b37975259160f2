package care.iop.events;

import java.util.List;

/** The Kafka topics, one per producing service. Every record's key is the event's {@code subject}. */
public final class Topics {

    public static final String INTAKE = "iop.intake.v1";
    public static final String SCHEDULING = "iop.scheduling.v1";
    public static final String CLINICAL_NOTES = "iop.clinical-notes.v1";
    public static final String MEDICATION = "iop.medication.v1";
    public static final String AFTERCARE = "iop.aftercare.v1";
    public static final String AUDIT = "iop.audit.v1";

    private static final List<String> ALL = List.of(INTAKE, SCHEDULING, CLINICAL_NOTES, MEDICATION, AFTERCARE, AUDIT);

    private Topics() {
    }

    /** The dead-letter topic where consumers park records of {@code topic} they cannot apply. */
    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    public static List<String> all() {
        return ALL;
    }
}
