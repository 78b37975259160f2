package care.iop.medication.fhir;

import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.problem.ProblemException;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** What the medication service's searches share: the patient parameter, token matching, and "absent, not 404". */
final class Searches {

    private Searches() {
    }

    /** The patient a {@code patient} parameter names ({@code Patient/<id>} or {@code <id>}); 400 if malformed. */
    static UUID patient(ReferenceParam patient) {
        if (patient.getChain() != null && !patient.getChain().isBlank()) {
            throw new InvalidRequestException("patient: chained searches are not supported; use patient=Patient/<id>");
        }
        if (patient.getResourceType() != null && !patient.getResourceType().isBlank()
                && !"Patient".equals(patient.getResourceType())) {
            throw new InvalidRequestException("patient: must reference a Patient");
        }
        return FhirIds.reference(patient.getIdPart(), "Patient");
    }

    /**
     * A search over records another clinic may own: the feature services answer an unknown patient or record with
     * 404, which a search shows as no match (a read keeps the 404).
     */
    static <T> List<T> unlessNotFound(Supplier<List<T>> search) {
        try {
            return search.get();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** Whether a token parameter (any of its comma-separated values) matches a concept; null matches all. */
    static boolean matches(TokenOrListParam tokens, CodeableConcept concept) {
        if (tokens == null || tokens.getValuesAsQueryTokens().isEmpty()) {
            return true;
        }
        return tokens.getValuesAsQueryTokens().stream().anyMatch(t -> matches(t, concept.getCoding()));
    }

    /** Whether a token parameter matches any of the concepts. */
    static boolean matchesAny(TokenOrListParam tokens, List<CodeableConcept> concepts) {
        if (tokens == null || tokens.getValuesAsQueryTokens().isEmpty()) {
            return true;
        }
        return concepts.stream().anyMatch(c -> matches(tokens, c));
    }

    /** Whether a token parameter matches a plain code (a FHIR code element, no system). */
    static boolean matchesCode(TokenOrListParam tokens, String code) {
        if (tokens == null || tokens.getValuesAsQueryTokens().isEmpty()) {
            return true;
        }
        return tokens.getValuesAsQueryTokens().stream().anyMatch(t -> {
            refuseModifier(t);
            return code != null && code.equals(t.getValue());
        });
    }

    private static boolean matches(TokenParam token, List<Coding> codings) {
        refuseModifier(token);
        if (token.getValue() == null || token.getValue().isBlank()) {
            throw new InvalidRequestException("A token search needs a code: [system|]code");
        }
        return codings.stream().anyMatch(c -> token.getValue().equals(c.getCode())
                && (token.getSystem() == null || token.getSystem().equals(c.getSystem())));
    }

    private static void refuseModifier(TokenParam token) {
        if (token.getModifier() != null) {
            throw new InvalidRequestException("Token modifiers (:" + token.getModifier().getValue()
                    + ") are not supported here");
        }
    }
}
