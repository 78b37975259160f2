package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the CloudEvents 1.0.2 core specification and its JSON event format, as a checker independent of
 * this project's own (stricter) envelope schema. Written from the specification's text: required
 * {@code specversion} "1.0", {@code id}, {@code source} (a non-empty URI-reference) and {@code type}, all
 * non-empty strings; optional {@code datacontenttype} (an RFC 2046 media type), {@code dataschema} (an
 * absolute URI), {@code subject} (non-empty) and {@code time} (RFC 3339); attribute names of lower-case ASCII
 * letters and digits (longer than 20 characters: a warning, the spec says SHOULD NOT); String values without
 * control characters; extension values a string, an integer in 32 bits or a boolean (null: unset);
 * {@code data} and {@code data_base64} (Base64) never both.
 */
final class CloudEventsJsonFormat {

    record Result(List<String> errors, List<String> warnings) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private static final Set<String> REQUIRED = Set.of("specversion", "id", "source", "type");
    private static final Set<String> CORE_STRINGS = Set.of("specversion", "id", "source", "type", "subject",
            "datacontenttype", "dataschema", "time");
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]+$");
    private static final String TOKEN = "[A-Za-z0-9!#$&^_.+-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile("^" + TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"[^\"]*\"))*$");
    private static final Pattern RFC_3339 = Pattern.compile(
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$");

    private CloudEventsJsonFormat() {
    }

    static Result check(JsonNode event) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (event == null || !event.isObject()) {
            errors.add("an event in the JSON format is a JSON object");
            return new Result(errors, warnings);
        }
        for (String name : REQUIRED) {
            JsonNode value = event.get(name);
            if (value == null || value.isNull()) {
                errors.add(name + ": required");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = event.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("data") || name.equals("data_base64")) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                errors.add(name + ": attribute names are lower-case ASCII letters and digits");
            } else if (name.length() > 20) {
                warnings.add(name + ": attribute names SHOULD NOT exceed 20 characters");
            }
            if (value.isNull()) {
                continue; // unset
            }
            if (CORE_STRINGS.contains(name)) {
                if (!value.isTextual()) {
                    errors.add(name + ": a JSON string");
                    continue;
                }
                checkCore(name, value.asText(), errors);
            } else if (value.isTextual()) {
                checkString(name, value.asText(), errors);
            } else if (value.isNumber()) {
                if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                    errors.add(name + ": a number extension is an Integer (32-bit)");
                }
            } else if (!value.isBoolean()) {
                errors.add(name + ": an extension value is a string, an integer or a boolean");
            }
        }
        JsonNode data = event.get("data");
        JsonNode base64 = event.get("data_base64");
        if (data != null && base64 != null) {
            errors.add("data and data_base64: at most one of them");
        }
        if (base64 != null && !base64.isNull()) {
            if (!base64.isTextual()) {
                errors.add("data_base64: a JSON string");
            } else {
                try {
                    Base64.getDecoder().decode(base64.asText());
                } catch (IllegalArgumentException e) {
                    errors.add("data_base64: Base64 (RFC 4648)");
                }
            }
        }
        return new Result(errors, warnings);
    }

    private static void checkCore(String name, String value, List<String> errors) {
        checkString(name, value, errors);
        switch (name) {
            case "specversion" -> {
                if (!value.equals("1.0")) {
                    errors.add("specversion: \"1.0\"");
                }
            }
            case "id", "type", "subject" -> {
                if (value.isEmpty()) {
                    errors.add(name + ": non-empty");
                }
            }
            case "source" -> {
                if (value.isEmpty() || uri(value) == null) {
                    errors.add("source: a non-empty URI-reference");
                }
            }
            case "dataschema" -> {
                URI uri = uri(value);
                if (uri == null || !uri.isAbsolute()) {
                    errors.add("dataschema: an absolute URI");
                }
            }
            case "datacontenttype" -> {
                if (!MEDIA_TYPE.matcher(value).matches()) {
                    errors.add("datacontenttype: an RFC 2046 media type");
                }
            }
            case "time" -> {
                if (!RFC_3339.matcher(value).matches()) {
                    errors.add("time: an RFC 3339 timestamp");
                } else {
                    try {
                        OffsetDateTime.parse(value.toUpperCase());
                    } catch (DateTimeParseException e) {
                        errors.add("time: an RFC 3339 timestamp (no such date or time)");
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The String type: any Unicode characters but the control characters. */
    private static void checkString(String name, String value, List<String> errors) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
                errors.add(name + ": control characters are not allowed in a String");
                return;
            }
        }
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
