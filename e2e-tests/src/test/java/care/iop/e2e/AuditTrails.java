package care.iop.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How the leak checks read an audit trail's answer (the authorization matrix and the fuzzer alike). */
public final class AuditTrails {

    private AuditTrails() {
    }

    /**
     * The answer without the audit trail's refused and failed requests: they name the ids the clinic's own callers
     * asked for — another clinic's among them when one of them probed — an echo of the clinic's own input, not a leak.
     * An answer that is not a page of items is returned as it is.
     */
    public static String withoutRefusals(JsonNode json, String text) {
        if (json == null || !json.path("items").isArray()) {
            return text;
        }
        ObjectNode page = json.deepCopy();
        ArrayNode items = (ArrayNode) page.get("items");
        for (int i = items.size() - 1; i >= 0; i--) {
            String outcome = items.get(i).path("outcome").asText("");
            if (outcome.equals("denied") || outcome.equals("failure")) {
                items.remove(i);
            }
        }
        return page.toString();
    }
}
