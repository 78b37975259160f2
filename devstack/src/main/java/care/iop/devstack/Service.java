package care.iop.devstack;

import java.util.Locale;

/**
 * The eight runnable modules of the platform, with the names their configuration uses
 * (see each module's {@code src/main/resources/application.properties}).
 */
public enum Service {

    INTAKE("intake-service", "intake", "intake", 8081, "IOP_INTAKE_JDBC_URL", "IOP_INTAKE_URL"),
    SCHEDULING("scheduling-service", "scheduling", "scheduling", 8082, "IOP_SCHEDULING_JDBC_URL", "IOP_SCHEDULING_URL"),
    NOTES("clinical-notes-service", "notes", "notes", 8083, "IOP_NOTES_JDBC_URL", "IOP_NOTES_URL"),
    MEDICATION("medication-service", "medications", "medication", 8084, "IOP_MEDICATION_JDBC_URL", "IOP_MEDICATION_URL"),
    AFTERCARE("aftercare-service", "aftercare", "aftercare", 8085, "IOP_AFTERCARE_JDBC_URL", "IOP_AFTERCARE_URL"),
    /** The one entry point; it has no database. */
    GATEWAY("gateway", null, null, 8080, null, null),
    /** The partner organisations' web pages: a client of the gateway, with no database. */
    PORTAL("partner-portal", null, null, 3000, null, null),
    /** Program outcome measures from the event stream (Kafka Streams); state in its stores, no database. */
    ANALYTICS("analytics-service", "analytics", null, 8086, null, "IOP_ANALYTICS_URL");

    private final String module;
    private final String area;
    private final String database;
    private final int defaultPort;
    private final String jdbcUrlVariable;
    private final String urlVariable;

    Service(String module, String area, String database, int defaultPort, String jdbcUrlVariable, String urlVariable) {
        this.module = module;
        this.area = area;
        this.database = database;
        this.defaultPort = defaultPort;
        this.jdbcUrlVariable = jdbcUrlVariable;
        this.urlVariable = urlVariable;
    }

    /** The Maven module (directory) name, also the name used in progress lines and log file names. */
    public String module() {
        return module;
    }

    /** The API area: paths are {@code /api/v1/<area>/…}; null for the gateway. */
    public String area() {
        return area;
    }

    /** The PostgreSQL database name (the default of {@code %prod.quarkus.datasource.jdbc.url}); null for the gateway. */
    public String database() {
        return database;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The environment variable the service reads its JDBC URL from; null for the gateway. */
    public String jdbcUrlVariable() {
        return jdbcUrlVariable;
    }

    /** The environment variable the gateway (and the consent check) reads this service's base URL from. */
    public String urlVariable() {
        return urlVariable;
    }

    public boolean hasDatabase() {
        return database != null;
    }

    /**
     * Finds a service by any of its names: enum name, module ({@code clinical-notes-service}), area
     * ({@code medications}), database ({@code medication}) or the module without {@code -service}.
     */
    public static Service of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Service s : values()) {
            if (n.equals(s.name().toLowerCase(Locale.ROOT)) || n.equals(s.module) || n.equals(s.area)
                    || n.equals(s.database) || n.equals(s.module.replace("-service", ""))) {
                return s;
            }
        }
        throw new IllegalArgumentException("no service called " + name);
    }
}
