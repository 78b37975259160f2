package care.iop.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.type.ArrayType;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.LogicalType;
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
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Request bodies are read strictly, as the contract says: whatever the documents do not allow is a 400, never
 * coerced into something else. One policy for every service:
 * <ul>
 *   <li>nothing after the JSON value ({@code {...}}}, {@code {...},{}}), and no key twice in one object;</li>
 *   <li>no type coercion: a number is not a string ({@code "given": 123}), a string is not a number
 *       ({@code "groupSizeLimit": "12"}) or a boolean, a fraction is not a whole number, a number is not an enum
 *       constant (by position) and not a date (by epoch day: {@code "birthDate": 123} was 1970-05-04);</li>
 *   <li>plausible dates: four-digit years from {@value #EARLIEST_YEAR} to {@value #LATEST_YEAR}, and a birth date
 *       ({@code birthDate}, {@code dateOfBirth}) not in the future;</li>
 *   <li>no NUL character in any text (PostgreSQL cannot store it, and no field of ours means it);</li>
 *   <li>no array or list longer than {@value #MAX_ITEMS} items.</li>
 * </ul>
 * The request-level rules (a body only where the operation takes one, and then with a Content-Type) are in
 * {@link care.iop.common.request.HttpEdgeFilters} and {@link care.iop.common.request.BodyRules}.
 */
@Singleton
public class StrictJsonInput implements ObjectMapperCustomizer {

    public static final int EARLIEST_YEAR = 1900;
    public static final int LATEST_YEAR = 2199;
    public static final int MAX_ITEMS = 500;
    private static final Set<Class<?>> DATES = Set.of(LocalDate.class, Instant.class, OffsetDateTime.class,
            ZonedDateTime.class, LocalDateTime.class);
    private static final Set<String> BIRTH_DATES = Set.of("birthDate", "dateOfBirth");
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("(\\d{4})-");

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer,
                CoercionInputShape.Float);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float);
        mapper.registerModule(new SimpleModule("iop-strict-input")
                .addDeserializer(String.class, new NoNulStrings())
                .setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc,
                                                                  JsonDeserializer<?> deserializer) {
                        if (DATES.contains(desc.getBeanClass())) {
                            return new PlausibleDates(deserializer, false);
                        }
                        // Scalars read from text (a UUID, a URI...) trim it first, and Java's trim() removes NUL.
                        return deserializer instanceof BeanDeserializerBase || desc.getBeanClass() == String.class
                                ? deserializer : new ExactText(deserializer, false);
                    }

                    @Override
                    public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                                      BeanDescription desc,
                                                                      JsonDeserializer<?> deserializer) {
                        return new ExactText(deserializer, true);
                    }

                    @Override
                    public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config,
                                                                            CollectionType type,
                                                                            BeanDescription desc,
                                                                            JsonDeserializer<?> deserializer) {
                        return new BoundedCollections(deserializer);
                    }

                    @Override
                    public JsonDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType type,
                                                                       BeanDescription desc,
                                                                       JsonDeserializer<?> deserializer) {
                        return new BoundedCollections(deserializer);
                    }
                }));
    }

    private static void refuse(ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** A value this policy refuses, with the reason the client is told (never the value itself). */
    public static final class Refused extends JsonMappingException {

        private final String reason;

        Refused(JsonParser p, String reason) {
            super(p, reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** Text without NUL characters. */
    static final class NoNulStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String text = p.getText();
            if (text.indexOf('\0') >= 0) {
                throw new Refused(p, "must not contain NUL characters");
            }
            return text;
        }
    }

    /**
     * Text read as a scalar or an enum is taken as sent: no NUL, and an enum's wire value exactly (Jackson matched
     * {@code "closed\u0000"} and {@code " closed"} to {@code closed} by trimming).
     */
    static final class ExactText extends DelegatingDeserializer {

        private final boolean exact;

        ExactText(JsonDeserializer<?> delegate, boolean exact) {
            super(delegate);
            this.exact = exact;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ExactText(newDelegatee, exact);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String text = p.getText();
                if (text.indexOf('\0') >= 0) {
                    throw new Refused(p, "must not contain NUL characters");
                }
                if (exact && !text.equals(text.strip())) {
                    throw new Refused(p, "must be one of the documented values, without surrounding spaces");
                }
            }
            return super.deserialize(p, ctxt);
        }
    }

    /** Dates and instants only as text with a plausible four-digit year; birth dates not in the future. */
    static final class PlausibleDates extends DelegatingDeserializer {

        private final boolean birthDate;

        PlausibleDates(JsonDeserializer<?> delegate, boolean birthDate) {
            super(delegate);
            this.birthDate = birthDate;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new PlausibleDates(newDelegatee, birthDate);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = super.createContextual(ctxt, property);
            boolean isBirthDate = property != null && BIRTH_DATES.contains(property.getName());
            return contextual instanceof PlausibleDates dates
                    ? new PlausibleDates(dates.getDelegatee(), isBirthDate) : contextual;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            String text = p.getText();
            if (!text.equals(text.strip()) || text.indexOf('\0') >= 0) {
                throw new Refused(p, "must be a date without spaces or control characters");
            }
            Matcher year = FOUR_DIGIT_YEAR.matcher(text);
            if (!year.lookingAt()) {
                throw new Refused(p, "must be a date with a four-digit year");
            }
            int value = Integer.parseInt(year.group(1));
            if (value < EARLIEST_YEAR || value > LATEST_YEAR) {
                throw new Refused(p, "must have a year from " + EARLIEST_YEAR + " to " + LATEST_YEAR);
            }
            Object date = super.deserialize(p, ctxt);
            if (birthDate && date instanceof LocalDate born && born.isAfter(LocalDate.now(ZoneOffset.ofHours(14)))) {
                throw new Refused(p, "a birth date cannot be in the future");
            }
            return date;
        }
    }

    /** Lists and arrays of at most {@link #MAX_ITEMS} items. */
    static final class BoundedCollections extends DelegatingDeserializer {

        BoundedCollections(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new BoundedCollections(newDelegatee);
        }

        /** Counts the items as sent: a set would keep one of 5,000 repeats and hide the size of the request. */
        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                return super.deserialize(p, ctxt);
            }
            JsonNode items = ctxt.readTree(p);
            if (items.size() > MAX_ITEMS) {
                throw new Refused(p, "must have at most " + MAX_ITEMS + " items");
            }
            try (JsonParser again = items.traverse(p.getCodec())) {
                again.nextToken();
                return super.deserialize(again, ctxt);
            }
        }
    }
}
