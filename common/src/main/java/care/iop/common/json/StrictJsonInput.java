package care.iop.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Request bodies are read strictly, as the contract says (malformed JSON, wrong enum values and wrong formats are
 * 400s). Found by the API fuzzer (issue #10), Jackson's defaults let three kinds through with a 2xx:
 * <ul>
 *   <li>anything after the JSON value: {@code {"name":"Room A","capacity":3}}}, or {@code {...},{}}, was accepted
 *       as if the rest were not there;</li>
 *   <li>a number for an enum was taken as the constant's position: {@code "requestedLevel": 0} was stored as level
 *       of care 0.5 (the first constant);</li>
 *   <li>dates and instants with years outside four digits ({@code "-0001-01-01"}, {@code "+12345-01-01"}), which the
 *       documents' {@code format: date}/{@code date-time} (RFC 3339) do not allow, were stored — and an enrollment
 *       starting on one was a 500, its event failing its own schema.</li>
 * </ul>
 */
@Singleton
public class StrictJsonInput implements ObjectMapperCustomizer {

    private static final Set<Class<?>> DATES = Set.of(LocalDate.class, Instant.class, OffsetDateTime.class,
            ZonedDateTime.class, LocalDateTime.class);
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("\\d{4}-");

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.registerModule(new SimpleModule("iop-four-digit-years").setDeserializerModifier(
                new BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc,
                                                                  JsonDeserializer<?> deserializer) {
                        return DATES.contains(desc.getBeanClass()) ? new FourDigitYears(deserializer) : deserializer;
                    }
                }));
    }

    /** Refuses a date or instant written with a year of other than four digits, then reads it as before. */
    static final class FourDigitYears extends DelegatingDeserializer {

        FourDigitYears(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new FourDigitYears(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String text = p.getText().trim();
                if (!text.isEmpty() && !FOUR_DIGIT_YEAR.matcher(text).lookingAt()) {
                    return ctxt.handleWeirdStringValue(handledType(), text, "the year must have four digits");
                }
            }
            return super.deserialize(p, ctxt);
        }
    }
}
