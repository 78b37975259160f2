package care.iop.events.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an audited access did. */
public enum AuditAction {
    READ("read"),
    CREATE("create"),
    UPDATE("update"),
    SIGN("sign"),
    DISCLOSE("disclose"),
    EXPORT("export"),
    DELETE("delete");

    private final String value;

    AuditAction(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
