package care.iop.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm file that both the devstack and docker-compose import ({@code src/main/resources/iop-realm.json}) against
 * what the services expect of a token (ARCHITECTURE §4, {@code CallerContext}): the realm roles, the clients and
 * their flows, demo users bound to a clinic or a partner, audience {@code iop-api}, the tenancy claims, and the
 * realm's protections, and the SMART v2 system scopes of the FHIR API (issue #18). That Keycloak 26.4 imports the
 * file and issues such tokens was checked against Keycloak itself (and the end-to-end tests use its tokens; the SMART
 * scopes were checked with Keycloak 26.4.7: a client-credentials request of ehr-northside with
 * {@code scope=system/Patient.rs} gets a token whose {@code scope} names it, one without gets the same claims as
 * before the scopes existed, and a people client asking for one is refused {@code invalid_scope}); this test keeps
 * the file from drifting.
 */
class RealmFileTest {

    /** ARCHITECTURE §4: the contract between the realm and the services' {@code @RolesAllowed}. */
    static final Set<String> ROLES = Set.of("intake-coordinator", "clinician", "clinical-supervisor", "prescriber",
            "nurse", "scheduler", "case-manager", "clinic-admin", "auditor", "ehr-integration", "partner");

    static final String CLINIC_A = "11111111-1111-4111-8111-111111111111";
    static final String CLINIC_B = "22222222-2222-4222-8222-222222222222";
    static final String PARTNER = "33333333-3333-4333-8333-333333333333";

    /** Roles people hold (the service-account role excluded) and the partner's. */
    static final Set<String> STAFF_ROLES = ROLES.stream()
            .filter(r -> !r.equals("ehr-integration") && !r.equals("partner")).collect(Collectors.toSet());
    static final Set<String> CLINIC_B_ROLES_AT_LEAST = Set.of("intake-coordinator", "clinician", "prescriber", "nurse",
            "scheduler", "case-manager", "clinic-admin");

    static final Set<String> TENANCY_CLAIMS = Set.of("clinic_id", "partner_id", "partner_class");

    /** The confidential client whose service account the staff directory reads users with (docs/decisions.md). */
    static final String STAFF_DIRECTORY = "iop-staff-directory";

    static JsonNode realm;

    @BeforeAll
    static void load() throws IOException {
        realm = new ObjectMapper().readTree(moduleDir().resolve("src/main/resources/iop-realm.json").toFile());
    }

