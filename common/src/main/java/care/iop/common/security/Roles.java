package care.iop.common.security;

/** The realm roles of ARCHITECTURE §4. */
public final class Roles {

    public static final String INTAKE_COORDINATOR = "intake-coordinator";
    public static final String CLINICIAN = "clinician";
    public static final String CLINICAL_SUPERVISOR = "clinical-supervisor";
    public static final String PRESCRIBER = "prescriber";
    public static final String NURSE = "nurse";
    public static final String SCHEDULER = "scheduler";
    public static final String CASE_MANAGER = "case-manager";
    public static final String CLINIC_ADMIN = "clinic-admin";
    public static final String AUDITOR = "auditor";
    public static final String EHR_INTEGRATION = "ehr-integration";
    public static final String PARTNER = "partner";

    private Roles() {
    }
}
