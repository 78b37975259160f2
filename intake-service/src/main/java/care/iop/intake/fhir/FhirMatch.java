package care.iop.intake.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.problem.ProblemException;
import care.iop.common.problem.ProblemMapper;
import org.hl7.fhir.r4.model.Coding;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How the intake searches match their filters against a patient's records (tens, not thousands: the feature services
 * load a patient's records and keep those that match), in plain Java.
 *
 * <p>Tokens: {@code code}, {@code system|code}, {@code system|} (any code of the system) and {@code |code} (a code
 * without a system); a comma is "or". Modifiers ({@code :text}, {@code :not}, ...) are refused (400).
 *
 * <p>Dates: a record's time is a point; the search value covers the whole of its precision (a day, a second, ...):
 * {@code eq} — within it; {@code ne} — outside it; {@code gt}/{@code sa} — after it; {@code ge} — from its start;
 * {@code lt}/{@code eb} — before its start; {@code le} — before its end. Several values must all hold.
 */
final class FhirMatch {

    private FhirMatch() {
    }

    /** The patient a search's {@code patient} names, {@code Patient/<id>} or {@code <id>} (400 otherwise). */
    static UUID patient(ReferenceParam patient) {
        if (patient.getChain() != null) {
            throw new InvalidRequestException("Chained patient searches are not supported: use patient=Patient/<id>");
        }
        return FhirIds.reference(patient.getValue(), "Patient");
    }

    /** Whether one of the codings matches one of the tokens (no tokens: everything matches). */
    static boolean token(TokenOrListParam tokens, Collection<Coding> codings) {
        if (tokens == null || tokens.getValuesAsQueryTokens().isEmpty()) {
            return true;
        }
        return tokens.getValuesAsQueryTokens().stream().anyMatch(t -> token(t, codings));
    }

    static boolean token(TokenParam token, Collection<Coding> codings) {
        if (token == null) {
            return true;
        }
        if (token.getModifier() != null) {
            throw new InvalidRequestException("Token modifiers (:" + token.getModifier().getValue()
                    + ") are not supported here");
        }
        String system = token.getSystem();
        String code = token.getValue();
        return codings.stream().anyMatch(c -> {
            boolean systemMatches = system == null || (system.isEmpty() ? !c.hasSystem() : system.equals(c.getSystem()));
            boolean codeMatches = code == null || code.isEmpty() || code.equals(c.getCode());
            return systemMatches && codeMatches;
        });
    }

    /** Whether the point {@code at} satisfies every value of the range (no range: it does). */
    static boolean date(DateRangeParam range, Instant at) {
        if (range == null) {
            return true;
        }
        List<DateParam> values = range.getValuesAsQueryTokens();
        return values.stream().allMatch(value -> date(value, at));
    }

    static boolean date(DateParam value, Instant at) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        if (value.getValue() == null) {
            throw new InvalidRequestException("A date search value must be a date or an instant");
        }
        Instant start = value.getValue().toInstant();
        TemporalPrecisionEnum precision = value.getPrecision() == null ? TemporalPrecisionEnum.MILLI
                : value.getPrecision();
        Instant end = precision.add(Date.from(start), 1).toInstant();
        boolean within = !at.isBefore(start) && at.isBefore(end);
        if (value.getPrefix() == null) {
            return within;
        }
        return switch (value.getPrefix()) {
            case EQUAL, APPROXIMATE -> within;
            case NOT_EQUAL -> !within;
            case GREATERTHAN, STARTS_AFTER -> !at.isBefore(end);
            case GREATERTHAN_OR_EQUALS -> !at.isBefore(start);
            case LESSTHAN, ENDS_BEFORE -> at.isBefore(start);
            case LESSTHAN_OR_EQUALS -> at.isBefore(end);
        };
    }

    /**
     * The search's answer, or an empty page when the service does not find the patient (or the {@code _id}) searched
     * on: another clinic's records are absent from a search (a read of one is the 404).
     */
    static IBundleProvider orEmpty(Supplier<IBundleProvider> search, Integer offset, Integer count) {
        try {
            return search.get();
        } catch (ResourceNotFoundException e) {
            return FhirPages.of(List.of(), offset, count); // an _id that cannot be one of ours
        } catch (RuntimeException e) {
            ProblemException known = ProblemMapper.known(e);
            if (known != null && known.status() == 404) {
                return FhirPages.of(List.of(), offset, count);
            }
            throw e;
        }
    }
}
