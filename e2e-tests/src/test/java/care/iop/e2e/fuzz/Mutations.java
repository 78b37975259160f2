package care.iop.e2e.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds the requests of one operation from a seeded random source: a valid request from the schema (real ids in
 * the path, a body generated from the request schema, the headers the operation documents), then one mutation of
 * it — of the body (wrong types, missing required fields, nulls, 100 KB strings, hostile unicode, extreme numbers,
 * unknown enum members, broken formats, unknown properties, arrays past their limits, malformed or empty or
 * oversized JSON, invalid UTF-8, the wrong content type), of the parameters (garbage path ids and query values,
 * unknown and repeated parameters) or of the headers (Idempotency-Key, If-Match, Accept, purpose of use, the
 * method, the token).
 * <p>
 * The classes of {@link #STRICT_INPUT} are what the strict JSON policy must refuse (issue #15, item 2): a 2xx to
 * one of them is a failure. A mutation that needs a kind of field the body lacks (a date, an array, a string) bends
 * something else instead and is labelled with what was actually sent.
 */
final class Mutations {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LONE_HIGH = "@@LONE_HIGH@@";
    private static final String LONE_LOW = "@@LONE_LOW@@";
    private static final String RAW = "@@RAW:";
    /** A path value that is sent as it is (already percent-encoded). */
    private static final String PRE_ENCODED = "@@ENC:";
    /** A key marked as the twin of another in the same object: sent under that other key's name. */
    private static final String DUPLICATE = "@@DUP@@";

    /** Input the platform must refuse whatever the operation (a 2xx is a failure), and what each class is. */
    static final Map<String, String> STRICT_INPUT = Map.of(
            "body.duplicate-key", "a key twice in one object",
            "body.type-swap", "a number for text, digits in a string for a number or boolean, a fraction for an integer",
            "body.date-as-number", "a number for a date or date-time",
            "body.nul", "a NUL character inside a string",
            "body.huge-array", "an array of 2,000-5,000 copies of a valid item",
            "content-type.missing", "a valid body without a Content-Type header",
            "body.unexpected", "empty-body operations fed garbage (a body, JSON or not, where none is taken)");

    static final List<String> UNICODE = List.of(
            "\u202Eevil\u202C right-to-left \u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD",
            "\uD83D\uDE00\uD83D\uDE4F\uD83C\uDFFD \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 emoji",
            "nul\u0000inside",
            "\u0000",
            "lone " + LONE_HIGH + " high surrogate",
            "lone " + LONE_LOW + " low surrogate",
            LONE_LOW + LONE_HIGH,
            "Z\u0338\u0321\u0322\u0348\u034Ea\u0334l\u0337g\u0338o\u0335 combining",
            "\u200B\u200D\uFEFF zero width",
            "bell\u0007 escape\u001B[31m red",
            "\uFFFF\uFFFE noncharacters",
            "'; DROP TABLE patient; --",
            "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/a}",
            "%s%n%x%d",
            "../../../../etc/passwd",
            "\u00C0\u00C9\u00CE\u00D5\u00DC \u4E2D\u6587 \uD800\uDF48",
            " ",
            "");

    private final OpenApi api;
    private final Values values;
    private final Map<String, String> etags;
    private final String nonce;

    Mutations(OpenApi api, Values values, Map<String, String> etags, String nonce) {
        this.api = api;
        this.values = values;
        this.etags = etags;
        this.nonce = nonce;
    }

    /** A valid request of the operation (the warm-up's, and the base every mutation starts from). */
    FuzzCase valid(OpenApi.Operation op, long n, String requestId, String account, SplittableRandom r, String label) {
        Draft d = base(op, r, account);
        return d.build(op, n, requestId, label);
    }

    FuzzCase generate(OpenApi.Operation op, long n, String requestId, String account, SplittableRandom r) {
        Draft d = base(op, r, account);
        String kind = pick(kinds(op), r);
        String label = kind;
        switch (kind) {
            case "valid" -> {
            }
            case "body.wrong-type" -> mutateSlot(d, r, s -> true, this::wrongType);
            case "body.missing-required" -> missingRequired(d, r);
            case "body.null" -> mutateSlot(d, r, s -> true, s -> Values.JSON.nullNode());
            case "body.huge-string" -> hugeString(d, r);
            case "body.unicode" -> mutateStrings(d, r, s -> new TextNode(UNICODE.get(r.nextInt(UNICODE.size()))));
            case "body.extreme-number" -> extremeNumber(d, r);
            case "body.unknown-enum" -> unknownEnum(d, r);
            case "body.bad-format" -> badFormat(d, r);
            case "body.unknown-property" -> unknownProperty(d, r);
            case "body.array-overflow" -> label = arrayOverflow(d, r) ? kind : unknownPropertyInstead(d, r);
            case "body.duplicate-key" -> duplicateKey(d, r);
            case "body.type-swap" -> label = typeSwap(d, r) ? kind : unknownPropertyInstead(d, r);
            case "body.date-as-number" -> label = dateAsNumber(d, r) ? kind
                    : typeSwap(d, r) ? "body.type-swap" : unknownPropertyInstead(d, r);
            case "body.nul" -> label = nul(d, r) ? kind : unknownPropertyInstead(d, r);
            case "body.huge-array" -> label = hugeArray(d, r) ? kind : unknownPropertyInstead(d, r);
            case "content-type.missing" -> d.headers.remove("Content-Type");
            case "body.malformed-json" -> d.raw = malformed(d.json(), r);
            case "body.deep-nesting" -> d.raw = deep(r);
            case "body.empty" -> d.raw = new byte[0];
            case "body.wrong-top-level" -> d.raw = pickOf(r, "[]", "\"text\"", "42", "null", "true", "[{}]")
                    .getBytes(StandardCharsets.UTF_8);
            case "body.invalid-utf8" -> d.raw = invalidUtf8(d.json(), r);
            case "body.oversize" -> {
                // 1.1 MB each: one in four of the draws, so that the run does not spend its time uploading
                if (r.nextInt(4) == 0) {
                    d.raw = oversize();
                } else {
                    hugeString(d, r);
                    label = "body.huge-string";
                }
            }
            case "body.unexpected" -> {
                d.raw = pickOf(r, "{\"unexpected\":true}", "garbage", "{").getBytes(StandardCharsets.UTF_8);
                d.headers.put("Content-Type", pickOf(r, "application/json", "text/plain"));
            }
            case "content-type" -> label = contentType(d, r);
            case "path.garbage" -> pathGarbage(op, d, r);
            case "path.random-id" -> op.params("path").forEach(p -> d.path.put(p.name(), Values.randomUuid(r)));
            case "query.garbage" -> queryGarbage(op, d, r);
            case "query.unknown" -> unknownQuery(d, r);
            case "header.idempotency-key" -> idempotencyKey(op, d, r);
            case "header.if-match" -> ifMatch(d, r);
            case "header.accept" -> d.headers.put("Accept", pickOf(r, "application/xml", "text/html", "image/png",
                    "*/*;q=0", "garbage", "application/json;q=0, text/plain"));
            case "header.purpose-of-use" -> d.headers.put("X-Purpose-Of-Use", pickOf(r, "", "treat", "HPAYMT", "HOPERAT",
                    "XXXXXXXXXXXXXXXXXXXXXXXX", "ETREAT", "TREAT,COC", "1234"));
            case "method" -> d.method = otherMethod(op, r);
            case "auth.none" -> d.account = null;
            case "auth.garbage" -> {
                d.account = null;
                d.headers.put("Authorization", pickOf(r, "Bearer garbage", "Bearer ", "Basic YWRtaW46YWRtaW4=",
                        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "bearer"));
            }
            case "auth.other-clinic" -> d.account = account.endsWith(".a") ? account.replaceAll("\\.a$", ".b")
                    : account.equals("ehr") ? "ehr-b" : "coordinator.b";
            case "auth.other-role" -> d.account = pickOf(r, "auditor.a", "partner.p", "nurse.a", "scheduler.a");
            default -> throw new IllegalStateException(kind);
        }
        return d.build(op, n, requestId, label);
    }

    private static List<Map.Entry<String, Integer>> kinds(OpenApi.Operation op) {
        List<Map.Entry<String, Integer>> k = new ArrayList<>();
        boolean body = op.hasBody();
        boolean pathParams = !op.params("path").isEmpty();
        boolean queryParams = !op.params("query").isEmpty();
        k.add(Map.entry("valid", body ? 22 : 30));
        if (body) {
            k.add(Map.entry("body.wrong-type", 6));
            k.add(Map.entry("body.missing-required", 5));
            k.add(Map.entry("body.null", 3));
            k.add(Map.entry("body.huge-string", 4));
            k.add(Map.entry("body.unicode", 7));
            k.add(Map.entry("body.extreme-number", 5));
            k.add(Map.entry("body.unknown-enum", 4));
            k.add(Map.entry("body.bad-format", 5));
            k.add(Map.entry("body.unknown-property", 4));
            k.add(Map.entry("body.array-overflow", 2));
            k.add(Map.entry("body.malformed-json", 6));
            k.add(Map.entry("body.deep-nesting", 1));
            k.add(Map.entry("body.empty", 2));
            k.add(Map.entry("body.wrong-top-level", 2));
            k.add(Map.entry("body.invalid-utf8", 2));
            k.add(Map.entry("body.oversize", 1));
            k.add(Map.entry("content-type", 3));
            k.add(Map.entry("body.duplicate-key", 4));
            k.add(Map.entry("body.type-swap", 5));
            k.add(Map.entry("body.date-as-number", 4));
            k.add(Map.entry("body.nul", 3));
            k.add(Map.entry("body.huge-array", 2));
            k.add(Map.entry("content-type.missing", 3));
        } else {
            k.add(Map.entry("body.unexpected", 5));
        }
        if (pathParams) {
            k.add(Map.entry("path.garbage", body ? 4 : 12));
            k.add(Map.entry("path.random-id", body ? 2 : 6));
        }
        if (queryParams) {
            k.add(Map.entry("query.garbage", body ? 4 : 20));
        }
        k.add(Map.entry("query.unknown", body ? 1 : 4));
        if (op.hasHeader("Idempotency-Key")) {
            k.add(Map.entry("header.idempotency-key", 5));
        }
        if (op.hasHeader("If-Match")) {
            k.add(Map.entry("header.if-match", 5));
        }
        if (op.path().contains("/disclosure")) {
            k.add(Map.entry("header.purpose-of-use", 6));
        }
        k.add(Map.entry("header.accept", 2));
        k.add(Map.entry("method", 2));
        k.add(Map.entry("auth.none", 1));
        k.add(Map.entry("auth.garbage", 1));
        k.add(Map.entry("auth.other-clinic", 2));
        k.add(Map.entry("auth.other-role", 1));
        return k;
    }

    private static String pick(List<Map.Entry<String, Integer>> weighted, SplittableRandom r) {
        int total = weighted.stream().mapToInt(Map.Entry::getValue).sum();
        int x = r.nextInt(total);
        for (Map.Entry<String, Integer> e : weighted) {
            x -= e.getValue();
            if (x < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException();
    }

    @SafeVarargs
    private static <T> T pickOf(SplittableRandom r, T... options) {
        return options[r.nextInt(options.length)];
    }

    // ---------------------------------------------------------------- the valid base

    /** A request under construction. */
    private final class Draft {
        String method;
        String account;
        final Map<String, String> path = new LinkedHashMap<>();
        final List<String[]> query = new ArrayList<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        JsonNode body;
        JsonNode bodySchema;
        byte[] raw;

        byte[] json() {
            try {
                String text = MAPPER.writeValueAsString(body);
                return fixPlaceholders(text).getBytes(StandardCharsets.UTF_8);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        FuzzCase build(OpenApi.Operation op, long n, String requestId, String label) {
            String p = op.path();
            for (Map.Entry<String, String> e : path.entrySet()) {
                String v = e.getValue();
                p = p.replace("{" + e.getKey() + "}", v.startsWith(PRE_ENCODED) ? v.substring(PRE_ENCODED.length())
                        : encodePath(v));
            }
            StringBuilder url = new StringBuilder(p);
            char sep = '?';
            for (String[] q : query) {
                url.append(sep).append(q[0].startsWith(PRE_ENCODED) ? q[0].substring(PRE_ENCODED.length())
                        : URLEncoder.encode(q[0], StandardCharsets.UTF_8)).append('=');
                url.append(q[1].startsWith(PRE_ENCODED) ? q[1].substring(PRE_ENCODED.length())
                        : URLEncoder.encode(q[1], StandardCharsets.UTF_8));
                sep = '&';
            }
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put("X-Request-Id", requestId);
            byte[] bytes = raw != null ? raw : body != null ? json() : null;
            return new FuzzCase(op, n, requestId, account, label, method, url.toString(), h, bytes);
        }
    }

    private Draft base(OpenApi.Operation op, SplittableRandom r, String account) {
        Draft d = new Draft();
        d.method = op.method().toUpperCase(Locale.ROOT);
        d.account = account;
        for (OpenApi.Param p : op.params("path")) {
            d.path.put(p.name(), pathValue(op, p, r));
        }
        for (OpenApi.Param p : op.params("query")) {
            if (p.required() || r.nextInt(100) < 35) {
                String v = queryValue(op, p, r);
                if (v != null) {
                    d.query.add(new String[]{p.name(), v});
                }
            }
        }
        if (op.hasHeader("Idempotency-Key") && r.nextInt(100) < 85) {
            d.headers.put("Idempotency-Key", "fz-" + nonce + "-" + Values.randomUuid(r));
        }
        if (op.hasHeader("If-Match")) {
            String target = d.path.getOrDefault("id", d.path.values().stream().findFirst().orElse(""));
            d.headers.put("If-Match", etags.getOrDefault(target, "\"0\""));
        }
        if (op.path().contains("/disclosure")) {
            d.headers.put("X-Purpose-Of-Use", pickOf(r, "TREAT", "COC"));
        }
        if (op.hasBody()) {
            d.bodySchema = op.requestSchema();
            d.body = values.valid(op.requestSchema(), "body", op.area(), r, 0);
            d.headers.put("Content-Type", "application/json");
        }
        return d;
    }

    private String pathValue(OpenApi.Operation op, OpenApi.Param p, SplittableRandom r) {
        JsonNode s = api.resolveValue(p.schema());
        if ("uuid".equals(s.path("format").asText())) {
            String noun = IdPools.paramNoun(op.path(), p.name());
            String area = op.area().equals("gateway") ? "intake" : op.area();
            return values.id(noun.equals("patient") ? "patientId" : noun + "Id", area, r);
        }
        if (p.name().equals("trackCode")) {
            return values.string(s, "trackCode", op.area(), r);
        }
        return values.valid(s, p.name(), op.area(), r, 0).asText();
    }

    private String queryValue(OpenApi.Operation op, OpenApi.Param p, SplittableRandom r) {
        if (p.name().equals("cursor")) {
            return null;
        }
        if (p.name().equals("limit")) {
            return Integer.toString(1 + r.nextInt(200));
        }
        if (p.name().equals("to") || p.name().equals("from")) {
            return null; // a random window may be refused as too wide or reversed; garbage covers them
        }
        JsonNode v = values.valid(p.schema(), p.name(), op.area(), r, 0);
        return v.isValueNode() ? v.asText() : null;
    }

    // ---------------------------------------------------------------- body mutations

    /** A value in the body, where it sits and what its schema says. */
    private record Slot(JsonNode parent, String field, int index, JsonNode schema, JsonNode value) {
        void set(JsonNode v) {
            if (parent instanceof ObjectNode o) {
                o.set(field, v);
            } else {
                ((ArrayNode) parent).set(index, v);
            }
        }
    }

    private List<Slot> slots(Draft d) {
        List<Slot> out = new ArrayList<>();
        collect(d.body, d.bodySchema, out);
        return out;
    }

    private void collect(JsonNode node, JsonNode schema, List<Slot> out) {
        JsonNode s = api.resolveValue(schema);
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode ps = s == null ? null : s.path("properties").has(name) ? s.path("properties").path(name)
                        : s.path("additionalProperties");
                JsonNode resolved = api.resolveValue(ps);
                out.add(new Slot(o, name, -1, resolved, o.get(name)));
                collect(o.get(name), resolved, out);
            }
        } else if (node instanceof ArrayNode a) {
            JsonNode items = s == null ? null : api.resolveValue(s.path("items"));
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i, items, a.get(i)));
                collect(a.get(i), items, out);
            }
        }
    }

    private void mutateSlot(Draft d, SplittableRandom r, Predicate<Slot> which, Function<Slot, JsonNode> how) {
        List<Slot> slots = slots(d).stream().filter(which).toList();
        if (slots.isEmpty()) {
            if (d.body instanceof ObjectNode o) {
                // Nothing of that kind in the body: bend the body itself.
                d.body = pickOf(new SplittableRandom(r.nextLong()), Values.JSON.textNode("x"),
                        Values.JSON.numberNode(1), Values.JSON.arrayNode(), o);
            }
            return;
        }
        Slot s = slots.get(r.nextInt(slots.size()));
        s.set(how.apply(s));
    }

    private void mutateStrings(Draft d, SplittableRandom r, Function<Slot, JsonNode> how) {
        List<Slot> strings = slots(d).stream().filter(s -> s.value().isTextual()).toList();
        if (strings.isEmpty()) {
            unknownProperty(d, r);
            if (d.body instanceof ObjectNode o) {
                o.set("fuzzText", how.apply(null));
            }
            return;
        }
        Slot s = strings.get(r.nextInt(strings.size()));
        s.set(how.apply(s));
        if (r.nextBoolean()) {
            // and another one, so that free text fields without a pattern see it too
            Slot t = strings.get(r.nextInt(strings.size()));
            t.set(how.apply(t));
        }
    }

    private JsonNode wrongType(Slot s) {
        JsonNode v = s.value();
        SplittableRandom r = new SplittableRandom(v.toString().hashCode());
        if (v.isTextual()) {
            return pickOf(r, Values.JSON.numberNode(12345), Values.JSON.booleanNode(true), Values.JSON.arrayNode(),
                    Values.JSON.objectNode(), Values.JSON.numberNode(1.5));
        }
        if (v.isNumber()) {
            return pickOf(r, Values.JSON.textNode("abc"), Values.JSON.booleanNode(false), Values.JSON.arrayNode(),
                    Values.JSON.objectNode(), Values.JSON.textNode(""));
        }
        if (v.isBoolean()) {
            return pickOf(r, Values.JSON.textNode("yes"), Values.JSON.numberNode(1), Values.JSON.objectNode());
        }
        if (v.isArray()) {
            return pickOf(r, Values.JSON.objectNode(), Values.JSON.textNode("x"), Values.JSON.numberNode(1));
        }
        if (v.isObject()) {
            return pickOf(r, Values.JSON.arrayNode(), Values.JSON.textNode("x"), Values.JSON.numberNode(1),
                    Values.JSON.booleanNode(true));
        }
        return Values.JSON.textNode("x");
    }

    private void missingRequired(Draft d, SplittableRandom r) {
        List<ObjectNode> holders = new ArrayList<>();
        List<JsonNode> holderSchemas = new ArrayList<>();
        if (d.body instanceof ObjectNode root) {
            holders.add(root);
            holderSchemas.add(api.resolveValue(d.bodySchema));
        }
        for (Slot s : slots(d)) {
            if (s.value() instanceof ObjectNode o && s.schema() != null && s.schema().has("required")) {
                holders.add(o);
                holderSchemas.add(s.schema());
            }
        }
        for (int tries = 0; tries < 5 && !holders.isEmpty(); tries++) {
            int i = r.nextInt(holders.size());
            JsonNode required = holderSchemas.get(i) == null ? null : holderSchemas.get(i).get("required");
            if (required != null && required.size() > 0) {
                if (r.nextInt(5) == 0) {
                    holders.get(i).removeAll();
                } else {
                    holders.get(i).remove(required.get(r.nextInt(required.size())).asText());
                }
                return;
            }
        }
        d.body = Values.JSON.objectNode();
    }

    private void hugeString(Draft d, SplittableRandom r) {
        StringBuilder b = new StringBuilder(100 * 1024);
        String unit = pickOf(r, "a", "\u00E9", "\uD83D\uDE00", "x ");
        while (b.length() < 100 * 1024) {
            b.append(unit);
        }
        String huge = b.toString();
        mutateStrings(d, r, s -> new TextNode(huge));
    }

    private void extremeNumber(Draft d, SplittableRandom r) {
        mutateSlot(d, r, s -> s.value().isNumber(), s -> {
            String raw = pickOf(r, "-1", "0", "-2147483649", "2147483648", "9223372036854775807",
                    "9223372036854775808", "-9223372036854775809", "1e308", "1e400", "-1e400", "0.000001", "3.5",
                    "-0.0", "1E+2", "123456789012345678901234567890", "4.9e-324");
            return new TextNode(RAW + raw + "@@");
        });
    }

    private void unknownEnum(Draft d, SplittableRandom r) {
        mutateSlot(d, r, s -> s.schema() != null && s.schema().has("enum"), s -> {
            String v = s.value().asText();
            return pickOf(r, Values.JSON.textNode("NOT_A_MEMBER"), Values.JSON.textNode(v.toLowerCase(Locale.ROOT)
                            .equals(v) ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT)),
                    Values.JSON.textNode(v + " "), Values.JSON.textNode(""), Values.JSON.numberNode(0));
        });
    }

    private void badFormat(Draft d, SplittableRandom r) {
        mutateSlot(d, r, s -> s.schema() != null && s.value().isTextual()
                && (s.schema().has("format") || s.schema().has("pattern") || s.schema().has("maxLength")), s -> {
            String format = s.schema().path("format").asText("");
            return new TextNode(switch (format) {
                case "uuid" -> pickOf(r, "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "", "1",
                        "00000000000000000000000000000000", "{" + Values.randomUuid(r) + "}");
                case "date" -> pickOf(r, "2024-02-30", "2024-13-01", "31/12/2024", "", "+999999999-12-31",
                        "-0001-01-01", "2024-1-1", "0000-00-00", "tomorrow");
                case "date-time" -> pickOf(r, "2024-01-01", "yesterday", "2024-01-01T25:00:00Z",
                        "+9999999-01-01T00:00:00Z", "2024-01-01T00:00:00", "1700000000", "");
                case "local-time" -> pickOf(r, "25:00", "12:60", "noon", "12:00:00.1234567891", "", "-01:00");
                default -> s.schema().has("maxLength") && r.nextBoolean()
                        ? "y".repeat(s.schema().get("maxLength").asInt() + 1 + r.nextInt(5))
                        : pickOf(r, "!!!", " ", "\u00C0\u00C9", "a b", "-", "\t");
            });
        });
    }

    private void unknownProperty(Draft d, SplittableRandom r) {
        List<ObjectNode> objects = new ArrayList<>();
        if (d.body instanceof ObjectNode root) {
            objects.add(root);
        }
        slots(d).forEach(s -> {
            if (s.value() instanceof ObjectNode o) {
                objects.add(o);
            }
        });
        if (objects.isEmpty()) {
            d.body = Values.JSON.objectNode().put("unexpected", 1);
            return;
        }
        ObjectNode target = objects.get(r.nextInt(objects.size()));
        target.set(pickOf(r, "unexpected", "id", "clinicId", "version", "__proto__", "isAdmin", "status", "$where"),
                pickOf(r, Values.JSON.textNode("x"), Values.JSON.numberNode(1), Values.JSON.booleanNode(true),
                        Values.JSON.objectNode().put("nested", true)));
    }

    /** When the body has no field of the kind a mutation needs: an unknown property instead, labelled as such. */
    private String unknownPropertyInstead(Draft d, SplittableRandom r) {
        unknownProperty(d, r);
        return "body.unknown-property";
    }

    private boolean arrayOverflow(Draft d, SplittableRandom r) {
        List<Slot> arrays = slots(d).stream().filter(s -> s.value().isArray() && s.schema() != null).toList();
        if (arrays.isEmpty()) {
            return false;
        }
        Slot s = arrays.get(r.nextInt(arrays.size()));
        ArrayNode a = Values.JSON.arrayNode();
        int max = s.schema().path("maxItems").asInt(50);
        int n = max + 1 + r.nextInt(pickOf(r, 5, 500));
        JsonNode item = s.value().size() > 0 ? s.value().get(0)
                : values.valid(s.schema().path("items"), s.field() == null ? "item" : s.field(), "", r, 3);
        for (int i = 0; i < n; i++) {
            a.add(item.deepCopy());
        }
        s.set(a);
        return true;
    }

    /**
     * {@code {"given":"A","given":"B"}}: a key of one of the body's objects repeated, mostly with another value
     * (the last one won before). Jackson's tree holds no twins, so the twin is a marked key renamed when written.
     */
    private void duplicateKey(Draft d, SplittableRandom r) {
        List<Slot> fields = slots(d).stream().filter(s -> s.parent() instanceof ObjectNode).toList();
        if (fields.isEmpty()) {
            d.raw = "{\"note\":\"a\",\"note\":\"b\"}".getBytes(StandardCharsets.UTF_8);
            return;
        }
        Slot s = fields.get(r.nextInt(fields.size()));
        JsonNode twin = s.value().deepCopy();
        if (r.nextInt(4) != 0) {
            twin = s.schema() == null ? Values.JSON.textNode("other")
                    : values.valid(s.schema(), s.field(), "", r, 3);
            if (twin.equals(s.value())) {
                twin = wrongType(s);
            }
        }
        ((ObjectNode) s.parent()).set(DUPLICATE + s.field(), twin);
    }

    /**
     * The coercions Jackson used to make: {@code "given": 123} (a number for text, an enum member by number),
     * {@code "groupSizeLimit": "12"} (digits in a string for a number), {@code "true"} or {@code 1} for a boolean,
     * a fraction for an integer. Only fields whose schema names the type; dates have their own class.
     */
    private boolean typeSwap(Draft d, SplittableRandom r) {
        List<Slot> scalars = slots(d).stream().filter(s -> s.schema() != null && switch (Values.type(s.schema())) {
            case "string" -> s.value().isTextual() && !isDate(s.schema());
            case "integer", "number" -> s.value().isNumber();
            case "boolean" -> s.value().isBoolean();
            default -> false;
        }).toList();
        if (scalars.isEmpty()) {
            return false;
        }
        Slot s = scalars.get(r.nextInt(scalars.size()));
        JsonNode v = s.value();
        if (v.isTextual()) {
            String t = v.asText();
            s.set(t.matches("-?[0-9]{1,9}") ? Values.JSON.numberNode(Long.parseLong(t))
                    : Values.JSON.numberNode(pickOf(r, 123, 12, 0, 1)));
        } else if (v.isNumber()) {
            boolean fraction = Values.type(s.schema()).equals("integer") && r.nextInt(3) == 0;
            s.set(fraction ? Values.JSON.numberNode(v.asLong() + 0.5) : Values.JSON.textNode(v.asText()));
        } else {
            s.set(r.nextBoolean() ? Values.JSON.textNode(v.asText()) : Values.JSON.numberNode(v.asBoolean() ? 1 : 0));
        }
        return true;
    }

    /** {@code "birthDate": 123} (which became 1970-05-04) or {@code 20261201}: a number for a date or date-time. */
    private boolean dateAsNumber(Draft d, SplittableRandom r) {
        List<Slot> dates = slots(d).stream()
                .filter(s -> s.schema() != null && isDate(s.schema()) && s.value().isTextual()).toList();
        if (dates.isEmpty()) {
            return false;
        }
        dates.get(r.nextInt(dates.size())).set(Values.JSON.numberNode(
                pickOf(r, 123L, 20261201L, 0L, -1L, 1_700_000_000L, 1_700_000_000_000L, 2026L)));
        return true;
    }

    private static boolean isDate(JsonNode schema) {
        String format = schema.path("format").asText("");
        return format.equals("date") || format.equals("date-time");
    }

    /** A NUL inside a string, free text rather than a formatted field where the body has one. */
    private boolean nul(Draft d, SplittableRandom r) {
        List<Slot> strings = slots(d).stream().filter(s -> s.value().isTextual()).toList();
        if (strings.isEmpty()) {
            return false;
        }
        List<Slot> free = strings.stream().filter(s -> s.schema() != null && !s.schema().has("enum")
                && !s.schema().has("format") && !s.schema().has("pattern")).toList();
        List<Slot> from = free.isEmpty() ? strings : free;
        Slot s = from.get(r.nextInt(from.size()));
        String t = s.value().asText();
        int at = r.nextInt(t.length() + 1);
        if (at > 0 && at < t.length() && Character.isLowSurrogate(t.charAt(at))) {
            at--;
        }
        s.set(new TextNode(t.substring(0, at) + "\u0000" + t.substring(at)));
        return true;
    }

    /**
     * An array of 2,000-5,000 copies of a valid item (fewer when the item is large, so that the body stays under the
     * 1 MB limit and the item limit, not the size limit, is what refuses it; never fewer than 501).
     */
    private boolean hugeArray(Draft d, SplittableRandom r) {
        List<Slot> arrays = slots(d).stream().filter(s -> s.value().isArray() && s.schema() != null).toList();
        if (arrays.isEmpty()) {
            return false;
        }
        Slot s = arrays.get(r.nextInt(arrays.size()));
        JsonNode item = s.value().size() > 0 ? s.value().get(0)
                : values.valid(s.schema().path("items"), s.field() == null ? "item" : s.field(), "", r, 3);
        int itemBytes = item.toString().getBytes(StandardCharsets.UTF_8).length + 1;
        int n = Math.max(501, Math.min(2_000 + r.nextInt(3_001), 600_000 / itemBytes));
        ArrayNode a = Values.JSON.arrayNode();
        for (int i = 0; i < n; i++) {
            a.add(item.deepCopy());
        }
        s.set(a);
        return true;
    }

    private static byte[] malformed(byte[] valid, SplittableRandom r) {
        String v = new String(valid, StandardCharsets.UTF_8);
        String out = switch (r.nextInt(16)) {
            case 0 -> v.substring(0, v.length() / 2);
            case 1 -> v + "}";
            case 2 -> v + ",{}";
            case 3 -> "{";
            case 4 -> "{\"a\":}";
            case 5 -> v.replace('"', '\'');
            case 6 -> "{unquoted: 1}";
            case 7 -> "\uFEFF" + v;
            case 8 -> "/* comment */" + v;
            case 9 -> "{\"a\":NaN}";
            case 10 -> v.endsWith("}") && v.length() > 2 ? v.substring(0, v.length() - 1) + ",}" : "[1,]";
            case 11 -> "nul";
            case 12 -> "\"unterminated";
            case 13 -> v.replaceFirst("\":\"", "\":\"\u0001raw control ");
            case 14 -> "{\"a\":1}{\"b\":2}";
            default -> "\u0000\u0001garbage\u00ff";
        };
        return out.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] deep(SplittableRandom r) {
        int depth = pickOf(r, 2_000, 20_000, 100_000);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] invalidUtf8(byte[] valid, SplittableRandom r) {
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
        byte[] insert = bad[r.nextInt(bad.length)];
        String v = new String(valid, StandardCharsets.UTF_8);
        int at = v.indexOf("\":\"");
        int cut = at < 0 ? valid.length / 2 : new String(v.substring(0, at + 3)).getBytes(StandardCharsets.UTF_8).length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, cut);
        out.writeBytes(insert);
        out.write(valid, cut, valid.length - cut);
        return out.toByteArray();
    }

    private static byte[] oversize() {
        return ("{\"padding\":\"" + "p".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A wrong media type; the label of what was sent ({@code content-type.missing} when there is none). */
    private static String contentType(Draft d, SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0 -> d.headers.put("Content-Type", "text/plain");
            case 1 -> {
                d.headers.put("Content-Type", "application/xml");
                d.raw = "<?xml version=\"1.0\"?><request><name>x</name></request>".getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> d.headers.remove("Content-Type");
            case 3 -> {
                d.headers.put("Content-Type", "application/x-www-form-urlencoded");
                d.raw = "name=x&capacity=3".getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> d.headers.put("Content-Type", "multipart/form-data; boundary=xyz");
            case 5 -> d.headers.put("Content-Type", "application/json; charset=UTF-16");
            case 6 -> d.headers.put("Content-Type", "garbage");
            default -> d.headers.put("Content-Type", "application/merge-patch+json");
        }
        return d.headers.containsKey("Content-Type") ? "content-type" : "content-type.missing";
    }

    // ---------------------------------------------------------------- parameter and header mutations

    private void pathGarbage(OpenApi.Operation op, Draft d, SplittableRandom r) {
        List<OpenApi.Param> params = op.params("path");
        OpenApi.Param p = params.get(r.nextInt(params.size()));
        d.path.put(p.name(), pickOf(r, "not-a-uuid", "0", "-1", PRE_ENCODED + "%00", PRE_ENCODED + "%2e%2e",
                PRE_ENCODED + "%2F", "..", "a".repeat(3000), "\uD83D\uDE00\u00FC", "null", "undefined", "' OR 1=1--",
                "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
                Values.randomUuid(r).toUpperCase(Locale.ROOT), Values.randomUuid(r) + "x", "${jndi:x}", " "));
    }

    private void queryGarbage(OpenApi.Operation op, Draft d, SplittableRandom r) {
        List<OpenApi.Param> params = op.params("query");
        int n = 1 + r.nextInt(Math.min(3, params.size()));
        Set<String> done = new HashSet<>();
        for (int i = 0; i < n; i++) {
            OpenApi.Param p = params.get(r.nextInt(params.size()));
            if (!done.add(p.name())) {
                continue;
            }
            d.query.removeIf(q -> q[0].equals(p.name()));
            JsonNode s = api.resolveValue(p.schema());
            String type = Values.type(s);
            String format = s.path("format").asText("");
            String value;
            if (p.name().equals("cursor")) {
                value = pickOf(r, "garbage", "%%%", "", "MjAyNC0wMS0wMVQwMDowMDowMFp8bm90LWEtdXVpZA",
                        "bm90IGEgY3Vyc29y", "a".repeat(5000), "\uD83D\uDE00");
            } else if (s.has("enum")) {
                value = pickOf(r, "NOT_A_MEMBER", "", s.get("enum").get(0).asText().toLowerCase(Locale.ROOT), "1");
            } else if ("uuid".equals(format)) {
                value = pickOf(r, "not-a-uuid", "1", "", "' OR '1'='1", Values.randomUuid(r) + "0",
                        PRE_ENCODED + "%00");
            } else if ("date".equals(format) || p.name().equals("from") || p.name().equals("to")
                    || p.name().equals("date")) {
                value = pickOf(r, "2024-02-30", "tomorrow", "", "99999-01-01", "2024-1-1", "-1",
                        "2024-01-01T00:00:00Z", "1900-01-01", "9999-12-31", "0001-01-01");
            } else if (type.equals("integer") || type.equals("number")) {
                value = pickOf(r, "abc", "-1", "0", "1e3", "99999999999999999999", "2147483648", "1.5", "", " 5",
                        "201", "NaN", "-2147483649");
            } else if (type.equals("boolean")) {
                value = pickOf(r, "yes", "2", "", "TRUE ", "null");
            } else {
                value = pickOf(r, "a".repeat(10_000), "\u202Eevil\u0645", PRE_ENCODED + "%00", "%", "*",
                        "' OR '1'='1", "\\", "_%", "\uD83D\uDE00", "");
            }
            d.query.add(new String[]{p.name(), value});
        }
        if (r.nextInt(4) == 0) {
            OpenApi.Param p = params.get(r.nextInt(params.size()));
            d.query.add(new String[]{p.name(), "repeated"});
        }
    }

    private static void unknownQuery(Draft d, SplittableRandom r) {
        d.query.add(new String[]{pickOf(r, "foo", "__proto__", "limit[]", "sort", "clinicId", "debug", "a".repeat(300)),
                pickOf(r, "bar", "1", "", "true", "\uD83D\uDE00")});
    }

    private void idempotencyKey(OpenApi.Operation op, Draft d, SplittableRandom r) {
        d.headers.put("Idempotency-Key", pickOf(r, "", " ", "k".repeat(300), "k".repeat(5000), "key with spaces",
                "\"quoted\"", "../../x", "fz-" + nonce + "-reused-" + op.index(),
                "fz-" + nonce + "-reused-" + op.index(), "fz-" + nonce + "-reused-" + op.index() + "-b"));
    }

    private static void ifMatch(Draft d, SplittableRandom r) {
        String v = pickOf(r, "garbage", "\"\"", "W/\"0\"", "*", "\"99999999999999999999\"", "\"-1\"",
                "\"0\", \"1\"", "\"" + "9".repeat(4000) + "\"", "\"abc\"", null, null);
        if (v == null) {
            d.headers.remove("If-Match");
        } else {
            d.headers.put("If-Match", v);
        }
    }

    private String otherMethod(OpenApi.Operation op, SplittableRandom r) {
        JsonNode item = api.doc.path("paths").path(op.path());
        List<String> others = new ArrayList<>(Arrays.asList("GET", "POST", "PUT", "DELETE", "PATCH"));
        others.removeIf(m -> item.has(m.toLowerCase(Locale.ROOT)) || op.method().equalsIgnoreCase(m));
        if (op.method().equals("get") && op.gatewayView()) {
            others = List.of("POST", "DELETE");
        }
        return others.isEmpty() ? "PATCH" : others.get(r.nextInt(others.size()));
    }

    // ---------------------------------------------------------------- encoding

    private static String fixPlaceholders(String json) {
        String out = json.replace(LONE_HIGH, "\\ud800").replace(LONE_LOW, "\\udc00")
                .replace("\"" + DUPLICATE, "\"");
        int at;
        while ((at = out.indexOf("\"" + RAW)) >= 0) {
            int end = out.indexOf("@@\"", at);
            out = out.substring(0, at) + out.substring(at + 1 + RAW.length(), end) + out.substring(end + 3);
        }
        return out;
    }

    static String encodePath(String segment) {
        StringBuilder b = new StringBuilder();
        for (byte x : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
