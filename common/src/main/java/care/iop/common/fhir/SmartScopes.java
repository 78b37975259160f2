package care.iop.common.fhir;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMART on FHIR scopes (App Launch 2.0, with the v1 forms still sent by older clients): whether the scopes a token
 * was granted allow an interaction on a resource type. Only {@code system/} scopes count: they are what SMART
 * Backend Services grants a server-to-server client; {@code user/} and {@code patient/} scopes belong to launches
 * this platform does not offer.
 * <p>
 * v2: {@code system/Observation.rs} — c create, r read, u update, d delete, s search, in that order, each at most
 * once. v1: {@code system/Observation.read} (read and search), {@code .write} (create, update, delete), {@code .*}.
 * {@code *} as the type is every type. Query-restricted v2 scopes ({@code system/Observation.rs?category=…}) are not
 * honoured: they grant nothing here, which refuses more, never less.
 */
public final class SmartScopes {

    public enum Interaction {
        CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

        private final char letter;

        Interaction(char letter) {
            this.letter = letter;
        }
    }

    private static final Pattern SCOPE = Pattern.compile("system/(\\*|[A-Z][A-Za-z]{1,63})\\.(\\*|read|write|c?r?u?d?s?)");

    private final List<String> granted;

    private SmartScopes(List<String> granted) {
        this.granted = granted;
    }

    /** The token's {@code scope} claim: space-separated, as OAuth 2.0 sends it. */
    public static SmartScopes of(String scopeClaim) {
        return scopeClaim == null || scopeClaim.isBlank() ? new SmartScopes(List.of())
                : new SmartScopes(Arrays.stream(scopeClaim.trim().split("\\s+")).toList());
    }

    public static SmartScopes of(Collection<String> scopes) {
        return new SmartScopes(List.copyOf(scopes));
    }

    public boolean permits(String resourceType, Interaction interaction) {
        return granted.stream().anyMatch(scope -> grants(scope, resourceType, interaction));
    }

    private static boolean grants(String scope, String resourceType, Interaction interaction) {
        Matcher m = SCOPE.matcher(scope);
        if (!m.matches()) {
            return false;
        }
        String type = m.group(1);
        String permissions = m.group(2);
        if (!type.equals("*") && !type.equals(resourceType)) {
            return false;
        }
        return switch (permissions) {
            case "*" -> true;
            case "read" -> interaction == Interaction.READ || interaction == Interaction.SEARCH;
            case "write" -> interaction == Interaction.CREATE || interaction == Interaction.UPDATE
                    || interaction == Interaction.DELETE;
            case "" -> false;
            default -> permissions.indexOf(interaction.letter) >= 0;
        };
    }

    /** The scope a client would ask for to be allowed this, for error messages. */
    public static String needed(String resourceType, Interaction interaction) {
        return "system/" + resourceType + "." + String.valueOf(interaction.letter).toLowerCase(Locale.ROOT);
    }
}
