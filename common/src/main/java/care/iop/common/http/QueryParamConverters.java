package care.iop.common.http;

import care.iop.common.problem.ProblemException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * JAX-RS answers a query parameter it cannot convert with 404, which tells a caller nothing. These converters
 * answer 400 naming the parameter instead, for the types our query parameters use. Path parameters keep the
 * 404 (a malformed id names nothing that exists).
 */
@Provider
public class QueryParamConverters implements ParamConverterProvider {

    private record Kind(Function<String, Object> parse, String expected) {
    }

    private static final Map<Class<?>, Kind> KINDS = Map.of(
            UUID.class, new Kind(UUID::fromString, "must be a UUID"),
            LocalDate.class, new Kind(LocalDate::parse, "must be a date, YYYY-MM-DD"),
            Instant.class, new Kind(Instant::parse, "must be an ISO-8601 instant in UTC"),
            Integer.class, new Kind(Integer::valueOf, "must be a whole number"));

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        Kind kind = KINDS.get(rawType);
        QueryParam query = (QueryParam) Arrays.stream(annotations == null ? new Annotation[0] : annotations)
                .filter(a -> a instanceof QueryParam).findFirst().orElse(null);
        if (kind == null || query == null) {
            return null;
        }
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null || value.isBlank()) {
                    return null;
                }
                try {
                    return (T) kind.parse().apply(value.strip());
                } catch (RuntimeException e) {
                    throw ProblemException.invalid(query.value(), kind.expected());
                }
            }

            @Override
            public String toString(T value) {
                return value == null ? null : value.toString();
            }
        };
    }
}
