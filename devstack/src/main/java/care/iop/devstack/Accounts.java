package care.iop.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The people and service-account clients of the realm file the devstack imported into Keycloak, and access tokens for
 * them from its token endpoint ({@link DevStack#accounts()}).
 */
public final class Accounts {

    private final List<DemoAccount> accounts;
    private final List<DemoClient> clients;
    private final Supplier<String> tokenUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Accounts(List<DemoAccount> accounts, List<DemoClient> clients, Supplier<String> tokenUrl) {
        this.accounts = List.copyOf(accounts);
        this.clients = List.copyOf(clients);
        this.tokenUrl = tokenUrl;
    }

    /** The people of the realm file (username, roles, clinic, password). */
    public List<DemoAccount> demoAccounts() {
        return accounts;
    }

    public DemoAccount demoAccount(String username) {
        return accounts.stream().filter(a -> a.username().equals(username)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo account " + username + " in the realm file"));
    }

    /** The password the realm file gives its demo accounts (the first one found), or null. */
    public String demoPassword() {
        return accounts.stream().map(DemoAccount::password).filter(p -> p != null).findFirst().orElse(null);
    }

    /** An access token for a demo account, with its password from the realm file (password grant, client {@code iop-cli}). */
    public String accessToken(String username) {
        String password = demoAccount(username).password();
        if (password == null) {
            throw new IllegalArgumentException("the realm file gives " + username + " no password");
        }
        return accessToken(username, password);
    }

    /** An access token by the password grant of the {@code iop-cli} client. */
    public String accessToken(String username, String password) {
        return token("grant_type=password&client_id=" + DevStack.CLI_CLIENT + "&username=" + enc(username) + "&password="
                + enc(password), username);
    }

    /** The realm file's service-account clients (EHR integrations), with their demo secrets. */
    public List<DemoClient> demoClients() {
        return clients;
    }

    /** An access token for a service-account client of the realm file (client credentials grant). */
    public String clientToken(String clientId) {
        return clientToken(clientId, null);
    }

    /**
     * The same, asking for {@code scope} (space-separated; e.g. SMART v2 system scopes, which the realm gives the EHR
     * clients as optional scopes: a token carries only those asked for).
     */
    public String clientToken(String clientId, String scope) {
        DemoClient client = clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service-account client " + clientId + " in the realm file"));
        return token("grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(client.secret())
                + (scope == null ? "" : "&scope=" + enc(scope)), clientId);
    }

    private String token(String form, String who) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenUrl.get()))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request for " + who + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return new ObjectMapper().readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
