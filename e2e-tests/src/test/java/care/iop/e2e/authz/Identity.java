package care.iop.e2e.authz;

import care.iop.devstack.DemoAccount;
import care.iop.devstack.DemoClient;
import care.iop.devstack.DevStack;
import care.iop.e2e.Platform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who calls, in the matrix: every demo account and EHR client of the realm file (their roles read from the realm,
 * clinic A = own, clinic B = other), the partner with and without a consent, and the bad tokens.
 */
record Identity(String name, Kind kind, Set<String> roles, Supplier<String> authorization) {

    static final String ANOTHER_PARTNER = "(another partner)";

    enum Kind {
        /** A staff member or EHR integration of clinic A, whose records the matrix uses. */
        OWN_CLINIC,
        /** The same of clinic B: clinic A's ids must be 404 to them. */
        OTHER_CLINIC,
        /** The partner organisation, for a patient who gave it no consent. */
        PARTNER_WITHOUT_CONSENT,
        /** The partner organisation, for a patient whose active consent names it for every category. */
        PARTNER_WITH_CONSENT,
        /** No token or one the platform must not accept. */
        BAD_TOKEN
    }

    boolean mayCall(Set<String> allowed) {
        return roles.stream().anyMatch(allowed::contains);
    }

    @Override
    public String toString() {
        return name;
    }

    /** The identities, from the realm file; the bad tokens are made here (the expired one waits for its expiry). */
    static List<Identity> all(Tokens.Expiring shortLived) {
        List<Identity> out = new ArrayList<>(callers());
        String valid = Tokens.user("coordinator.a").substring("Bearer ".length());
        String expired = shortLived.expired();
        String otherIssuer = Tokens.otherIssuer();
        String noAudience = Tokens.withoutAudience("coordinator.a");
        String tampered = Tokens.tampered(valid);
        String unsigned = Tokens.unsigned(Tokens.tampered(valid));
        out.add(bad("no token", () -> null));
        out.add(bad("expired token", () -> "Bearer " + expired));
        out.add(bad("wrong issuer (master realm)", () -> "Bearer " + otherIssuer));
        out.add(bad("wrong audience", () -> "Bearer " + noAudience));
        out.add(bad("tampered signature", () -> "Bearer " + tampered));
        out.add(bad("alg=none", () -> "Bearer " + unsigned));
        return List.copyOf(out);
    }

    /** The realm's callers, without the bad tokens. */
    static List<Identity> callers() {
        DevStack stack = Platform.stack();
        String a = Platform.CLINIC_A.toString();
        String b = Platform.CLINIC_B.toString();
        List<Identity> out = new ArrayList<>();
        for (DemoAccount account : stack.accounts().demoAccounts()) {
            String user = account.username();
            Set<String> roles = new LinkedHashSet<>(account.roles());
            if (a.equals(account.clinicId())) {
                out.add(new Identity(user, Kind.OWN_CLINIC, roles, () -> Tokens.user(user)));
            } else if (b.equals(account.clinicId())) {
                out.add(new Identity(user, Kind.OTHER_CLINIC, roles, () -> Tokens.user(user)));
            } else if (Platform.PARTNER.toString().equals(account.partnerId())) {
                out.add(new Identity(user + " (no consent)", Kind.PARTNER_WITHOUT_CONSENT, roles, () -> Tokens.user(user)));
                out.add(new Identity(user + " (consent)", Kind.PARTNER_WITH_CONSENT, roles, () -> Tokens.user(user)));
            } else if (account.partnerId() != null) {
                // Another partner organisation: no consent names it, and the first partner's referral is not its own.
                out.add(new Identity(user + " " + ANOTHER_PARTNER, Kind.PARTNER_WITHOUT_CONSENT, roles,
                        () -> Tokens.user(user)));
            }
        }
        for (DemoClient client : stack.accounts().demoClients()) {
            String id = client.clientId();
            Set<String> roles = new LinkedHashSet<>();
            Tokens.claims(Tokens.client(id)).path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
            Kind kind = a.equals(client.clinicId()) ? Kind.OWN_CLINIC : b.equals(client.clinicId()) ? Kind.OTHER_CLINIC
                    : null;
            if (kind != null) {
                out.add(new Identity("client " + id, kind, roles, () -> Tokens.client(id)));
            }
        }
        return List.copyOf(out);
    }

    private static Identity bad(String name, Supplier<String> authorization) {
        return new Identity(name, Kind.BAD_TOKEN, Set.of(), authorization);
    }
}
