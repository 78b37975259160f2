package care.iop.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Ids of real records, learnt from the platform's answers (an {@code id} inside a list of episodes is an episode id;
 * an {@code orderId} field is an order id), so that path ids and id fields can point at records that exist. Ids are
 * kept per API area and noun in sorted sets, and frozen before the fuzzing proper, so that a seed picks the same
 * positions every run.
 */
final class IdPools {

    static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> NOT_NOUNS = Set.of("items", "current", "print", "versions", "v1", "api", "day",
            "week", "status", "end", "cancel", "discharge", "outcome", "acknowledge", "acknowledgement", "sign",
            "cosign", "revocation", "decline", "offers", "results", "collection", "discontinue", "checkin",
            "attendance", "roster", "reschedule", "transitions", "dischargeplan", "dischargereview", "administrations");
    /** Nouns that name the same records from two sides (a path segment and a field). */
    private static final Map<String, List<String>> ALIASES = Map.of(
            "treatmentplan", List.of("plan"),
            "plan", List.of("treatmentplan"),
            "riskflag", List.of("flag"),
            "flag", List.of("riskflag"),
            "drugscreen", List.of("screen"),
            "entry", List.of("waitlist"),
            "catalogue", List.of("medication"),
            "medication", List.of("catalogue"),
            "followup", List.of("followups"));

    private final Map<String, Set<String>> pools = new ConcurrentHashMap<>();
    private volatile Map<String, List<String>> frozen;

    void add(String area, String noun, String id) {
        if (frozen != null || id == null || id.isBlank()) {
            return;
        }
        pools.computeIfAbsent(area + ":" + noun, k -> java.util.Collections.synchronizedSet(new TreeSet<>())).add(id);
        pools.computeIfAbsent(area + ":*", k -> java.util.Collections.synchronizedSet(new TreeSet<>())).add(id);
    }

    /** Learns the ids in an answer of {@code area} to a request on {@code path}. */
    void harvest(String area, String path, JsonNode body) {
        if (body == null || frozen != null) {
            return;
        }
        walk(area, pathNoun(path), body);
    }

    private void walk(String area, String context, JsonNode node) {
        if (node.isArray()) {
            node.forEach(n -> walk(area, context, n));
        } else if (node.isObject()) {
            node.properties().forEach(e -> {
                String k = e.getKey();
                JsonNode v = e.getValue();
                if (v.isTextual()) {
                    String text = v.asText();
                    if (k.equals("id") && (UUID.matcher(text).matches() || context.equals("catalogue"))) {
                        add(area, context, text);
                    } else if (k.endsWith("Id") && UUID.matcher(text).matches()) {
                        add(area, noun(k.substring(0, k.length() - 2)), text);
                    } else if (k.equals("code") && context.equals("track")) {
                        add(area, "trackcode", text);
                    } else if (k.equals("trackCode")) {
                        add(area, "trackcode", text);
                    }
                } else if (v.isArray() && k.endsWith("Ids")) {
                    v.forEach(x -> add(area, noun(k.substring(0, k.length() - 3)), x.asText()));
                } else if (v.isContainerNode()) {
                    String child = k.equals("items") || k.equals("data") || k.equals("categories") ? context : noun(k);
                    walk(area, NOT_NOUNS.contains(child) ? context : child, v);
                }
            });
        }
    }

    /** The noun of the records a path lists or names: its last literal segment that is not a verb. */
    static String pathNoun(String path) {
        String[] segments = path.split("\\?")[0].split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            String s = segments[i];
            if (s.isEmpty() || s.startsWith("{") || UUID.matcher(s).matches()) {
                continue;
            }
            String n = noun(s);
            if (!NOT_NOUNS.contains(n)) {
                return n;
            }
        }
        return "thing";
    }

    /** The noun a path parameter names: {@code {patientId}} a patient, {@code .../episodes/{id}} an episode. */
    static String paramNoun(String path, String param) {
        if (!param.equals("id")) {
            return noun(param.endsWith("Id") ? param.substring(0, param.length() - 2) : param);
        }
        String before = path.substring(0, path.indexOf("{" + param + "}"));
        String[] segments = before.split("/");
        return noun(segments[segments.length - 1]);
    }

    static String noun(String word) {
        String n = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (n.endsWith("ies") && n.length() > 4) {
            n = n.substring(0, n.length() - 3) + "y";
        } else if (n.endsWith("s") && !n.endsWith("ss") && n.length() > 3) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    void freeze() {
        Map<String, List<String>> copy = new TreeMap<>();
        pools.forEach((k, v) -> {
            synchronized (v) {
                copy.put(k, List.copyOf(v));
            }
        });
        frozen = copy;
    }

    /** A known id of that noun in that area (or, failing that, any known id of the area). */
    Optional<String> pick(String area, String noun, SplittableRandom random) {
        Map<String, List<String>> view = frozen != null ? frozen : snapshot();
        List<String> candidates = new ArrayList<>(view.getOrDefault(area + ":" + noun, List.of()));
        for (String alias : ALIASES.getOrDefault(noun, List.of())) {
            candidates.addAll(view.getOrDefault(area + ":" + alias, List.of()));
        }
        if (candidates.isEmpty()) {
            candidates = view.getOrDefault(area + ":*", List.of());
        }
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    private Map<String, List<String>> snapshot() {
        Map<String, List<String>> copy = new TreeMap<>();
        pools.forEach((k, v) -> {
            synchronized (v) {
                copy.put(k, List.copyOf(v));
            }
        });
        return copy;
    }

    /** For the report: nouns and how many ids of each were learnt. */
    Map<String, Integer> sizes() {
        Map<String, Integer> out = new TreeMap<>();
        (frozen != null ? frozen : snapshot()).forEach((k, v) -> out.put(k, v.size()));
        return out;
    }
}
