package care.iop.gateway;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/partner/patients/{id}/disclosure}: what a partner may see of a patient, category by category.
 * Each category is asked of the service that holds it with the partner's own token; that service asks intake
 * whether an active Part 2 consent names this partner and category, audits the disclosure with the purpose of use,
 * and answers 403 otherwise — so a revocation holds from the next request and no service trusts the gateway's word.
 * Categories without consent are left out; none at all is a 403.
 */
@ApplicationScoped
public class PartnerDisclosure {

    /**
     * A disclosure part waits longer than a journey part: the service first asks intake about the consent (3 s at
     * most), and a part it has disclosed and audited must not be reported to the partner as unavailable.
     */
    static final long PART_TIMEOUT_MS = 8_000;

    /** Consent category → the service and path that disclose it. */
    static final Map<String, String[]> CATEGORIES = categories();

    @Inject
    ServiceCalls services;

    @Inject
    EdgeAuth auth;

    @Inject
    RateLimiter limiter;

    private static Map<String, String[]> categories() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("demographics", new String[]{"intake", "/api/v1/intake/disclosures/patients/%s/demographics"});
        m.put("diagnoses", new String[]{"intake", "/api/v1/intake/disclosures/patients/%s/diagnoses"});
        m.put("enrollment-attendance", new String[]{"scheduling",
                "/api/v1/scheduling/disclosures/patients/%s/enrollment-attendance"});
        m.put("medications", new String[]{"medications", "/api/v1/medications/disclosures/patients/%s/medications"});
        m.put("treatment-plan-summary", new String[]{"notes",
                "/api/v1/notes/disclosures/patients/%s/treatment-plan-summary"});
        m.put("discharge-summary", new String[]{"aftercare",
                "/api/v1/aftercare/disclosures/patients/%s/discharge-summary"});
        return Map.copyOf(m);
    }

    void routes(@Observes Router router) {
        router.get("/api/v1/partner/patients/:patientId/disclosure").order(-100).handler(rc -> {
            RequestIds.of(rc);
            if (Problems.refusedBody(rc)) {
                return;
            }
            String patient = rc.pathParam("patientId");
            List<String> asked = asked(rc.request().getParam("category"));
            if (asked == null) {
                Problems.send(rc, 400, "validation-failed", "Validation failed",
                        "category must be a comma-separated list of " + String.join(", ", CATEGORIES.keySet()));
                return;
            }
            auth.authenticate(rc, identity -> {
                if (!limiter.admit(rc, identity)) {
                    return;
                }
                if (!isPartner(identity)) {
                    Problems.send(rc, 403, "forbidden", "Forbidden", "Disclosures are for partner organisations");
                } else if (!isUuid(patient)) {
                    noConsent(rc);
                } else {
                    disclose(rc, patient, asked);
                }
            });
        });
    }

    private void disclose(RoutingContext rc, String patient, List<String> asked) {
        List<Future<JsonObject>> answers = new ArrayList<>();
        for (String category : asked) {
            String[] source = CATEGORIES.get(category);
            answers.add(services.get(rc, source[0], source[1].formatted(patient), PART_TIMEOUT_MS));
        }
        Future.join(new ArrayList<>(answers)).onComplete(done -> {
            JsonObject disclosed = new JsonObject();
            JsonObject consents = new JsonObject();
            JsonArray notConsented = new JsonArray();
            JsonArray unavailable = new JsonArray();
            String notice = null;
            String purpose = null;
            for (int i = 0; i < asked.size(); i++) {
                String category = asked.get(i);
                Future<JsonObject> answer = answers.get(i);
                int status = answer.succeeded() ? answer.result().getInteger("status") : 503;
                Object body = answer.succeeded() ? answer.result().getValue("body") : null;
                if (status == 200 && body instanceof JsonObject part && category.equals(part.getString("category"))) {
                    disclosed.put(category, part.getValue("data"));
                    consents.put(category, part.getString("consentId"));
                    notice = part.getString("notice");
                    purpose = part.getString("purposeOfUse");
                } else if (status == 403 || status == 404) {
                    notConsented.add(category);
                } else {
                    unavailable.add(category);
                }
            }
            if (disclosed.isEmpty()) {
                if (unavailable.isEmpty()) {
                    noConsent(rc);
                } else {
                    rc.response().putHeader("Retry-After", "5");
                    Problems.send(rc, 503, "service-unavailable", "Service unavailable",
                            "The consent or the record could not be checked just now; nothing was disclosed");
                }
                return;
            }
            JsonObject view = new JsonObject().put("patientId", patient).put("purposeOfUse", purpose)
                    .put("notice", notice).put("categories", disclosed).put("consents", consents)
                    .put("notConsented", notConsented).put("unavailable", unavailable);
            rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(view.toBuffer());
        });
    }

    /** The categories asked for (all by default), or null when one is not a category. */
    private static List<String> asked(String param) {
        if (param == null || param.isBlank()) {
            return List.copyOf(CATEGORIES.keySet().stream().sorted().toList());
        }
        List<String> asked = Arrays.stream(param.split(",")).map(String::strip).distinct().toList();
        return CATEGORIES.keySet().containsAll(asked) ? asked : null;
    }

    private static boolean isPartner(SecurityIdentity identity) {
        return identity.hasRole("partner") && identity.getPrincipal() instanceof JsonWebToken jwt
                && jwt.getClaim("partner_id") != null && jwt.getClaim("clinic_id") == null;
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void noConsent(RoutingContext rc) {
        Problems.send(rc, 403, "forbidden", "Forbidden",
                "No active consent lets this partner see this patient's record");
    }
}
