package care.iop.analytics.instances;

import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Asks another instance for its share over its internal endpoint ({@value #PATH}), with the caller's own
 * Authorization header, so the other instance checks the same roles and clinic. Any failure — refused, timed out,
 * not 200, unreadable — is an {@link Shares.Unanswered}, never an empty share.
 */
public class RemoteFacts {

    public static final String PATH = "/internal/analytics/patient-facts";
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final Duration readTimeout;

    public RemoteFacts(HttpClient http, Duration readTimeout) {
        this.http = http;
        this.readTimeout = readTimeout;
    }

    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public CompletableFuture<Shares.Share> ask(HostInfo host, String clinicId, String authorization) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + PATH + "?clinicId="
                + URLEncoder.encode(clinicId, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(readTimeout)
                .header("Accept", "application/json").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> answer(host, response, failure));
    }

    private static Shares.Share answer(HostInfo host, HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return new Shares.Unanswered(host, cause.getClass().getSimpleName());
        }
        if (response.statusCode() != 200) {
            return new Shares.Unanswered(host, "HTTP " + response.statusCode());
        }
        try {
            return new Shares.Answered(host, InstanceFacts.fromJson(response.body()));
        } catch (IOException | RuntimeException e) {
            return new Shares.Unanswered(host, "an unreadable answer");
        }
    }
}
