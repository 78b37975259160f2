package care.iop.portal.patients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a disclosure's categories (each the owning service's JSON, as the gateway passes it on) into sections a
 * person reads: scalar members as labelled facts, lists of records as tables, names in words. It shows what the API
 * disclosed and nothing else; a category the API did not send is never made up here.
 */
public final class DisclosureView {

    public record Fact(String label, String value) {
    }

    public record Table(String title, List<String> headers, List<List<String>> rows) {
    }

    public record Section(String code, String title, List<Fact> facts, List<Table> tables) {
    }

    private DisclosureView() {
    }

    public static List<Section> sections(Map<String, Object> categories) {
        List<Section> sections = new ArrayList<>();
        categories.forEach((code, data) -> {
            List<Fact> facts = new ArrayList<>();
            List<Table> tables = new ArrayList<>();
            if (data instanceof Map<?, ?> record) {
                describe(record, "", facts, tables);
            } else if (data instanceof List<?> list) {
                tables.add(table(ConsentWords.category(code), list));
            } else if (data != null) {
                facts.add(new Fact(ConsentWords.category(code), text(data)));
            }
            sections.add(new Section(code, ConsentWords.category(code), facts, tables));
        });
        return sections;
    }

    private static void describe(Map<?, ?> record, String prefix, List<Fact> facts, List<Table> tables) {
        record.forEach((key, value) -> {
            String label = prefix + label(String.valueOf(key));
            if (value == null || "patientId".equals(key)) {
                return;
            }
            if (value instanceof Map<?, ?> nested) {
                describe(nested, label + ": ", facts, tables);
            } else if (value instanceof List<?> list && list.stream().anyMatch(v -> v instanceof Map)) {
                tables.add(table(label, list));
            } else if (value instanceof List<?> list) {
                facts.add(new Fact(label, list.isEmpty() ? "None recorded"
                        : list.stream().map(DisclosureView::text).collect(Collectors.joining(", "))));
            } else {
                facts.add(new Fact(label, text(value)));
            }
        });
    }

    private static Table table(String title, List<?> items) {
        Set<String> keys = new LinkedHashSet<>();
        items.stream().filter(i -> i instanceof Map).forEach(i -> ((Map<?, ?>) i).keySet()
                .forEach(k -> keys.add(String.valueOf(k))));
        List<List<String>> rows = new ArrayList<>();
        for (Object item : items) {
            Map<?, ?> row = item instanceof Map<?, ?> m ? m : Map.of("value", item);
            List<String> cells = new ArrayList<>();
            for (String key : keys) {
                cells.add(text(row.get(key)));
            }
            rows.add(cells);
        }
        return new Table(title, keys.stream().map(DisclosureView::label).toList(), rows);
    }

    /** {@code familyName} → "Family name", {@code enrollment-attendance} → "Enrollment attendance". */
    static String label(String key) {
        String spaced = key.replace('-', ' ').replace('_', ' ').replaceAll("([a-z0-9])([A-Z])", "$1 $2");
        String lower = spaced.toLowerCase(Locale.ROOT).strip();
        return lower.isEmpty() ? key : lower.substring(0, 1).toUpperCase(Locale.ROOT) + lower.substring(1);
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Boolean b) {
            return b ? "Yes" : "No";
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> parts = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    parts.put(label(String.valueOf(k)), text(v));
                }
            });
            return parts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DisclosureView::text).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }
}
