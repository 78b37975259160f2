package care.iop.common.fhir;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * DS4P security labels on everything this SUD treatment program serves over FHIR, so the receiving EHR can segment it
 * (42 CFR Part 2: a record that identifies a patient of the program, their identity included, may not be
 * redisclosed without consent): confidentiality R (restricted), policy 42CFRPart2, sensitivity ETH (substance abuse
 * information).
 */
public final class Part2Labels {

    public static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private Part2Labels() {
    }

    public static <T extends Resource> T label(T resource) {
        var meta = resource.getMeta();
        meta.addSecurity(new Coding(CONFIDENTIALITY, "R", "restricted"));
        meta.addSecurity(new Coding(ACT_CODE, "42CFRPart2", "42 CFR Part2"));
        meta.addSecurity(new Coding(ACT_CODE, "ETH", "substance abuse information sensitivity"));
        return resource;
    }
}
