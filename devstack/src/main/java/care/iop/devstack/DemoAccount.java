package care.iop.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user of the imported realm, as the realm file describes it.
 *
 * @param roles      realm roles, including those of the user's groups
 * @param clinicId   the {@code clinic_id} attribute (staff), or null
 * @param partnerId  the {@code partner_id} attribute (partner organisations), or null
 * @param password   the password credential in the realm file, or null
 * @param attributes all attributes, for anything else a test needs
 */
public record DemoAccount(String username, String displayName, List<String> roles, String clinicId, String partnerId,
                          String password, Map<String, List<String>> attributes) {

    /** The people in a realm export (service-account users left out). */
    static List<DemoAccount> fromRealm(byte[] realmJson) {
        try {
            JsonNode realm = new ObjectMapper().readTree(realmJson);
            Map<String, List<String>> groupRoles = new LinkedHashMap<>();
            collectGroups(realm.path("groups"), "", groupRoles);
            List<DemoAccount> accounts = new ArrayList<>();
            for (JsonNode user : realm.path("users")) {
                String username = user.path("username").asText();
                if (username.isEmpty() || user.hasNonNull("serviceAccountClientId")
                        || username.startsWith("service-account-") || !user.path("enabled").asBoolean(true)) {
                    continue;
                }
                Set<String> roles = new LinkedHashSet<>();
                user.path("realmRoles").forEach(r -> roles.add(r.asText()));
                user.path("groups").forEach(g -> roles.addAll(groupRoles.getOrDefault(normalise(g.asText()), List.of())));
                roles.removeIf(r -> r.equals("offline_access") || r.equals("uma_authorization")
                        || r.startsWith("default-roles-"));
                Map<String, List<String>> attributes = new LinkedHashMap<>();
                user.path("attributes").fields().forEachRemaining(e -> {
                    List<String> values = new ArrayList<>();
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(v -> values.add(v.asText()));
                    } else {
                        values.add(e.getValue().asText());
                    }
                    attributes.put(e.getKey(), List.copyOf(values));
                });
                String password = null;
                for (JsonNode credential : user.path("credentials")) {
                    if ("password".equals(credential.path("type").asText("password")) && credential.hasNonNull("value")) {
                        password = credential.get("value").asText();
                        break;
                    }
                }
                String name = (user.path("firstName").asText("") + " " + user.path("lastName").asText("")).trim();
                accounts.add(new DemoAccount(username, name.isEmpty() ? username : name, List.copyOf(roles),
                        first(attributes, "clinic_id"), first(attributes, "partner_id"), password,
                        Map.copyOf(attributes)));
            }
            return List.copyOf(accounts);
        } catch (IOException e) {
            throw new UncheckedIOException("the realm file is not valid JSON", e);
        }
    }

    /** The value of the first attribute whose name contains {@code part} (e.g. a clinic's name), or null. */
    public String attributeContaining(String part) {
        return attributes.entrySet().stream().filter(e -> e.getKey().contains(part) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    private static void collectGroups(JsonNode groups, String parent, Map<String, List<String>> into) {
        for (JsonNode group : groups) {
            String path = parent + "/" + group.path("name").asText();
            List<String> roles = new ArrayList<>(into.getOrDefault(parent, List.of()));
            group.path("realmRoles").forEach(r -> roles.add(r.asText()));
            into.put(path, roles);
            collectGroups(group.path("subGroups"), path, into);
        }
    }

    private static String normalise(String groupPath) {
        return groupPath.startsWith("/") ? groupPath : "/" + groupPath;
    }

    private static String first(Map<String, List<String>> attributes, String key) {
        List<String> values = attributes.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
