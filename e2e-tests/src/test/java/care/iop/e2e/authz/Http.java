package care.iop.e2e.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A plain, thread-safe HTTP client for the matrix (many requests from a small pool) and the fixtures. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** One request: method, absolute URL, optional Authorization value, optional JSON body, extra headers. */
    record Call(String method, String url, String authorization, String body, Map<String, String> headers) {

        static Call of(String method, String url) {
            return new Call(method, url, null, null, Map.of());
        }

        Call auth(String value) {
            return new Call(method, url, value, body, headers);
        }

        Call body(Object json) {
            try {
                return new Call(method, url, authorization, json == null ? null
                        : json instanceof String s ? s : JSON.writeValueAsString(json), headers);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A body sent exactly as given (e.g. a form, with its own Content-Type header). */
        Call bodyRaw(String raw) {
            return new Call(method, url, authorization, raw, headers);
        }

        Call header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            if (value == null) {
                more.remove(name);
            } else {
                more.put(name, value);
            }
            return new Call(method, url, authorization, body, more);
        }

        /** Sends with a fresh X-Request-Id unless one was set. */
        Answer send() {
            String requestId = headers.getOrDefault("X-Request-Id", "authz-" + UUID.randomUUID());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("X-Request-Id", requestId).header("Accept", "application/json, */*");
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            headers.forEach((k, v) -> {
                if (!k.equals("X-Request-Id")) {
                    b.header(k, v);
                }
            });
            if (body != null) {
                if (!headers.containsKey("Content-Type")) {
                    b.header("Content-Type", "application/json");
                }
                b.method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    return new Answer(this, requestId, r.statusCode(),
                            r.headers().firstValue("Content-Type").orElse(""), r.body(),
                            r.headers().firstValue("ETag").orElse(null));
                } catch (IOException e) {
                    // A connection the server closed between requests: retried once, anything else is a failure.
                    if (attempt >= 2) {
                        throw new UncheckedIOException(method + " " + url, e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** What came back. */
    record Answer(Call call, String requestId, int status, String contentType, String body, String etag) {

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        String text(String field) {
            return json().path(field).asText(null);
        }

        /** Fails unless the status is the expected one, with the body in the message. */
        Answer expect(int... statuses) {
            for (int s : statuses) {
                if (s == status) {
                    return this;
                }
            }
            throw new AssertionError(call.method() + " " + call.url() + " answered " + status + " (expected "
                    + java.util.Arrays.toString(statuses) + "): " + abbreviate(body, 600));
        }

        String describe() {
            return status + " " + abbreviate(body, 240);
        }
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }
}
