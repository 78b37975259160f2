package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Flags property names that look like HIPAA direct identifiers or free text. Analytics consumers must never
 * receive those, so an event schema may not have such a property at any depth. There is no allow-list: rename
 * the property (or drop it) instead.
 */
final class PhiGuard {

    /** Whole words (after splitting camelCase, digits and separators). */
    private static final Set<String> WORDS = Set.of(
            // names
            "name", "names", "firstname", "lastname", "surname", "forename", "fullname", "nickname", "maiden",
            "username", "initials",
            // dates and ages
            "birth", "birthdate", "birthday", "dob", "born", "age", "death",
            // places
            "address", "street", "city", "county", "zip", "zipcode", "postal", "postcode", "geo", "geolocation",
            "latitude", "longitude", "location",
            // contact
            "phone", "telephone", "mobile", "cell", "fax", "email", "mail", "contact", "pager",
            // numbers that identify
            "ssn", "sin", "member", "mrn", "insurance", "insurer", "beneficiary", "policy", "license", "licence",
            "account", "certificate", "passport", "vin", "vehicle", "plate", "serial", "device",
            // network, images, biometrics
            "ip", "url", "uri", "web", "website", "photo", "photograph", "picture", "image", "face", "biometric",
            "biometrics", "fingerprint", "voiceprint", "signature",
            // free text
            "text", "freetext", "narrative", "comment", "comments", "remark", "remarks", "summary", "description",
            "transcript", "message", "body", "content", "memo", "details",
            // people around the patient
            "relative", "spouse", "guardian", "kin", "household");

    /** Consecutive words. */
    private static final List<List<String>> PHRASES = List.of(
            List.of("social", "security"), List.of("medical", "record"), List.of("health", "plan"),
            List.of("free", "text"), List.of("e", "mail"), List.of("zip", "code"), List.of("date", "of", "birth"));

    /** Fragments unambiguous enough to catch in names written all in lower case, e.g. "dateofbirth". */
    private static final List<String> FRAGMENTS = List.of("birth", "firstname", "lastname", "surname", "address",
            "phone", "email", "insurance", "narrative", "freetext", "notetext", "socialsecurity", "medicalrecord");

    private PhiGuard() {
    }

    /** Why {@code propertyName} looks like an identifier or free text, or empty if it does not. */
    static Optional<String> flag(String propertyName) {
        List<String> words = words(propertyName);
        for (String word : words) {
            if (WORDS.contains(word)) {
                return Optional.of("word '" + word + "'");
            }
        }
        for (List<String> phrase : PHRASES) {
            if (java.util.Collections.indexOfSubList(words, phrase) >= 0) {
                return Optional.of("phrase '" + String.join(" ", phrase) + "'");
            }
        }
        String compact = String.join("", words);
        for (String fragment : FRAGMENTS) {
            if (compact.contains(fragment)) {
                return Optional.of("fragment '" + fragment + "'");
            }
        }
        return Optional.empty();
    }

    /** Lower-case words of a name: camelCase, acronyms, digits, '-', '_' and spaces split. */
    static List<String> words(String name) {
        String spaced = name
                .replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .replaceAll("([A-Za-z])([0-9])", "$1 $2")
                .replaceAll("([0-9])([A-Za-z])", "$1 $2")
                .replaceAll("[^A-Za-z0-9]+", " ")
                .trim()
                .toLowerCase(Locale.ROOT);
        return spaced.isEmpty() ? List.of() : Arrays.asList(spaced.split(" +"));
    }

    /** Every property name declared anywhere in a schema (nested objects, array items, $defs, combinators). */
    static List<Property> properties(JsonNode schema, String where) {
        List<Property> out = new ArrayList<>();
        collect(schema, where, out);
        return out;
    }

    record Property(String path, String name) {
    }

    private static void collect(JsonNode node, String path, List<Property> out) {
        if (node.isArray()) {
            node.forEach(item -> collect(item, path, out));
            return;
        }
        node.fields().forEachRemaining(field -> {
            if (field.getKey().equals("properties") && field.getValue().isObject()) {
                field.getValue().fields().forEachRemaining(p -> {
                    out.add(new Property(path + "." + p.getKey(), p.getKey()));
                    collect(p.getValue(), path + "." + p.getKey(), out);
                });
            } else if (field.getValue().isContainerNode()) {
                collect(field.getValue(), path, out);
            }
        });
    }
}
