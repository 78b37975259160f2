package care.iop.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Valid values for a schema: every required property, some optional ones, enum members, strings matching the
 * pattern within the length limits, numbers within the bounds, dates and instants around today. Ids point at real
 * records where the name says what they are (a {@code patientId} is the fixture's patient, a {@code roomId} a room
 * the platform has answered with) — a schema-valid body is then often a domain-valid one too.
 */
final class Values {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] WORDS = {"calm", "group", "session", "plan", "relapse", "coping", "weekly", "family",
            "support", "craving", "goal", "review", "progress", "stable", "sleep", "work", "walk", "call"};
    /** Optional properties a valid body carries every time: without them most requests of the kind are refused. */
    private static final Set<String> ALWAYS = Set.of("timeZone", "finalLevelReason");
    private static final Set<String> LEVELS = Set.of("levelOfCare", "finalLevel", "requestedLevel", "toLevel");
    private static final String[] ICD10 = {"F11.20", "F10.20", "F32.1", "F41.1", "F12.20", "F15.20", "F14.20"};
    private static final String[] ZONES = {"America/New_York", "America/Chicago", "America/Los_Angeles", "UTC",
            "Europe/Berlin"};

    private final OpenApi api;
    private final IdPools ids;
    private final Fixture fixture;
    private final LocalDate today = LocalDate.now();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    Values(OpenApi api, IdPools ids, Fixture fixture) {
        this.api = api;
        this.ids = ids;
        this.fixture = fixture;
    }

    JsonNode valid(JsonNode schema, String name, String area, SplittableRandom r, int depth) {
        JsonNode s = api.resolveValue(schema);
        if (s == null || s.isMissingNode()) {
            return JSON.textNode(word(r));
        }
        if (s.has("enum")) {
            JsonNode options = s.get("enum");
            // The program runs at level 2.1: other levels are refused by the domain (a good mutation, a poor default).
            if (LEVELS.contains(name) && r.nextInt(100) < 75) {
                for (JsonNode o : options) {
                    if (o.asText().equals("2.1")) {
                        return o.deepCopy();
                    }
                }
            }
            return options.get(r.nextInt(options.size())).deepCopy();
        }
        if (s.has("const")) {
            return s.get("const").deepCopy();
        }
        String type = type(s);
        return switch (type) {
            case "object" -> object(s, area, r, depth);
            case "array" -> array(s, name, area, r, depth);
            case "integer" -> JSON.numberNode(integer(s, name, r));
            case "number" -> JSON.numberNode(number(s, r));
            case "boolean" -> JSON.booleanNode(name.startsWith("confirm") || r.nextBoolean());
            case "string" -> JSON.textNode(string(s, name, area, r));
            default -> JSON.textNode(word(r));
        };
    }

    static String type(JsonNode s) {
        JsonNode t = s.get("type");
        if (t == null) {
            return s.has("properties") ? "object" : s.has("items") ? "array" : "any";
        }
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (!x.asText().equals("null")) {
                    return x.asText();
                }
            }
            return "null";
        }
        return t.asText();
    }

    private ObjectNode object(JsonNode s, String area, SplittableRandom r, int depth) {
        ObjectNode out = JSON.objectNode();
        Set<String> required = new HashSet<>();
        s.path("required").forEach(n -> required.add(n.asText()));
        List<String> names = new ArrayList<>();
        s.path("properties").fieldNames().forEachRemaining(names::add);
        for (String p : names) {
            JsonNode ps = s.path("properties").path(p);
            if (ps.path("readOnly").asBoolean(false) || (p.equals("id") && !required.contains(p))) {
                continue; // an optional id names an existing item (a plan's goal on a new version): left out
            }
            if (required.contains(p) || ALWAYS.contains(p) || (depth < 4 && r.nextInt(100) < 55)) {
                out.set(p, valid(ps, p, area, r, depth + 1));
            }
        }
        JsonNode additional = s.get("additionalProperties");
        if (names.isEmpty() && additional != null && additional.isObject()) {
            int max = s.path("maxProperties").asInt(3);
            int n = 1 + r.nextInt(Math.max(1, Math.min(3, max)));
            for (int i = 0; i < n; i++) {
                out.set(word(r), valid(additional, "value", area, r, depth + 1));
            }
        }
        domainHints(out, r);
        return out;
    }

    /**
     * What a schema cannot say: a note's sections are named by its format, a screening has as many answers as its
     * instrument has items, a referral names a patient or describes one (not both), a consent a partner or a class.
     */
    private void domainHints(ObjectNode out, SplittableRandom r) {
        if (out.has("sections") && out.has("kind") && r.nextInt(100) < 85) {
            out.put("kind", r.nextInt(3) == 0 ? "psychotherapy" : "progress");
        }
        if (out.path("goals").isArray() && out.path("objectives").isArray() && !out.path("goals").isEmpty()) {
            for (JsonNode objective : out.get("objectives")) {
                if (objective instanceof ObjectNode o && r.nextInt(100) < 90) {
                    o.put("goal", r.nextInt(out.get("goals").size()));
                }
            }
        }
        if (out.has("patientId") && out.has("patient")) {
            out.remove(r.nextBoolean() ? "patientId" : "patient");
        }
        if (out.has("recipientPartnerId") && out.has("recipientClass")) {
            out.remove(r.nextBoolean() ? "recipientPartnerId" : "recipientClass");
        }
        if (out.has("instrument") && out.has("answers") && r.nextInt(100) < 85) {
            String instrument = out.path("instrument").asText();
            int items = switch (instrument) {
                case "PHQ-9" -> 9;
                case "GAD-7" -> 7;
                case "AUDIT", "DAST-10" -> 10;
                default -> 6;
            };
            int max = instrument.equals("AUDIT") ? 4 : instrument.startsWith("PHQ") || instrument.startsWith("GAD") ? 3 : 1;
            ArrayNode answers = JSON.arrayNode();
            for (int i = 0; i < items; i++) {
                answers.add(r.nextInt(max + 1));
            }
            out.set("answers", answers);
            if (!instrument.equals("C-SSRS")) {
                out.remove("cssrsRecency");
            }
        }
        if (out.has("sections") && out.get("sections").isObject()) {
            String format = out.path("format").asText("soap");
            List<String> keys = switch (format) {
                case "dap" -> List.of("data", "assessment", "plan");
                case "birp" -> List.of("behavior", "intervention", "response", "plan");
                default -> List.of("subjective", "objective", "assessment", "plan");
            };
            ObjectNode sections = JSON.objectNode();
            keys.forEach(k -> sections.put(k, sentence(r)));
            out.set("sections", sections);
        }
    }

    private ArrayNode array(JsonNode s, String name, String area, SplittableRandom r, int depth) {
        ArrayNode out = JSON.arrayNode();
        int min = s.path("minItems").asInt(0);
        int max = s.path("maxItems").asInt(3);
        int n = Math.max(min, Math.min(max, (depth > 3 ? 0 : 1) + r.nextInt(2)));
        Set<String> seen = new HashSet<>();
        String itemName = name.endsWith("Ids") ? name.substring(0, name.length() - 1)
                : name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
        for (int i = 0, tries = 0; out.size() < n && tries < n * 5; tries++) {
            JsonNode item = valid(s.path("items"), itemName, area, r, depth + 1);
            if (!s.path("uniqueItems").asBoolean(false) || seen.add(item.toString())) {
                out.add(item);
                i++;
            }
        }
        return out;
    }

    private long integer(JsonNode s, String name, SplittableRandom r) {
        if (name.equals("version")) {
            return 0;
        }
        long min = s.has("minimum") ? s.get("minimum").asLong() : s.has("exclusiveMinimum")
                ? s.get("exclusiveMinimum").asLong() + 1 : 0;
        long max = s.has("maximum") ? s.get("maximum").asLong() : s.has("exclusiveMaximum")
                ? s.get("exclusiveMaximum").asLong() - 1 : min + 10;
        if (max < min) {
            max = min;
        }
        return min + r.nextLong(Math.min(max - min, 1_000) + 1);
    }

    private BigDecimal number(JsonNode s, SplittableRandom r) {
        double min = s.has("minimum") ? s.get("minimum").asDouble() : s.has("exclusiveMinimum")
                ? s.get("exclusiveMinimum").asDouble() + 0.5 : 0;
        double max = s.has("maximum") ? s.get("maximum").asDouble() : min + 10;
        max = Math.min(max, min + 100);
        return BigDecimal.valueOf(min + r.nextDouble() * (max - min)).setScale(1, RoundingMode.DOWN)
                .max(BigDecimal.valueOf(min)).stripTrailingZeros();
    }

    String string(JsonNode s, String name, String area, SplittableRandom r) {
        String format = s.path("format").asText("");
        String lower = name.toLowerCase(Locale.ROOT);
        switch (format) {
            case "uuid" -> {
                return id(name, area, r);
            }
            case "date" -> {
                return date(lower, r).toString();
            }
            case "date-time" -> {
                return instant(lower, r).toString();
            }
            case "local-time" -> {
                return String.format("%02d:%02d", 8 + r.nextInt(9), 15 * r.nextInt(4));
            }
            default -> {
            }
        }
        if (lower.equals("timezone") || lower.endsWith("zone")) {
            return ZONES[r.nextInt(ZONES.length)];
        }
        if (lower.contains("trackcode") && r.nextInt(100) < 80) {
            return fixture.trackCode();
        }
        if ((lower.equals("icd10") || lower.equals("indication")) && r.nextInt(100) < 85) {
            return ICD10[r.nextInt(ICD10.length)];
        }
        if (lower.equals("route") && r.nextInt(100) < 60) {
            return "oral";
        }
        if (lower.equals("medicationid") || lower.equals("catalogueid") || lower.equals("substance")) {
            var known = ids.pick("medications", "catalogue", r);
            if (known.isPresent() && !IdPools.UUID.matcher(known.get()).matches()) {
                return known.get();
            }
        }
        if (lower.equals("email")) {
            return word(r) + "@example.org";
        }
        String pattern = s.path("pattern").asText("");
        int maxLength = s.path("maxLength").asInt(60);
        int minLength = s.path("minLength").asInt(0);
        String value;
        if (!pattern.isEmpty() && !pattern.equals("\\S")) {
            value = RegexGen.generate(pattern, r);
        } else {
            value = lower.contains("name") ? capitalised(word(r)) + " " + capitalised(word(r)) : sentence(r);
        }
        if (value.length() > maxLength) {
            value = value.substring(0, maxLength).strip();
            if (value.isEmpty()) {
                value = "x";
            }
        }
        while (value.length() < minLength) {
            value += "x";
        }
        return value;
    }

    /** An id for a field or parameter: the fixture's patient, a known record, or a new random UUID. */
    String id(String name, String area, SplittableRandom r) {
        String noun = IdPools.noun(name.endsWith("Id") ? name.substring(0, name.length() - 2) : name);
        if (noun.equals("patient")) {
            return r.nextInt(100) < 92 ? fixture.patientId() : new UUID(r.nextLong(), r.nextLong()).toString();
        }
        if (noun.equals("enrollment") && r.nextInt(100) < 60) {
            return fixture.enrollmentId();
        }
        // Staff ids stay random: the demo accounts' own calendars and supervision belong to the other tests.
        if (!Set.of("staff", "facilitator", "primarycounselor", "clinician", "author", "responsiblestaff", "clinic",
                "destinationpartner", "recipientpartner", "receivingpartner").contains(noun) && r.nextInt(100) < 85) {
            var known = ids.pick(area, noun, r);
            if (known.isPresent() && IdPools.UUID.matcher(known.get()).matches()) {
                return known.get();
            }
        }
        if (noun.contains("partner") && r.nextBoolean()) {
            return fixture.partnerId();
        }
        return randomUuid(r);
    }

    static String randomUuid(SplittableRandom r) {
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private LocalDate date(String name, SplittableRandom r) {
        if (name.contains("birth")) {
            return LocalDate.of(1950 + r.nextInt(55), 1 + r.nextInt(12), 1 + r.nextInt(28));
        }
        if (name.contains("expire") || name.contains("end") || name.equals("to") || name.contains("last")
                || name.contains("target") || name.contains("due") || name.contains("authorizedto")) {
            return today.plusDays(1 + r.nextInt(60));
        }
        if (name.contains("checked") || name.contains("signed") || name.contains("admission")
                || name.contains("service") || name.contains("collected")) {
            return today.minusDays(r.nextInt(5));
        }
        return today.plusDays(r.nextInt(29) - 14);
    }

    private Instant instant(String name, SplittableRandom r) {
        if (name.contains("expire") || name.contains("firstappointment")) {
            return now.plus(1 + r.nextInt(90), ChronoUnit.DAYS);
        }
        return now.minus(60 + r.nextInt(3 * 3600), ChronoUnit.SECONDS);
    }

    static String word(SplittableRandom r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    static String sentence(SplittableRandom r) {
        StringBuilder b = new StringBuilder(capitalised(word(r)));
        int n = 2 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(' ').append(word(r));
        }
        return b.append('.').toString();
    }

    private static String capitalised(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}
