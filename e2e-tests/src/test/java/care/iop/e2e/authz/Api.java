package care.iop.e2e.authz;

import care.iop.devstack.Service;
import care.iop.e2e.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The platform's operations, read from the services' own OpenAPI documents ({@code /q/openapi?format=json}), with
 * the roles each allows. SmallRye OpenAPI (Quarkus' {@code auto-add-security-requirement}, on by default) lists an
 * operation's {@code @RolesAllowed} roles as the scopes of its security requirement; the same table is also derived
 * from the annotations themselves (a Jandex index of each module's compiled classes, {@code target/classes}), and
 * the two are compared: where the document names no roles the annotations are used, and where both name roles they
 * must agree. The gateway's own two routes (not in any service document) are added with the roles of what they
 * compose.
 */
final class Api {

    static final List<String> AREAS = List.of("intake", "scheduling", "notes", "medications", "aftercare");
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

    /** One operation and who may call it. */
    record Operation(String area, String method, String template, Set<String> roles, String rolesFrom,
                     List<String> pathParams, Set<String> queryParams, boolean hasBody, Set<String> bodyProperties) {

        String key() {
            return method + " " + template;
        }

        boolean isRead() {
            return method.equals("GET");
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /** What was found, with the disagreements between the documents and the annotations. */
    record Table(List<Operation> operations, List<String> documentedWithoutRoles, List<String> mismatches,
                 List<String> annotatedButUndocumented) {
    }

    private Api() {
    }

    static Table load() {
        Map<String, Set<String>> annotated = annotatedRoles();
        List<Operation> ops = new ArrayList<>();
        List<String> withoutRoles = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Set<String> documented = new TreeSet<>();
        for (String area : AREAS) {
            JsonNode doc = Http.Call.of("GET", Platform.stack().serviceUrl(area) + "/q/openapi?format=json").send()
                    .expect(200).json();
            JsonNode schemas = doc.path("components").path("schemas");
            doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                if (!HTTP_METHODS.contains(op.getKey())) {
                    return;
                }
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                String template = path.getKey();
                String key = method + " " + template;
                documented.add(key);
                JsonNode o = op.getValue();
                Set<String> docRoles = new TreeSet<>();
                for (JsonNode requirement : o.path("security")) {
                    for (JsonNode scopes : requirement) {
                        scopes.forEach(s -> docRoles.add(s.asText()));
                    }
                }
                Set<String> fromAnnotations = annotated.get(key);
                Set<String> roles;
                String from;
                if (!docRoles.isEmpty()) {
                    roles = docRoles;
                    from = "openapi";
                    if (fromAnnotations != null && !fromAnnotations.equals(docRoles)) {
                        mismatches.add(key + ": document " + docRoles + ", annotations " + fromAnnotations);
                    }
                } else {
                    withoutRoles.add(key);
                    if (fromAnnotations == null) {
                        mismatches.add(key + ": neither the document nor the annotations name its roles");
                        roles = Set.of();
                    } else {
                        roles = fromAnnotations;
                    }
                    from = "annotations";
                }
                List<String> pathParams = new ArrayList<>();
                Matcher m = PARAM.matcher(template);
                while (m.find()) {
                    pathParams.add(m.group(1));
                }
                Set<String> query = new LinkedHashSet<>();
                o.path("parameters").forEach(p -> {
                    if ("query".equals(p.path("in").asText())) {
                        query.add(p.path("name").asText());
                    }
                });
                JsonNode body = o.path("requestBody");
                Set<String> props = new TreeSet<>();
                if (!body.isMissingNode()) {
                    properties(body.path("content").path("application/json").path("schema"), schemas, props);
                }
                ops.add(new Operation(area, method, template, Set.copyOf(roles), from, List.copyOf(pathParams),
                        Set.copyOf(query), !body.isMissingNode(), Set.copyOf(props)));
            }));
        }
        List<String> undocumented = annotated.keySet().stream().filter(k -> !documented.contains(k)).sorted().toList();
        ops.addAll(gatewayRoutes(ops));
        ops.sort(Comparator.comparing(Operation::template).thenComparing(Operation::method));
        return new Table(List.copyOf(ops), List.copyOf(withoutRoles), List.copyOf(mismatches), undocumented);
    }

    /**
     * The gateway's own routes: the patient journey asks intake for the patient first with the caller's token and
     * answers as intake does (so its roles are those of reading a patient); the partner disclosure view is for
     * partners, as the services' disclosure endpoints it composes are.
     */
    private static List<Operation> gatewayRoutes(List<Operation> ops) {
        Operation readPatient = ops.stream().filter(o -> o.key().equals("GET /api/v1/intake/patients/{id}"))
                .findFirst().orElseThrow(() -> new IllegalStateException("intake no longer documents GET patients/{id}"));
        Set<String> disclosureRoles = new TreeSet<>();
        ops.stream().filter(o -> o.template().contains("/disclosures/")).forEach(o -> disclosureRoles.addAll(o.roles()));
        return List.of(
                new Operation("gateway", "GET", "/api/v1/patients/{patientId}/journey", readPatient.roles(),
                        "gateway (as " + readPatient.key() + ")", List.of("patientId"), Set.of(), false, Set.of()),
                new Operation("gateway", "GET", "/api/v1/partner/patients/{patientId}/disclosure",
                        Set.copyOf(disclosureRoles), "gateway (as the services' disclosure endpoints)",
                        List.of("patientId"), Set.of(), false, Set.of()));
    }

    private static void properties(JsonNode schema, JsonNode schemas, Set<String> into) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replaceFirst("^#/components/schemas/", "");
            properties(schemas.path(name), schemas, into);
            return;
        }
        schema.path("properties").fieldNames().forEachRemaining(into::add);
        schema.path("allOf").forEach(s -> properties(s, schemas, into));
    }

    // ------------------------------------------------------------------------------------------- the annotations

    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final DotName ROLES_ALLOWED = DotName.createSimple("jakarta.annotation.security.RolesAllowed");
    private static final DotName PERMIT_ALL = DotName.createSimple("jakarta.annotation.security.PermitAll");
    private static final DotName DENY_ALL = DotName.createSimple("jakarta.annotation.security.DenyAll");
    private static final DotName AUTHENTICATED = DotName.createSimple("io.quarkus.security.Authenticated");
    private static final List<String> VERBS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /**
     * "METHOD /path" → roles, from {@code @RolesAllowed} on the method or else its class, for every resource class
     * of the five services (methods inherited from common's abstract resources included). {@code @DenyAll} or no
     * annotation (the platform denies unannotated endpoints) is an empty set; {@code @PermitAll} and
     * {@code @Authenticated} are not modelled by the matrix and fail it.
     */
    static Map<String, Set<String>> annotatedRoles() {
        Path root = repoRoot();
        Indexer indexer = new Indexer();
        List<Path> dirs = new ArrayList<>();
        dirs.add(root.resolve("common/target/classes"));
        for (String area : AREAS) {
            dirs.add(root.resolve(Service.of(area).module()).resolve("target/classes"));
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(dir + " is missing: build the project first (mvn install -DskipTests)");
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    try (InputStream in = Files.newInputStream(f)) {
                        indexer.index(in);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Index index = indexer.complete();
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (ClassInfo resource : index.getKnownClasses()) {
            AnnotationInstance classPath = resource.declaredAnnotation(PATH);
            if (classPath == null || Modifier.isAbstract(resource.flags()) || resource.isInterface()) {
                continue;
            }
            for (ClassInfo c = resource; c != null; c = c.superName() == null ? null : index.getClassByName(c.superName())) {
                for (MethodInfo method : c.methods()) {
                    for (String verb : VERBS) {
                        if (method.declaredAnnotation(DotName.createSimple("jakarta.ws.rs." + verb)) == null) {
                            continue;
                        }
                        AnnotationInstance methodPath = method.declaredAnnotation(PATH);
                        String template = join(classPath.value().asString(),
                                methodPath == null ? "" : methodPath.value().asString());
                        out.putIfAbsent(verb + " " + template, roles(method, c));
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> roles(MethodInfo method, ClassInfo declaring) {
        for (var target : List.of(method, declaring)) {
            AnnotationInstance allowed = target == method ? method.declaredAnnotation(ROLES_ALLOWED)
                    : declaring.declaredAnnotation(ROLES_ALLOWED);
            boolean permit = target == method ? method.declaredAnnotation(PERMIT_ALL) != null
                    || method.declaredAnnotation(AUTHENTICATED) != null
                    : declaring.declaredAnnotation(PERMIT_ALL) != null || declaring.declaredAnnotation(AUTHENTICATED) != null;
            boolean deny = target == method ? method.declaredAnnotation(DENY_ALL) != null
                    : declaring.declaredAnnotation(DENY_ALL) != null;
            if (allowed != null) {
                return new TreeSet<>(Arrays.asList(allowed.value().asStringArray()));
            }
            if (permit) {
                throw new IllegalStateException(declaring.name() + "." + method.name()
                        + " is @PermitAll/@Authenticated: the matrix does not model that yet");
            }
            if (deny) {
                return Set.of();
            }
        }
        return Set.of();
    }

    private static String join(String a, String b) {
        StringBuilder out = new StringBuilder();
        for (String part : (a + "/" + b).split("/")) {
            if (!part.isBlank()) {
                out.append('/').append(part.replaceAll("\\{\\s*([^:}\\s]+)\\s*(:[^}]*)?}", "{$1}"));
            }
        }
        return out.toString();
    }

    /** The repository's root (the e2e tests run in {@code e2e-tests/}). */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("common")) && Files.isDirectory(p.resolve("intake-service"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
}
