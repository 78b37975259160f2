package care.iop.aftercare.fhir;

import care.iop.aftercare.plan.PlanContent;
import care.iop.aftercare.plan.RelapsePreventionPlanService.PlanSnapshot;
import care.iop.common.fhir.Part2Labels;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.CarePlan.CarePlanIntent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A patient's relapse-prevention plan as a US Core CarePlan.
 * <ul>
 *   <li>id {@code relapse-prevention-<uuid>}: the plan's first version's id, kept as versions are added (clinical
 *       notes serves treatment plans as {@code treatment-plan-<uuid>}); versionId the plan version, as the REST
 *       ETag; lastUpdated when that version was written;</li>
 *   <li>category {@code assess-plan} (US Core careplan-category, the slice the profile requires), and a second
 *       category {@value #CATEGORY_SYSTEM}{@code |relapse-prevention} with the text "relapse prevention", so a
 *       search can ask for relapse-prevention plans only;</li>
 *   <li>status {@code active}, intent {@code plan}: every plan in the record is the one in force (older versions are
 *       history, read with vread); period from when this version was written, open-ended (as clinical notes does
 *       for treatment plans, so a date search means the same for both); created when the first version was
 *       written;</li>
 *   <li>the content: coping strategies, the crisis plan, people to call and accountability partners as activities
 *       ({@code detail.code} text says which, {@code detail.description} the words; {@code detail.status}
 *       {@code unknown}: the record does not track whether an activity was done); triggers and warning signs as
 *       notes ("Trigger: …", "Warning sign: …"), CarePlan having no element of their own for them;</li>
 *   <li>text: generated XHTML listing exactly that content, everything escaped.</li>
 * </ul>
 */
final class CarePlanMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-careplan";
    static final String ID_PREFIX = "relapse-prevention-";
    static final String US_CORE_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category";
    static final String CATEGORY_SYSTEM = "urn:iop:careplan-category";
    static final String STATUS_SYSTEM = "http://hl7.org/fhir/request-status";

    static final String COPING_STRATEGY = "Coping strategy";
    static final String CRISIS_PLAN = "Crisis plan";
    static final String PERSON_TO_CALL = "Person to call";
    static final String ACCOUNTABILITY_PARTNER = "Accountability partner";

    private CarePlanMapping() {
    }

    static CarePlan toFhir(PlanSnapshot p) {
        CarePlan c = new CarePlan();
        String version = Integer.toString(p.version());
        c.setId(new IdType("CarePlan", ID_PREFIX + p.planId(), version));
        c.getMeta().setVersionId(version).setLastUpdatedElement(instant(p.writtenAt())).addProfile(PROFILE);
        Part2Labels.label(c);
        c.setStatus(CarePlanStatus.ACTIVE);
        c.setIntent(CarePlanIntent.PLAN);
        categories().forEach(c::addCategory);
        c.setTitle("Relapse-prevention plan");
        c.setSubject(new Reference("Patient/" + p.patientId()));
        c.getPeriod().setStartElement(dateTime(p.writtenAt()));
        c.setCreatedElement(dateTime(p.startedAt()));

        PlanContent content = p.content();
        for (String strategy : content.copingStrategies()) {
            activity(c, COPING_STRATEGY, strategy);
        }
        activity(c, CRISIS_PLAN, content.crisisPlan());
        for (PlanContent.Contact person : nullToEmpty(content.peopleToCall())) {
            activity(c, PERSON_TO_CALL, contact(person));
        }
        for (PlanContent.Contact partner : nullToEmpty(content.accountabilityPartners())) {
            activity(c, ACCOUNTABILITY_PARTNER, contact(partner));
        }
        for (String trigger : content.triggers()) {
            c.addNote().setText("Trigger: " + trigger);
        }
        for (String sign : content.warningSigns()) {
            c.addNote().setText("Warning sign: " + sign);
        }
        c.setText(narrative(p));
        return c;
    }

    /** The two categories every relapse-prevention plan carries. */
    static List<CodeableConcept> categories() {
        return List.of(
                new CodeableConcept(new Coding(US_CORE_CATEGORY, "assess-plan", "Assessment and Plan of Treatment")),
                new CodeableConcept(new Coding(CATEGORY_SYSTEM, "relapse-prevention", "Relapse prevention"))
                        .setText("relapse prevention"));
    }

    static List<Coding> categoryCodings() {
        return categories().stream().flatMap(c -> c.getCoding().stream()).toList();
    }

    static List<Coding> statusCodings() {
        return List.of(new Coding(STATUS_SYSTEM, CarePlanStatus.ACTIVE.toCode(), null));
    }

    /** The period as a search range: from when this version was written, open-ended. */
    static SearchMatch.Range range(PlanSnapshot p) {
        return SearchMatch.Range.from(p.writtenAt().truncatedTo(ChronoUnit.SECONDS));
    }

    static String contact(PlanContent.Contact c) {
        return c.name() + (c.relationship() == null ? "" : " (" + c.relationship() + ")")
                + (c.phone() == null ? "" : ": " + c.phone());
    }

    /** The generated narrative: the plan's content as lists, every word escaped. */
    static Narrative narrative(PlanSnapshot p) {
        PlanContent content = p.content();
        StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\">")
                .append("<p><b>Relapse-prevention plan</b>, version ").append(p.version()).append("</p>");
        list(div, "Triggers", content.triggers());
        list(div, "Warning signs", content.warningSigns());
        list(div, "Coping strategies", content.copingStrategies());
        div.append("<p>Crisis plan: ").append(escape(content.crisisPlan())).append("</p>");
        list(div, "People to call", nullToEmpty(content.peopleToCall()).stream().map(CarePlanMapping::contact)
                .toList());
        list(div, "Accountability partners", nullToEmpty(content.accountabilityPartners()).stream()
                .map(CarePlanMapping::contact).toList());
        div.append("</div>");
        Narrative n = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        n.setDivAsString(div.toString());
        return n;
    }

    private static void list(StringBuilder div, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        div.append("<p>").append(title).append(":</p><ul>");
        items.forEach(i -> div.append("<li>").append(escape(i)).append("</li>"));
        div.append("</ul>");
    }

    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(ch);
            }
        }
        return s.toString();
    }

    private static void activity(CarePlan c, String kind, String description) {
        c.addActivity().getDetail().setCode(new CodeableConcept().setText(kind))
                .setStatus(CarePlanActivityStatus.UNKNOWN).setDescription(description);
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : new ArrayList<>(list);
    }

    private static DateTimeType dateTime(Instant at) {
        return new DateTimeType(at.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static InstantType instant(Instant at) {
        InstantType t = new InstantType(Date.from(at.truncatedTo(ChronoUnit.MILLIS)));
        t.setTimeZoneZulu(true);
        return t;
    }
}
