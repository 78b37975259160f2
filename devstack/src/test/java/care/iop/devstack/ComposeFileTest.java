package care.iop.devstack;

import care.iop.embedded.Directories;
import care.iop.events.TopicDeclarations;
import care.iop.events.TopicSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} (with {@code .env}) against the services' real configuration: each runnable module's
 * {@code application.properties} (its port, the {@code ${IOP_...}} variables it reads and their defaults), the
 * variables {@code iop-common} reads for every service, the realm file and the PostgreSQL init script. A service that
 * starts reading a new variable, changes its port or its database name fails here until the compose file follows.
 */
class ComposeFileTest {

    /** The runnable modules: five services and the gateway (ARCHITECTURE §1). */
    static final Set<String> RUNNABLE = Set.of("intake-service", "scheduling-service", "clinical-notes-service",
            "medication-service", "aftercare-service", "gateway", "partner-portal", "analytics-service");
    static final Set<String> INFRASTRUCTURE = Set.of("postgres", "kafka", "keycloak");
    /** One-shot: creates the declared topics and exits; whoever uses Kafka waits for it to have succeeded. */
    static final String TOPICS = "kafka-topics";
    static final String PORTAL = "partner-portal";
    /** Reads the event stream only: no database, and the gateway does not route to it yet (issue #21). */
    static final String ANALYTICS = "analytics-service";

    /** {@code ${IOP_X}} or {@code ${IOP_X:default}} in Quarkus configuration (also in {@code @WithDefault}). */
    static final Pattern QUARKUS_REFERENCE = Pattern.compile("\\$\\{(IOP_[A-Z0-9_]+)(?::([^}]*))?}");
    /** {@code ${X}}, {@code ${X:-default}}, {@code ${X-default}}, {@code ${X:?error}}; {@code $$} escapes a dollar. */
    static final Pattern COMPOSE_REFERENCE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    static Path root;
    static JsonNode compose;
    static JsonNode services;
    static Map<String, String> env;
    static Map<String, Module> modules;

    /**
     * A runnable module as its own files describe it.
     *
     * @param variables the {@code IOP_...} variables it reads, with their defaults ("" when none)
     */
    record Module(String name, int port, Map<String, String> variables) {
    }