    static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        return here.endsWith("devstack") ? here : here.resolve("devstack"); // Surefire runs in the module directory
    }

    @Test
    void realm_is_iop_with_tls_outside_localhost() {
        assertThat(realm.path("realm").asText()).isEqualTo("iop");
        assertThat(realm.path("enabled").asBoolean()).isTrue();
        assertThat(realm.path("sslRequired").asText()).isEqualTo("external");
        assertThat(realm.path("registrationAllowed").asBoolean(true)).as("self-registration").isFalse();
    }

    @Test
    void realm_roles_are_exactly_those_of_the_architecture() {
        assertThat(realmRoles()).containsExactlyInAnyOrderElementsOf(ROLES);
        realm.path("roles").path("realm").forEach(r ->
                assertThat(r.path("description").asText()).as("description of " + r.path("name")).isNotBlank());
    }

    @Test
    void every_role_the_code_names_exists_in_the_realm() throws IOException {
        Path roles = moduleDir().resolveSibling("common/src/main/java/care/iop/common/security/Roles.java");
        Matcher m = Pattern.compile("public static final String \\w+ = \"([^\"]+)\"").matcher(Files.readString(roles));
        Set<String> inCode = new HashSet<>();
        while (m.find()) {
            inCode.add(m.group(1));
        }
        assertThat(inCode).isNotEmpty();
        assertThat(realmRoles()).containsAll(inCode);
    }

    @Test
    void brute_force_protection_and_password_policy_are_on() {
        assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.path("failureFactor").asInt()).isBetween(1, 10);
        assertThat(realm.path("permanentLockout").asBoolean(false)).as("a demo user must not be locked out for good")
                .isFalse();
        Map<String, String> policy = passwordPolicy();
        assertThat(policy).containsKeys("length", "digits", "upperCase", "specialChars", "notUsername",
                "passwordHistory");
        assertThat(Integer.parseInt(policy.get("length"))).isGreaterThanOrEqualTo(12);
    }

    @Test
    void token_and_session_lifetimes_are_short() {
        assertThat(realm.path("accessTokenLifespan").asInt()).isEqualTo(300);
        assertThat(realm.path("ssoSessionIdleTimeout").asInt()).isEqualTo(1800);
        assertThat(realm.path("ssoSessionMaxLifespan").asInt()).isEqualTo(36000);
    }

    @Test
    void every_demo_user_has_a_fixed_uuid_a_tenant_a_role_and_no_pending_action() {
        List<JsonNode> people = people();
        assertThat(people).isNotEmpty();
        Set<String> ids = new HashSet<>();
        Set<String> usernames = new HashSet<>();
        for (JsonNode user : people) {
            String name = user.path("username").asText();
            assertThat(uuid(user.path("id").asText())).as("id of " + name + " (the token's sub)").isNotNull();
            assertThat(ids.add(user.path("id").asText())).as("unique id of " + name).isTrue();
            assertThat(usernames.add(name)).as("unique username " + name).isTrue();
            assertThat(user.path("enabled").asBoolean(true)).as(name + " enabled").isTrue();
            assertThat(user.path("emailVerified").asBoolean()).as(name + " emailVerified").isTrue();
            for (String field : List.of("email", "firstName", "lastName")) {
                assertThat(user.path(field).asText()).as(field + " of " + name).isNotBlank();
            }
            assertThat(texts(user.path("requiredActions"))).as("required actions of " + name).isEmpty();

            List<String> roles = texts(user.path("realmRoles"));
            assertThat(roles).as("realm roles of " + name).isNotEmpty();
            assertThat(ROLES).as("roles of " + name).containsAll(roles);

            String clinic = attribute(user, "clinic_id");
            String partner = attribute(user, "partner_id");
            assertThat(clinic == null ^ partner == null).as(name + " has exactly one of clinic_id, partner_id").isTrue();
            assertThat(uuid(clinic != null ? clinic : partner)).as("tenant id of " + name).isNotNull();
            if (partner != null) {
                assertThat(roles).as(name).containsExactly("partner");
                assertThat(attribute(user, "partner_class")).as("partner_class of " + name).isNotBlank();
            } else {
                assertThat(roles).as(name + " (staff)").doesNotContain("partner", "ehr-integration");
            }
        }
    }

    @Test
    void demo_passwords_satisfy_the_realms_own_policy_and_are_not_temporary() {
        Map<String, String> policy = passwordPolicy();
        for (JsonNode user : people()) {
            String name = user.path("username").asText();
            List<JsonNode> passwords = new ArrayList<>();
            user.path("credentials").forEach(c -> {
                if (c.path("type").asText().equals("password")) {
                    passwords.add(c);
                }
            });
            assertThat(passwords).as("password of " + name).hasSize(1);
            JsonNode credential = passwords.get(0);
            assertThat(credential.path("temporary").asBoolean(true)).as("temporary password of " + name).isFalse();
            String password = credential.path("value").asText();
            assertThat(password.length()).as(name).isGreaterThanOrEqualTo(Integer.parseInt(policy.get("length")));
            assertThat(count(password, Character::isDigit)).as(name).isGreaterThanOrEqualTo(min(policy, "digits"));
            assertThat(count(password, Character::isUpperCase)).as(name).isGreaterThanOrEqualTo(min(policy, "upperCase"));
            assertThat(count(password, Character::isLowerCase)).as(name).isGreaterThanOrEqualTo(min(policy, "lowerCase"));
            assertThat(count(password, c -> !Character.isLetterOrDigit(c))).as(name)
                    .isGreaterThanOrEqualTo(min(policy, "specialChars"));
            assertThat(password.toLowerCase()).as(name).doesNotContain(name.toLowerCase());
        }
    }

    @Test
    void clinic_a_has_a_user_for_every_role_clinic_b_for_the_daily_ones_and_there_is_a_partner() {
        assertThat(rolesIn("clinic_id", CLINIC_A)).containsAll(STAFF_ROLES);
        assertThat(rolesIn("clinic_id", CLINIC_B)).containsAll(CLINIC_B_ROLES_AT_LEAST);
        assertThat(rolesIn("partner_id", PARTNER)).containsExactly("partner");
        assertThat(people()).filteredOn(u -> PARTNER.equals(attribute(u, "partner_id")))
                .allMatch(u -> "step-down-provider".equals(attribute(u, "partner_class")));
        // The names the README and the e2e tests use.
        assertThat(people()).extracting(u -> u.path("username").asText())
                .contains("coordinator.a", "clinician.a", "supervisor.a", "prescriber.a", "nurse.a", "scheduler.a",
                        "casemanager.a", "admin.a", "auditor.a", "coordinator.b", "clinician.b", "partner.p", "partner.q");
        // A second partner organisation, for the tests that one partner never sees another's records.
        assertThat(people()).filteredOn(u -> "partner.q".equals(u.path("username").asText()))
                .allMatch(u -> !PARTNER.equals(attribute(u, "partner_id")) && attribute(u, "partner_id") != null);
    }

    @Test
    void api_audience_client_issues_no_tokens() {
        JsonNode api = client("iop-api");
        assertThat(api.path("bearerOnly").asBoolean()).isTrue();
        assertThat(flows(api)).isEmpty();
    }

    @Test
    void the_staff_app_is_a_public_code_flow_client_with_pkce_s256() {
        JsonNode c = client("iop-staff-app");
        assertThat(c.path("publicClient").asBoolean()).isTrue();
        assertThat(flows(c)).containsExactly("standardFlowEnabled");
        assertThat(c.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(texts(c.path("redirectUris"))).isNotEmpty()
                .allMatch(u -> u.startsWith("http://localhost:") && u.endsWith("/*"));
    }

    @Test
    void the_partner_portal_is_a_confidential_code_flow_client_ending_idle_sessions_after_15_minutes() {
        JsonNode c = client("iop-partner-portal");
        assertThat(c.path("publicClient").asBoolean()).isFalse();
        assertThat(c.path("secret").asText()).isNotBlank();
        assertThat(flows(c)).containsExactly("standardFlowEnabled");
        assertThat(c.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(c.path("attributes").path("client.session.idle.timeout").asText()).isEqualTo("900");
        assertThat(texts(c.path("redirectUris"))).containsExactly("http://localhost:3000/*");
        assertThat(c.path("attributes").path("post.logout.redirect.uris").asText()).isEqualTo("http://localhost:3000/*");
    }

    @Test
    void the_analytics_dashboard_is_a_confidential_code_flow_client_like_the_portal_at_the_analytics_port() {
        JsonNode c = client("iop-analytics-dashboard");
        assertThat(c.path("publicClient").asBoolean()).isFalse();
        assertThat(c.path("secret").asText()).isNotBlank();
        assertThat(flows(c)).containsExactly("standardFlowEnabled");
        assertThat(c.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(c.path("attributes").path("client.session.idle.timeout").asText()).isEqualTo("900");
        assertThat(texts(c.path("redirectUris"))).containsExactly("http://localhost:8086/dashboard/*");
        assertThat(c.path("attributes").path("post.logout.redirect.uris").asText())
                .isEqualTo("http://localhost:8086/dashboard/*");
        // The service reads the roles and clinic_id from the access token.
        assertThat(mappers(c)).extracting(m -> m.path("name").asText()).contains("audience iop-api", "clinic_id");
    }

    @Test
    void the_devstack_points_the_portal_and_the_dashboard_at_their_ports_and_leaves_other_clients_alone()
            throws IOException {
        byte[] file = Files.readAllBytes(moduleDir().resolve("src/main/resources/iop-realm.json"));
        JsonNode moved = new ObjectMapper().readTree(RealmFile.withDashboardAt(
                RealmFile.withPortalAt(file, "http://127.0.0.1:41000"), "http://127.0.0.1:42000"));
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        moved.path("clients").forEach(c -> byId.put(c.path("clientId").asText(), c));
        JsonNode dashboard = byId.get("iop-analytics-dashboard");
        assertThat(texts(dashboard.path("redirectUris"))).containsExactly("http://127.0.0.1:42000/dashboard/*");
        assertThat(texts(dashboard.path("webOrigins"))).containsExactly("http://127.0.0.1:42000");
        assertThat(dashboard.path("attributes").path("post.logout.redirect.uris").asText())
                .isEqualTo("http://127.0.0.1:42000/dashboard/*");
        assertThat(dashboard.path("baseUrl").asText()).isEqualTo("http://127.0.0.1:42000/dashboard");
        JsonNode portal = byId.get("iop-partner-portal");
        assertThat(texts(portal.path("redirectUris"))).containsExactly("http://127.0.0.1:41000/*");
        assertThat(portal.path("attributes").path("post.logout.redirect.uris").asText())
                .isEqualTo("http://127.0.0.1:41000/*");
        assertThat(portal.path("baseUrl").asText()).isEqualTo("http://127.0.0.1:41000/");
        assertThat(byId.get("iop-staff-app")).isEqualTo(client("iop-staff-app"));
    }

    @Test
    void the_password_grant_client_is_development_only() {
        JsonNode cli = client("iop-cli");
        assertThat(flows(cli)).containsExactly("directAccessGrantsEnabled");
        assertThat(cli.path("description").asText().toLowerCase()).contains("development only");
        // No other client may use the password grant.
        clients().stream().filter(c -> !c.path("clientId").asText().equals("iop-cli"))
                .forEach(c -> assertThat(flows(c)).as(c.path("clientId").asText()).doesNotContain(
                        "directAccessGrantsEnabled", "implicitFlowEnabled"));
    }

    @Test
    void ehr_integrations_are_confidential_client_credentials_clients_bound_to_one_clinic() {
        Map<String, String> clinicOf = new LinkedHashMap<>();
        for (JsonNode c : clients()) {
            if (!c.path("serviceAccountsEnabled").asBoolean() || c.path("clientId").asText().equals(STAFF_DIRECTORY)) {
                continue;
            }
            String id = c.path("clientId").asText();
            assertThat(id).startsWith("ehr-");
            assertThat(c.path("publicClient").asBoolean()).as(id).isFalse();
            assertThat(c.path("secret").asText()).as("demo secret of " + id).isNotBlank();
            assertThat(flows(c)).as(id).containsExactly("serviceAccountsEnabled");
            String clinic = mappers(c).stream()
                    .filter(m -> m.path("protocolMapper").asText().equals("oidc-hardcoded-claim-mapper"))
                    .filter(m -> m.path("config").path("claim.name").asText().equals("clinic_id"))
                    .peek(m -> assertThat(m.path("config").path("access.token.claim").asText()).isEqualTo("true"))
                    .map(m -> m.path("config").path("claim.value").asText()).findFirst().orElse(null);
            assertThat(uuid(clinic)).as("clinic_id of " + id).isNotNull();
            clinicOf.put(id, clinic);

            JsonNode account = people(true).stream()
                    .filter(u -> id.equals(u.path("serviceAccountClientId").asText(null))).findFirst().orElse(null);
            assertThat(account).as("service-account user of " + id).isNotNull();
            assertThat(uuid(account.path("id").asText())).as("fixed id of the service account of " + id).isNotNull();
            assertThat(texts(account.path("realmRoles"))).as(id).containsExactly("ehr-integration");
        }
        assertThat(clinicOf).containsEntry("ehr-northside", CLINIC_A).containsEntry("ehr-riverside", CLINIC_B);
    }

    /**
     * The services read the staff directory through Keycloak's admin API as this client's service account: client
     * credentials only, realm-management's view-users and nothing else (no realm role, no clinic), and tokens without
     * the iop-api audience, so that no service accepts them as a caller's.
     */
    @Test
    void the_staff_directory_client_may_view_users_and_nothing_else() {
        JsonNode c = client(STAFF_DIRECTORY);
        assertThat(c.path("publicClient").asBoolean(true)).isFalse();
        assertThat(flows(c)).containsExactly("serviceAccountsEnabled");
        assertThat(c.path("secret").asText()).isEqualTo("iop-staff-directory-demo-secret");
        assertThat(c.path("description").asText()).contains("replace it");
        // Keycloak keeps a client's description in a 255-character column: a longer one fails the import.
        clients().forEach(any -> assertThat(any.path("description").asText().length())
                .as("description of " + any.path("clientId").asText()).isLessThanOrEqualTo(255));
        assertThat(mappers(c)).noneMatch(m -> m.path("protocolMapper").asText().equals("oidc-audience-mapper"));
        assertThat(texts(c.path("defaultClientScopes"))).containsExactlyInAnyOrder("basic", "roles");
        assertThat(texts(c.path("optionalClientScopes"))).isEmpty();
        JsonNode account = people(true).stream()
                .filter(u -> STAFF_DIRECTORY.equals(u.path("serviceAccountClientId").asText(null))).findFirst()
                .orElseThrow(() -> new AssertionError("no service-account user of " + STAFF_DIRECTORY));
        assertThat(texts(account.path("realmRoles"))).isEmpty();
        assertThat(account.path("attributes").size()).as("attributes (no clinic) of the service account").isZero();
        assertThat(account.path("clientRoles").size()).isEqualTo(1);
        assertThat(texts(account.path("clientRoles").path("realm-management"))).containsExactly("view-users");
    }

    @Test
    void every_token_issuing_client_adds_audience_iop_api_and_people_clients_the_tenancy_claims() {
        for (JsonNode c : clients()) {
            String id = c.path("clientId").asText();
            if (c.path("bearerOnly").asBoolean() || id.equals(STAFF_DIRECTORY)) {
                continue; // the staff directory's tokens are for Keycloak's admin API only (below)
            }
            assertThat(mappers(c)).as("audience mapper of " + id).anyMatch(m ->
                    m.path("protocolMapper").asText().equals("oidc-audience-mapper")
                            && m.path("config").path("included.client.audience").asText().equals("iop-api")
                            && m.path("config").path("access.token.claim").asText().equals("true"));
            if (c.path("standardFlowEnabled").asBoolean() || c.path("directAccessGrantsEnabled").asBoolean()) {
                Set<String> claims = mappers(c).stream()
                        .filter(m -> m.path("protocolMapper").asText().equals("oidc-usermodel-attribute-mapper"))
                        .filter(m -> m.path("config").path("access.token.claim").asText().equals("true"))
                        .filter(m -> m.path("config").path("jsonType.label").asText().equals("String"))
                        .filter(m -> m.path("config").path("user.attribute").asText()
                                .equals(m.path("config").path("claim.name").asText()))
                        .map(m -> m.path("config").path("claim.name").asText()).collect(Collectors.toSet());
                assertThat(claims).as("tenancy claims of " + id).containsAll(TENANCY_CLAIMS);
            }
        }
        assertThat(clients()).extracting(c -> c.path("clientId").asText())
                .contains("iop-api", "iop-partner-portal", "iop-staff-app", "iop-cli", "ehr-northside", "ehr-riverside");
    }

    @Test
    void user_profile_declares_the_tenancy_attributes_for_administrators_only() throws IOException {
        JsonNode provider = realm.path("components").path("org.keycloak.userprofile.UserProfileProvider").path(0);
        JsonNode config = new ObjectMapper().readTree(provider.path("config").path("kc.user.profile.config").path(0).asText());
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        config.path("attributes").forEach(a -> attributes.put(a.path("name").asText(), a));
        assertThat(attributes).containsKeys("username", "email", "firstName", "lastName");
        for (String claim : TENANCY_CLAIMS) {
            JsonNode attribute = attributes.get(claim);
            assertThat(attribute).as(claim).isNotNull();
            assertThat(texts(attribute.path("permissions").path("edit"))).as(claim).containsExactly("admin");
            assertThat(texts(attribute.path("permissions").path("view"))).as(claim).containsExactly("admin");
        }
    }

    /** SMART App Launch 2.0 system scopes the FHIR API (issue #18) answers to: read+search per type, and the writes. */
    static final List<String> SMART_READ_SEARCH_TYPES = List.of("Patient", "ServiceRequest", "Observation",
            "QuestionnaireResponse", "Condition", "Coverage", "Consent", "Encounter", "Appointment", "EpisodeOfCare",
            "DocumentReference", "CarePlan", "Goal", "MedicationRequest", "MedicationAdministration",
            "AllergyIntolerance");
    static final List<String> SMART_WRITE_SCOPES = List.of("system/Patient.cu", "system/ServiceRequest.c",
            "system/QuestionnaireResponse.c");
    static final List<String> EHR_CLIENTS = List.of("ehr-northside", "ehr-riverside");

    static List<String> smartScopes() {
        List<String> scopes = new ArrayList<>();
        SMART_READ_SEARCH_TYPES.forEach(t -> scopes.add("system/" + t + ".rs"));
        scopes.addAll(SMART_WRITE_SCOPES);
        return scopes;
    }

    @Test
    void smart_v2_system_scopes_are_openid_client_scopes_put_in_the_token_without_consent() {
        Map<String, JsonNode> scopes = clientScopes();
        assertThat(smartScopes()).hasSize(19);
        for (String name : smartScopes()) {
            JsonNode scope = scopes.get(name);
            assertThat(scope).as("client scope " + name).isNotNull();
            assertThat(scope.path("protocol").asText()).as(name).isEqualTo("openid-connect");
            assertThat(scope.path("attributes").path("include.in.token.scope").asText()).as(name).isEqualTo("true");
            assertThat(scope.path("attributes").path("display.on.consent.screen").asText()).as(name)
                    .isEqualTo("false");
            assertThat(scope.path("description").asText()).as(name).isNotBlank();
        }
        // No other system scope is offered (a typo would otherwise be a scope nobody answers to).
        assertThat(scopes.keySet().stream().filter(n -> n.startsWith("system/")))
                .containsExactlyInAnyOrderElementsOf(smartScopes());
    }

    @Test
    void ehr_clients_may_ask_for_every_smart_scope_and_get_none_they_did_not_ask_for() {
        for (String id : EHR_CLIENTS) {
            JsonNode c = client(id);
            assertThat(texts(c.path("optionalClientScopes"))).as("optional scopes of " + id)
                    .containsAll(smartScopes());
            assertThat(texts(c.path("defaultClientScopes"))).as("default scopes of " + id)
                    .noneMatch(s -> s.startsWith("system/"));
            assertThat(c.path("consentRequired").asBoolean(false)).as(id + " consent").isFalse();
        }
        // People's clients are not offered system scopes, and no realm default hands them out.
        clients().stream().filter(c -> !EHR_CLIENTS.contains(c.path("clientId").asText())).forEach(c -> {
            assertThat(texts(c.path("optionalClientScopes"))).as(c.path("clientId").asText())
                    .noneMatch(s -> s.startsWith("system/"));
            assertThat(texts(c.path("defaultClientScopes"))).as(c.path("clientId").asText())
                    .noneMatch(s -> s.startsWith("system/"));
        });
        assertThat(texts(realm.path("defaultDefaultClientScopes"))).noneMatch(s -> s.startsWith("system/"));
        assertThat(texts(realm.path("defaultOptionalClientScopes"))).noneMatch(s -> s.startsWith("system/"));
    }

    /**
     * A realm file that declares {@code clientScopes} replaces Keycloak's built-in ones instead of adding to them
     * (Keycloak creates its defaults only when the list is absent), so the file carries them, as Keycloak 26.4
     * creates them. Without {@code basic} a token has no {@code sub}, without {@code roles} no
     * {@code realm_access.roles}: every service would refuse every caller.
     */
    @Test
    void keycloaks_built_in_scopes_are_declared_because_the_file_lists_client_scopes() {
        Map<String, JsonNode> scopes = clientScopes();
        assertThat(scopes).containsKeys("basic", "roles", "profile", "email", "web-origins", "acr", "role_list",
                "offline_access", "address", "phone", "microprofile-jwt", "organization", "saml_organization",
                "service_account");
        assertThat(mappersOf(scopes.get("basic"))).anyMatch(m -> m.path("protocolMapper").asText()
                .equals("oidc-sub-mapper") && m.path("config").path("access.token.claim").asText().equals("true"));
        assertThat(mappersOf(scopes.get("roles"))).anyMatch(m -> m.path("protocolMapper").asText()
                .equals("oidc-usermodel-realm-role-mapper")
                && m.path("config").path("claim.name").asText().equals("realm_access.roles")
                && m.path("config").path("access.token.claim").asText().equals("true"));
        assertThat(texts(realm.path("defaultDefaultClientScopes"))).contains("basic", "roles", "profile", "email",
                "web-origins", "acr");
        for (String id : EHR_CLIENTS) {
            assertThat(texts(client(id).path("defaultClientScopes"))).as(id).contains("basic", "roles", "acr",
                    "web-origins", "profile", "email");
        }
        // Every scope a client or the realm names exists.
        List<String> named = new ArrayList<>(texts(realm.path("defaultDefaultClientScopes")));
        named.addAll(texts(realm.path("defaultOptionalClientScopes")));
        clients().forEach(c -> {
            named.addAll(texts(c.path("defaultClientScopes")));
            named.addAll(texts(c.path("optionalClientScopes")));
        });
        assertThat(scopes.keySet()).containsAll(named);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    static Set<String> realmRoles() {
        Set<String> names = new LinkedHashSet<>();
        realm.path("roles").path("realm").forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    static List<JsonNode> people() {
        return people(false);
    }

    /** Users of the realm: people, or (serviceAccounts) the clients' service-account users. */
    static List<JsonNode> people(boolean serviceAccounts) {
        List<JsonNode> users = new ArrayList<>();
        realm.path("users").forEach(u -> {
            if (u.hasNonNull("serviceAccountClientId") == serviceAccounts) {
                users.add(u);
            }
        });
        return users;
    }

    static Set<String> rolesIn(String attribute, String value) {
        return people().stream().filter(u -> value.equals(attribute(u, attribute)))
                .flatMap(u -> texts(u.path("realmRoles")).stream()).collect(Collectors.toSet());
    }

    static List<JsonNode> clients() {
        List<JsonNode> clients = new ArrayList<>();
        realm.path("clients").forEach(clients::add);
        return clients;
    }

    static JsonNode client(String clientId) {
        return clients().stream().filter(c -> c.path("clientId").asText().equals(clientId)).findFirst()
                .orElseThrow(() -> new AssertionError("no client " + clientId + " in the realm file"));
    }

    /** The realm's client scopes by name. */
    static Map<String, JsonNode> clientScopes() {
        Map<String, JsonNode> scopes = new LinkedHashMap<>();
        realm.path("clientScopes").forEach(s -> {
            assertThat(scopes.put(s.path("name").asText(), s)).as("duplicate client scope " + s.path("name")).isNull();
        });
        return scopes;
    }

    static List<JsonNode> mappersOf(JsonNode scope) {
        List<JsonNode> mappers = new ArrayList<>();
        scope.path("protocolMappers").forEach(mappers::add);
        return mappers;
    }

    static List<JsonNode> mappers(JsonNode client) {
        List<JsonNode> mappers = new ArrayList<>();
        client.path("protocolMappers").forEach(mappers::add);
        return mappers;
    }

    /** The grant flows a client has switched on. */
    static List<String> flows(JsonNode client) {
        return List.of("standardFlowEnabled", "implicitFlowEnabled", "directAccessGrantsEnabled",
                        "serviceAccountsEnabled").stream()
                .filter(f -> client.path(f).asBoolean(false)).collect(Collectors.toList());
    }

    /** The realm's password policy, e.g. {@code length(12) and digits(1)} as {length=12, digits=1}. */
    static Map<String, String> passwordPolicy() {
        String policy = realm.path("passwordPolicy").asText();
        assertThat(policy).as("passwordPolicy").isNotBlank();
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : policy.split("\\s+and\\s+")) {
            Matcher m = Pattern.compile("(\\w+)(?:\\(([^)]*)\\))?").matcher(part.trim());
            assertThat(m.matches()).as("policy part " + part).isTrue();
            parts.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        return parts;
    }

    static int min(Map<String, String> policy, String key) {
        String value = policy.get(key);
        return value == null || value.isBlank() ? 0 : Integer.parseInt(value);
    }

    static long count(String s, java.util.function.IntPredicate p) {
        return s.chars().filter(p).count();
    }

    static String attribute(JsonNode user, String name) {
        JsonNode value = user.path("attributes").path(name);
        JsonNode first = value.isArray() ? value.path(0) : value;
        return first.isMissingNode() || first.isNull() ? null : first.asText();
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** The value as a UUID in canonical form, or null. */
    static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equals(value.toLowerCase()) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
