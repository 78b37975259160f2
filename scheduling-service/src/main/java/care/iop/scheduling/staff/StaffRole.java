package care.iop.scheduling.staff;

import care.iop.common.security.Roles;
import care.iop.common.staff.StaffDirectory;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** A staff role as the directory shows it: the realm role's name ({@link StaffDirectory#STAFF_ROLES}). */
public enum StaffRole {
    INTAKE_COORDINATOR(Roles.INTAKE_COORDINATOR),
    CLINICIAN(Roles.CLINICIAN),
    CLINICAL_SUPERVISOR(Roles.CLINICAL_SUPERVISOR),
    PRESCRIBER(Roles.PRESCRIBER),
    NURSE(Roles.NURSE),
    SCHEDULER(Roles.SCHEDULER),
    CASE_MANAGER(Roles.CASE_MANAGER),
    CLINIC_ADMIN(Roles.CLINIC_ADMIN),
    AUDITOR(Roles.AUDITOR);

    private final String value;

    StaffRole(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    static StaffRole of(String role) {
        return Arrays.stream(values()).filter(r -> r.value.equals(role)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a staff role"));
    }
}