    @BeforeAll
    static void load() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        root = here.endsWith("devstack") ? here.getParent() : here; // Surefire runs in the module directory
        compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
        env = dotEnv(root.resolve(".env"));
        modules = new LinkedHashMap<>();
        for (String name : rootModules()) {
            Path properties = root.resolve(name).resolve("src/main/resources/application.properties");
            if (!Files.exists(properties) || !load(properties).containsKey("quarkus.http.port")) {
                continue;
            }
            modules.put(name, module(name, properties));
        }
    }

    @Test
    void the_runnable_modules_are_the_eight_of_the_architecture() {
        assertThat(modules.keySet()).containsExactlyInAnyOrderElementsOf(RUNNABLE);
    }

    @Test
    void every_runnable_module_is_a_compose_service_with_its_image_and_port() {
        for (Module m : modules.values()) {
            JsonNode service = service(m.name());
            assertThat(service.path("image").asText()).as("image of " + m.name())
                    .isEqualTo("iop/" + m.name() + ":${IOP_VERSION}");
            List<String> ports = texts(service.path("ports"));
            assertThat(ports).as("ports of " + m.name()).anyMatch(p -> p.endsWith(":" + m.port()));
            // On the host too, by default, the README's ports: http://localhost:8081 is intake, and so on.
            assertThat(ports).as("published port of " + m.name()).anyMatch(p -> interpolate(p).replaceFirst("^127\\.0\\.0\\.1:", "")
                    .equals(m.port() + ":" + m.port()));
            if (!m.name().equals("gateway")) {
                // Only the gateway (and Keycloak) face the network: the services and the data stores are loopback-only.
                assertThat(ports).as("loopback-only port of " + m.name()).allMatch(p -> p.startsWith("127.0.0.1:"));
            }
        }
    }

    @Test
    void every_variable_a_module_reads_is_set_on_its_compose_service() {
        for (Module m : modules.values()) {
            Map<String, String> environment = environment(service(m.name()));
            assertThat(environment.keySet()).as("environment of " + m.name() + " (it reads " + m.variables().keySet() + ")")
                    .containsAll(m.variables().keySet());
        }
    }

    @Test
    void jdbc_urls_point_at_the_compose_postgres_and_the_modules_own_database() {
        for (Module m : modules.values()) {
            Map<String, String> environment = environment(service(m.name()));
            m.variables().forEach((variable, defaultValue) -> {
                if (!defaultValue.startsWith("jdbc:postgresql:")) {
                    return;
                }
                URI expected = URI.create(defaultValue.substring("jdbc:".length()));
                URI actual = URI.create(interpolate(environment.get(variable)).substring("jdbc:".length()));
                assertThat(actual.getHost()).as(variable).isEqualTo("postgres");
                assertThat(actual.getPort()).as(variable).isEqualTo(5432);
                assertThat(actual.getPath()).as(variable + ": the database of " + m.name()).isEqualTo(expected.getPath());
                assertThat(dependsOn(m.name())).as(m.name()).containsEntry("postgres", "service_healthy");
            });
            if (m.variables().containsKey("IOP_DB_USER")) {
                // The owner migrates (the server's superuser here); the application role is made by the init script.
                Map<String, String> postgres = environment(service("postgres"));
                assertThat(environment.get("IOP_DB_OWNER")).isEqualTo(postgres.get("POSTGRES_USER"));
                assertThat(environment.get("IOP_DB_OWNER_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
                assertThat(environment.get("IOP_DB_USER")).isEqualTo(postgres.get("IOP_DB_USER"))
                        .isNotEqualTo(postgres.get("POSTGRES_USER"));
                assertThat(environment.get("IOP_DB_PASSWORD")).isEqualTo(postgres.get("IOP_DB_PASSWORD"));
            }
        }
    }

    @Test
    void the_init_script_creates_every_database_the_services_use() throws IOException {
        String mount = texts(service("postgres").path("volumes")).stream()
                .filter(v -> v.contains(":/docker-entrypoint-initdb.d/")).findFirst().orElse(null);
        assertThat(mount).as("init script mounted into /docker-entrypoint-initdb.d/").isNotNull();
        Path script = root.resolve(mount.substring(0, mount.indexOf(':'))).normalize();
        assertThat(script).exists();
        Set<String> created = new TreeSet<>();
        Matcher m = Pattern.compile("(?i)CREATE\\s+DATABASE\\s+\"?([a-z0-9_]+)\"?").matcher(Files.readString(script));
        while (m.find()) {
            created.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        Set<String> used = new TreeSet<>();
        for (Module module : modules.values()) {
            Map<String, String> environment = environment(service(module.name()));
            module.variables().forEach((variable, defaultValue) -> {
                if (defaultValue.startsWith("jdbc:postgresql:")) {
                    used.add(database(defaultValue));
                    used.add(database(interpolate(environment.get(variable))));
                }
            });
        }
        assertThat(used).containsExactlyInAnyOrder("intake", "scheduling", "notes", "medication", "aftercare");
        assertThat(created).containsAll(used);
    }

    @Test
    void kafka_and_keycloak_addresses_are_compose_services() throws IOException {
        String realm = new ObjectMapper().readTree(root.resolve("devstack/src/main/resources/iop-realm.json").toFile())
                .path("realm").asText();
        Map<String, String> keycloak = environment(service("keycloak"));
        String issuer = interpolate(keycloak.get("KC_HOSTNAME")) + "/realms/" + realm;
        for (Module m : modules.values()) {
            Map<String, String> environment = environment(service(m.name()));
            if (m.variables().containsKey("IOP_KAFKA")) {
                String kafka = interpolate(environment.get("IOP_KAFKA"));
                assertThat(services.has(kafka.substring(0, kafka.indexOf(':')))).as("IOP_KAFKA of " + m.name()).isTrue();
                assertThat(environment(service("kafka")).get("KAFKA_ADVERTISED_LISTENERS")).as("listener for " + kafka)
                        .contains("://" + kafka);
                assertThat(dependsOn(m.name())).as(m.name()).containsEntry("kafka", "service_healthy")
                        .containsEntry(TOPICS, "service_completed_successfully");
            }
            if (m.variables().containsKey("IOP_OIDC_URL")) {
                URI oidc = URI.create(interpolate(environment.get("IOP_OIDC_URL")));
                assertThat(oidc.getHost()).as("IOP_OIDC_URL of " + m.name()).isEqualTo("keycloak");
                assertThat(oidc.getPort()).as("IOP_OIDC_URL of " + m.name())
                        .isEqualTo(Integer.parseInt(keycloak.getOrDefault("KC_HTTP_PORT", "8080")));
                assertThat(oidc.getPath()).isEqualTo("/realms/" + realm);
                // Keys from keycloak:8080, issuer as the browsers and the CLI see it (KC_HOSTNAME).
                assertThat(interpolate(environment.get("QUARKUS_OIDC_TOKEN_ISSUER"))).as("issuer of " + m.name())
                        .isEqualTo(issuer);
                assertThat(dependsOn(m.name())).as(m.name()).containsEntry("keycloak", "service_healthy");
            }
        }
        assertThat(keycloak.get("KC_HOSTNAME_BACKCHANNEL_DYNAMIC")).isEqualTo("true");
        assertThat(issuer).isEqualTo("http://localhost:" + env.get("IOP_KEYCLOAK_PORT") + "/realms/iop");
        assertThat(texts(service("keycloak").path("ports"))).contains("${IOP_KEYCLOAK_PORT}:"
                + keycloak.getOrDefault("KC_HTTP_PORT", "8080"));
    }

    /** A variable whose default is a module's address (http://localhost:8081 is intake) names that compose service. */
    @Test
    void service_urls_point_at_the_compose_service_listening_on_the_defaults_port() {
        Map<Integer, String> byPort = modules.values().stream()
                .collect(Collectors.toMap(Module::port, Module::name));
        int checked = 0;
        for (Module m : modules.values()) {
            Map<String, String> environment = environment(service(m.name()));
            for (Map.Entry<String, String> variable : m.variables().entrySet()) {
                if (!variable.getValue().startsWith("http://localhost:") || variable.getKey().endsWith("_ORIGINS")) {
                    continue; // origins are what browsers see (the portal's own), not addresses inside the network
                }
                URI defaultUri = URI.create(variable.getValue());
                String target = byPort.get(defaultUri.getPort());
                if (target == null) {
                    continue; // not a service's address (Keycloak's, a portal origin): checked elsewhere
                }
                assertThat(interpolate(environment.get(variable.getKey()))).as(variable.getKey() + " of " + m.name())
                        .isEqualTo("http://" + target + ":" + defaultUri.getPort());
                if (!target.equals(m.name()) && m.name().equals("gateway")) {
                    assertThat(dependsOn(m.name())).as("gateway waits for " + target)
                            .containsEntry(target, "service_healthy");
                }
                checked++;
            }
        }
        assertThat(checked).as("gateway routes at least").isGreaterThanOrEqualTo(5);
    }

    @Test
    void keycloak_imports_the_realm_file_of_the_devstack_and_reports_health() {
        JsonNode keycloak = service("keycloak");
        assertThat(keycloak.path("image").asText()).startsWith("quay.io/keycloak/keycloak:");
        assertThat(interpolate(keycloak.path("image").asText())).isEqualTo("quay.io/keycloak/keycloak:26.4.7");
        assertThat(texts(keycloak.path("command"))).contains("start-dev", "--import-realm");
        String mount = texts(keycloak.path("volumes")).stream().filter(v -> v.contains("/opt/keycloak/data/import/"))
                .findFirst().orElse(null);
        assertThat(mount).isNotNull();
        assertThat(root.resolve(mount.substring(0, mount.indexOf(':'))).normalize())
                .isEqualTo(root.resolve("devstack/src/main/resources/iop-realm.json")).exists();
        assertThat(environment(keycloak)).containsEntry("KC_HEALTH_ENABLED", "true");
        assertThat(healthcheck("keycloak")).contains("9000").contains("/health/ready");
    }

    @Test
    void every_service_has_a_healthcheck_and_the_services_wait_for_healthy_dependencies() {
        assertThat(fields(services)).containsAll(INFRASTRUCTURE).containsAll(RUNNABLE);
        for (String name : fields(services)) {
            if (!name.equals(TOPICS)) {
                assertThat(healthcheck(name)).as("healthcheck of " + name).isNotBlank();
            }
            dependsOn(name).forEach((dependency, condition) -> {
                assertThat(services.has(dependency)).as(name + " depends on " + dependency).isTrue();
                assertThat(condition).as(name + " waits for " + dependency).isEqualTo(
                        dependency.equals(TOPICS) ? "service_completed_successfully" : "service_healthy");
            });
        }
        for (Module m : modules.values()) {
            assertThat(healthcheck(m.name())).as(m.name()).contains("/q/health/ready").contains(String.valueOf(m.port()));
            if (!m.name().equals("gateway") && !m.name().equals(PORTAL) && !m.name().equals(ANALYTICS)) {
                assertThat(dependsOn(m.name()).keySet()).as(m.name()).containsAll(INFRASTRUCTURE);
            }
        }
        assertThat(dependsOn(ANALYTICS).keySet()).containsExactlyInAnyOrder("kafka", TOPICS, "keycloak");
        assertThat(dependsOn("gateway").keySet()).containsAll(modules.keySet().stream()
                .filter(n -> !n.equals("gateway") && !n.equals(PORTAL) && !n.equals(ANALYTICS))
                .collect(Collectors.toSet())).contains("keycloak").doesNotContain(PORTAL);
        // The portal is a client of the gateway (no database, no Kafka) and signs users in with Keycloak.
        assertThat(dependsOn(PORTAL).keySet()).containsExactlyInAnyOrder("gateway", "keycloak");
        assertThat(healthcheck("postgres")).contains("pg_isready");
    }

    @Test
    void the_services_trust_forwarded_headers_from_the_gateway_only() {
        String gatewayAddress = service("gateway").path("networks").elements().next().path("ipv4_address").asText();
        assertThat(gatewayAddress).isNotBlank();
        for (Module m : modules.values()) {
            if (m.variables().containsKey("IOP_TRUSTED_PROXIES")) {
                assertThat(environment(service(m.name())).get("IOP_TRUSTED_PROXIES")).as(m.name()).isEqualTo(gatewayAddress);
            }
        }
        String subnet = interpolate(compose.path("networks").elements().next().path("ipam").path("config").path(0)
                .path("subnet").asText());
        String address = interpolate(gatewayAddress);
        assertThat(subnet).matches("\\d+\\.\\d+\\.\\d+\\.0/24");
        assertThat(address).startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1));
    }

    /** The topics compose creates are the declared ones, with the declared settings, and nothing auto-creates others. */
    @Test
    void the_kafka_topics_service_creates_exactly_the_declared_topics_with_their_settings() {
        assertThat(environment(service("kafka"))).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        JsonNode init = service(TOPICS);
        assertThat(init.path("image").asText()).isEqualTo(service("kafka").path("image").asText());
        assertThat(dependsOn(TOPICS)).containsExactlyEntriesOf(Map.of("kafka", "service_healthy"));
        assertThat(topicLines()).as("IOP_TOPICS of " + TOPICS + ": one line per TopicDeclarations.all() entry")
                .containsExactlyElementsOf(TopicDeclarations.all().stream().map(ComposeFileTest::topicLine).toList());
    }

    /** The init script, run by bash with stand-ins for Kafka's tools: one create and one config change per line. */
    @Test
    void the_kafka_topics_script_creates_each_topic_and_sets_its_configs() throws Exception {
        JsonNode init = service(TOPICS);
        assertThat(texts(init.path("entrypoint"))).containsExactly("/bin/bash", "-c");
        List<String> command = texts(init.path("command"));
        assertThat(command).hasSize(1);
        Path tools = Files.createTempDirectory("kafka-bin-");
        Path calls = tools.resolve("calls.txt");
        for (String tool : List.of("kafka-topics.sh", "kafka-configs.sh")) {
            Path stub = tools.resolve(tool);
            Files.writeString(stub, "#!/bin/bash\necho \"" + tool + " $*\" >> " + calls + "\n");
            assertThat(stub.toFile().setExecutable(true)).isTrue();
        }
        List<String> made;
        try {
            String script = interpolate(command.get(0)).replace("/opt/kafka/bin/", tools + "/");
            ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
            bash.environment().put("IOP_TOPICS", environment(init).get("IOP_TOPICS"));
            Process process = bash.start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
            made = Files.readAllLines(calls);
        } finally {
            Directories.deleteQuietly(tools);
        }

        List<String> expected = new ArrayList<>();
        for (TopicSpec t : TopicDeclarations.all()) {
            expected.add("kafka-topics.sh --bootstrap-server kafka:9092 --create --if-not-exists --topic " + t.name()
                    + " --partitions " + t.partitions() + " --replication-factor " + t.replicationFactor());
            expected.add("kafka-configs.sh --bootstrap-server kafka:9092 --alter --entity-type topics --entity-name "
                    + t.name() + " --add-config " + configs(t));
        }
        assertThat(made).containsExactlyElementsOf(expected);
        assertThat(environment(service("kafka")).get("KAFKA_LISTENERS")).contains("INTERNAL://:9092");
    }

    static List<String> topicLines() {
        return environment(service(TOPICS)).get("IOP_TOPICS").lines().map(String::strip).filter(l -> !l.isEmpty())
                .toList();
    }

    static String topicLine(TopicSpec topic) {
        return topic.name() + " " + topic.partitions() + " " + topic.replicationFactor() + " " + configs(topic);
    }

    static String configs(TopicSpec topic) {
        return topic.configs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    @Test
    void every_variable_compose_interpolates_is_defined_in_dot_env_or_has_a_default() throws IOException {
        String text = Files.readString(root.resolve("docker-compose.yml"));
        Set<String> undefined = new TreeSet<>();
        Set<String> used = new LinkedHashSet<>();
        Matcher m = COMPOSE_REFERENCE.matcher(withoutComments(text));
        while (m.find()) {
            if (m.group(1) == null) {
                continue; // $$
            }
            used.add(m.group(1));
            boolean hasDefault = m.group(2) != null && m.group(2).endsWith("-");
            if (!env.containsKey(m.group(1)) && !hasDefault) {
                undefined.add(m.group(1));
            }
        }
        assertThat(undefined).as("variables neither in .env nor with a default").isEmpty();
        Set<String> unused = new TreeSet<>(env.keySet());
        unused.removeAll(used);
        unused.removeIf(k -> k.startsWith("COMPOSE_"));
        assertThat(unused).as(".env settings the compose file does not use").isEmpty();
    }

    @Test
    void relative_mounts_exist() {
        for (String name : fields(services)) {
            for (String volume : texts(service(name).path("volumes"))) {
                if (volume.startsWith(".")) {
                    assertThat(root.resolve(volume.substring(0, volume.indexOf(':'))).normalize())
                            .as("mount of " + name).exists();
                }
            }
        }
    }

    // --- the modules' own configuration ------------------------------------------------------------------------

    static Module module(String name, Path properties) throws IOException {
        Properties p = load(properties);
        Map<String, String> variables = new LinkedHashMap<>();
        collect(Files.readString(properties), variables);
        collectJava(root.resolve(name).resolve("src/main/java"), variables);
        if (Files.readString(root.resolve(name).resolve("pom.xml")).contains("<artifactId>iop-common</artifactId>")) {
            // What iop-common reads on behalf of every service that uses it.
            collect(Files.readString(root.resolve("common/src/main/resources/META-INF/microprofile-config.properties")),
                    variables);
            collectJava(root.resolve("common/src/main/java"), variables);
        }
        return new Module(name, Integer.parseInt(p.getProperty("quarkus.http.port").trim()), Map.copyOf(variables));
    }

    static void collectJava(Path sources, Map<String, String> into) throws IOException {
        if (!Files.isDirectory(sources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                collect(Files.readString(file), into);
            }
        }
    }

    static void collect(String text, Map<String, String> into) {
        Matcher m = QUARKUS_REFERENCE.matcher(withoutComments(text));
        while (m.find()) {
            into.putIfAbsent(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
    }

    static String withoutComments(String text) {
        return text.lines().filter(l -> !l.stripLeading().startsWith("#")).collect(Collectors.joining("\n"));
    }

    static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static List<String> rootModules() throws IOException {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1).trim());
        }
        return names;
    }

    static String database(String jdbcUrl) {
        String path = URI.create(jdbcUrl.substring("jdbc:".length())).getPath();
        return path.substring(1);
    }

    // --- compose -------------------------------------------------------------------------------------------------

    static JsonNode service(String name) {
        JsonNode service = services.path(name);
        assertThat(service.isObject()).as("compose service " + name).isTrue();
        return service;
    }

    /** A service's environment, from either the map or the list form. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isObject()) {
            node.properties().forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
        } else {
            node.forEach(item -> {
                String s = item.asText();
                int eq = s.indexOf('=');
                environment.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        }
        return environment;
    }

    /** depends_on as dependency to condition (the short list form means service_started). */
    static Map<String, String> dependsOn(String name) {
        Map<String, String> dependsOn = new LinkedHashMap<>();
        JsonNode node = service(name).path("depends_on");
        if (node.isArray()) {
            node.forEach(d -> dependsOn.put(d.asText(), "service_started"));
        } else {
            node.properties().forEach(e ->
                    dependsOn.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
        }
        return dependsOn;
    }

    static String healthcheck(String name) {
        JsonNode test = service(name).path("healthcheck").path("test");
        return test.isArray() ? String.join(" ", texts(test)) : test.asText("");
    }

    /** The value as compose would see it with the settings of .env. */
    static String interpolate(String value) {
        assertThat(value).as("a value to interpolate").isNotNull();
        Matcher m = COMPOSE_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "$";
            } else if (env.containsKey(m.group(1)) && !(env.get(m.group(1)).isEmpty() && ":-".equals(m.group(2)))) {
                replacement = env.get(m.group(1));
            } else if (m.group(2) != null && m.group(2).endsWith("-")) {
                replacement = m.group(3);
            } else {
                throw new AssertionError("${" + m.group(1) + "} is not set in .env");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Map<String, String> dotEnv(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            assertThat(eq).as(".env line " + line).isPositive();
            String value = l.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(l.substring(0, eq).strip(), value);
        }
        return values;
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> texts.add(n.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            texts.add(node.asText());
        }
        return texts;
    }
}
