package care.iop.analytics.dashboard;

import care.iop.analytics.MeasuresAnswer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * MeasuresAnswers for the tests, read from the API's JSON: measures a test does not name are absent (null), so the
 * tests keep compiling when the answer gains measures.
 */
final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Answers() {
    }

    static MeasuresAnswer weeks(String from, String to, List<String> periods) {
        String json = "{\"clinicId\":\"11111111-1111-4111-8111-111111111111\",\"period\":\"week\",\"from\":\"" + from
                + "\",\"to\":\"" + to + "\",\"track\":null,\"periods\":[" + String.join(",", periods) + "]}";
        try {
            return JSON.readValue(json, MeasuresAnswer.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One week; {@code more} is further JSON members ("\"census\":\"<11\"", …). */
    static String week(String label, String start, String end, String... more) {
        return "{\"label\":\"" + label + "\",\"start\":\"" + start + "\",\"end\":\"" + end + "\""
                + (more.length == 0 ? "" : "," + String.join(",", more)) + "}";
    }

    static String rate(String name, String numerator, String denominator, Double rate) {
        return "\"" + name + "\":{\"numerator\":\"" + numerator + "\",\"denominator\":\"" + denominator
                + "\",\"rate\":" + rate + "}";
    }
}
