package care.iop.bench;

import care.iop.devstack.DevStack;
import care.iop.devstack.DevStackOptions;
import care.iop.devstack.Service;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The partner portal's pages against the API they are made from (issue #20), on the whole platform as the devstack
 * runs it (PostgreSQL durable — a kept run directory, {@code fsync} on —, Kafka, Keycloak, the five services, the
 * gateway and the portal, from their built jars; the gateway's rate limits lifted as the end-to-end tests lift them).
 * <p>Set-up through the API: one patient of clinic A registered, assessed and admitted (known to all five services),
 * a 42 CFR Part 2 consent for the demo partner (demographics, medications, diagnoses; care coordination), and
 * {@value #REFERRALS} referrals sent as {@code partner.p}. Then it signs in to the portal as {@code partner.p} the way a
 * browser does, without one: the portal's redirect to Keycloak's login page, the login form posted, the redirects
 * back followed, the session cookies kept.
 * <p>Measured at a constant offered rate (open loop: each request is due at a fixed time, and its latency counts from
 * then, so a stall is not hidden), one path at a time, each window after its own warm-up, two windows per path in the
 * order portal, API, API, portal (so that drift in the machine's other load falls on both sides):
 * <ol>
 *   <li>the portal's {@code GET /referrals} (first page, 20 rows);</li>
 *   <li>the same data through the gateway: {@code GET /api/v1/intake/referrals?limit=20} with partner.p's token;</li>
 *   <li>the portal's disclosure page {@code GET /patients/{id}?purpose=COC};</li>
 *   <li>the gateway's {@code GET /api/v1/partner/patients/{id}/disclosure} with {@code X-Purpose-Of-Use: COC}
 *       (which asks all five services, each checking the consent with intake).</li>
 * </ol>
 * Every answer must be 200 and carry what the page or API should (the heading and 20 rows; the §2.32 notice and the
 * three consented categories, none unavailable); anything else counts as an error.
 * <p>Run: {@code ./mvnw -B install -DskipTests && ./mvnw -B -pl benchmarks exec:exec -Dbench.main=care.iop.bench.PortalBenchmark}
 * <p>Knobs: {@code -Dbench.rate=N} (requests/s of every path, default 20), {@code -Dbench.warmup=S},
 * {@code -Dbench.measure=S} (seconds, default 10 and 20).
 */
public final class PortalBenchmark {

    static final UUID CLINIC_A = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID PARTNER = UUID.fromString("33333333-3333-4333-8333-333333333333");
    static final int REFERRALS = 40;
    static final double RATE = System.getProperty("bench.rate", "").isBlank() ? 20
            : Double.parseDouble(System.getProperty("bench.rate"));
    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup", 10));
    static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measure", 20));
    static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>");
    static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");
    static final Pattern REFERRAL_ROW = Pattern.compile("<td data-label=\"Referral\"><a href=\"/referrals/");

    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
    });
    /** The API's client: no cookies, a bearer token on each request. */
    private final HttpClient api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The browser's stand-in: cookies kept, redirects followed. */
    private final LoopbackCookies cookies = new LoopbackCookies();
    private final HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
            .cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final DevStack stack;
    private final Map<String, Token> tokens = new LinkedHashMap<>();

    private record Token(String value, long renewAt) {
    }

    /** One path's figures (ms from when each request was due). */
    record Figures(double p50, double p95, double p99, double max, long errors, int measured, String errorKinds,
                   long[] sorted) {

        static Figures of(long[] latencies, long errors, String errorKinds) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Figures(pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99),
                    sorted[sorted.length - 1] / 1e6, errors, sorted.length, errorKinds, sorted);
        }

        /** Both windows' requests together. */
        Figures and(Figures other) {
            long[] all = Arrays.copyOf(sorted, sorted.length + other.sorted.length);
            System.arraycopy(other.sorted, 0, all, sorted.length, other.sorted.length);
            return of(all, errors + other.errors, errorKinds.isEmpty() ? other.errorKinds
                    : other.errorKinds.isEmpty() ? errorKinds : errorKinds + " then " + other.errorKinds);
        }
    }

    private PortalBenchmark(DevStack stack) {
        this.stack = stack;
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Files.createTempDirectory("iop-portal-bench-");
        System.out.println("load average before starting anything: " + loadAverage());
        System.out.println("PortalBenchmark: starting the platform (run directory " + runDir + ", logs in "
                + runDir.resolve("logs") + ")");
        long t0 = System.nanoTime();
        // A kept run directory: the devstack then runs PostgreSQL durable (fsync on), as its command line does.
        try (DevStack stack = DevStack.start(DevStackOptions.forTests().runDir(runDir).output(System.out)
                // One client makes many calls; the limit itself is tested in the gateway's own tests.
                .serviceProperty(Service.GATEWAY, "gateway.rate-limit.capacity", "100000")
                .serviceProperty(Service.GATEWAY, "gateway.rate-limit.refill-per-second", "100000")
                .serviceProperty(Service.GATEWAY, "gateway.rate-limit.client-capacity", "100000")
                .serviceProperty(Service.GATEWAY, "gateway.rate-limit.client-refill-per-second", "100000")
                .serviceProperty(Service.GATEWAY, "gateway.rate-limit.address-capacity", "100000")
                .serviceProperty(Service.GATEWAY, "gateway.rate-limit.address-refill-per-second", "100000"))) {
            System.out.printf("platform up in %.0f s; PostgreSQL durable (kept run directory: fsync on)%n",
                    (System.nanoTime() - t0) / 1e9);
            new PortalBenchmark(stack).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.out.println("(run directory kept: " + runDir + ")");
            System.exit(1);
        } finally {
            System.out.println("(run directory kept: " + runDir + ")");
        }
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf("settings: JDK %s, %d CPUs; services %s; offered rate %.0f req/s per path, warm-up %d s,"
                        + " measured %d s, two windows per path (portal, API, API, portal)%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), String.join(" ", DevStackOptions.DEFAULT_SERVICE_JVM_OPTIONS),
                RATE, WARM_UP.toSeconds(), MEASURE.toSeconds());
        String patientId = admitPatient();
        consent(patientId);
        for (int i = 0; i < REFERRALS; i++) {
            sendReferral(i);
        }
        System.out.println("set-up: patient " + patientId + " admitted, consent signed, " + REFERRALS
                + " referrals sent as partner.p");
        signIn();

        String portal = stack.portalUrl();
        String gateway = stack.gatewayUrl();
        String disclosurePage = portal + "/patients/" + patientId + "?purpose=COC";
        String disclosureApi = gateway + "/api/v1/partner/patients/" + patientId + "/disclosure";

        Supplier<HttpRequest> listPage = () -> HttpRequest.newBuilder(URI.create(portal + "/referrals"))
                .timeout(Duration.ofSeconds(30)).header("Accept", "text/html").GET().build();
        Supplier<HttpRequest> listApi = () -> HttpRequest.newBuilder(
                        URI.create(gateway + "/api/v1/intake/referrals?limit=20")).timeout(Duration.ofSeconds(30))
                .header("Authorization", bearer("partner.p")).header("Accept", "application/json").GET().build();
        Supplier<HttpRequest> showPage = () -> HttpRequest.newBuilder(URI.create(disclosurePage))
                .timeout(Duration.ofSeconds(30)).header("Accept", "text/html").GET().build();
        Supplier<HttpRequest> showApi = () -> HttpRequest.newBuilder(URI.create(disclosureApi))
                .timeout(Duration.ofSeconds(30)).header("Authorization", bearer("partner.p"))
                .header("X-Purpose-Of-Use", "COC").header("Accept", "application/json").GET().build();

        Predicate<String> listPageOk = body -> body.contains("Your referrals") && rows(body) == 20
                && !body.contains("kc-form-login");
        Predicate<String> listApiOk = body -> {
            JsonNode page = parse(body);
            return page != null && page.path("items").size() == 20;
        };
        Predicate<String> showPageOk = body -> body.contains("42 CFR") && body.contains("id=\"cat-demographics\"")
                && body.contains("id=\"cat-medications\"") && body.contains("id=\"cat-diagnoses\"")
                && !body.contains("could not be loaded");
        Predicate<String> showApiOk = body -> {
            JsonNode d = parse(body);
            return d != null && d.path("notice").asText().contains("42 CFR")
                    && d.path("categories").has("demographics") && d.path("categories").has("medications")
                    && d.path("categories").has("diagnoses") && d.path("unavailable").isEmpty();
        };
        // One check of each before measuring: a broken path is reported, not measured.
        check("portal GET /referrals", browser, listPage.get(), listPageOk);
        check("gateway GET /api/v1/intake/referrals?limit=20", api, listApi.get(), listApiOk);
        check("portal GET /patients/{id}?purpose=COC", browser, showPage.get(), showPageOk);
        check("gateway GET /api/v1/partner/patients/{id}/disclosure", api, showApi.get(), showApiOk);

        // Each pair portal, API, API, portal, so that drift in the machine's other load falls on both sides.
        Figures a = constantRate("portal /referrals", browser, listPage, listPageOk);
        renew("partner.p");
        Figures b = constantRate("API referrals list", api, listApi, listApiOk);
        renew("partner.p");
        b = b.and(constantRate("API referrals list", api, listApi, listApiOk));
        a = a.and(constantRate("portal /referrals", browser, listPage, listPageOk));
        Figures c = constantRate("portal /patients/{id}", browser, showPage, showPageOk);
        renew("partner.p");
        Figures d = constantRate("API disclosure", api, showApi, showApiOk);
        renew("partner.p");
        d = d.and(constantRate("API disclosure", api, showApi, showApiOk));
        c = c.and(constantRate("portal /patients/{id}", browser, showPage, showPageOk));

        System.out.println();
        System.out.printf("at %.0f req/s offered, two windows per path (portal, API, API, portal), each %d s measured"
                + " after %d s warm-up; ms from when each request was due%n", RATE, MEASURE.toSeconds(), WARM_UP.toSeconds());
        System.out.printf("| %-52s | %8s | %8s | %8s | %8s | %-12s |%n", "path", "p50", "p95", "p99", "max", "errors");
        System.out.println("|---|---|---|---|---|---|");
        row("portal GET /referrals", a);
        row("gateway GET /api/v1/intake/referrals?limit=20", b);
        row("portal GET /patients/{id}?purpose=COC", c);
        row("gateway GET /api/v1/partner/patients/{id}/disclosure", d);
        System.out.printf("portal's added cost, referrals list: p50 %+.1f ms, p95 %+.1f ms, p99 %+.1f ms%n",
                a.p50 - b.p50, a.p95 - b.p95, a.p99 - b.p99);
        System.out.printf("portal's added cost, disclosure:     p50 %+.1f ms, p95 %+.1f ms, p99 %+.1f ms%n",
                c.p50 - d.p50, c.p95 - d.p95, c.p99 - d.p99);
        pool.shutdownNow();
    }

    private static void row(String path, Figures f) {
        System.out.printf("| %-52s | %8.1f | %8.1f | %8.1f | %8.1f | %d / %d%s |%n", path, f.p50, f.p95, f.p99, f.max,
                f.errors, f.measured, f.errors == 0 ? "" : " " + f.errorKinds);
    }

    // ------------------------------------------------------------------------------------------- the measurement

    /** p50/p95/p99/max (ms, from when each request was due) and errors at {@link #RATE} requests/s. */
    private Figures constantRate(String name, HttpClient client, Supplier<HttpRequest> request,
                                 Predicate<String> ok) throws InterruptedException {
        int warm = (int) (RATE * WARM_UP.toSeconds());
        int total = warm + (int) (RATE * MEASURE.toSeconds());
        long[] latencies = new long[total - warm];
        AtomicLong errors = new AtomicLong();
        Map<String, Integer> kinds = new java.util.concurrent.ConcurrentSkipListMap<>();
        List<CompletableFuture<?>> all = new ArrayList<>(total);
        long interval = (long) (1e9 / RATE);
        long start = System.nanoTime() + 50_000_000;
        long[] cpuAtWarmEnd = null;
        long[] processCpuAtWarmEnd = null;
        for (int n = 0; n < total; n++) {
            if (n == warm) {
                cpuAtWarmEnd = cpuTimes();
                processCpuAtWarmEnd = processCpu();
            }
            long due = start + n * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int i = n;
            HttpRequest req = request.get();
            all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).handle((resp, failure) -> {
                long latency = System.nanoTime() - due;
                String error = failure != null ? failure.getClass().getSimpleName()
                        : resp.statusCode() != 200 ? "status " + resp.statusCode()
                        : ok.test(resp.body()) ? null
                        : resp.body().contains("could not be loaded") ? "200, some records not loaded"
                        : "200 without the expected content";
                if (i >= warm) {
                    latencies[i - warm] = latency;
                    if (error != null) {
                        errors.incrementAndGet();
                        kinds.merge(error, 1, Integer::sum);
                    }
                }
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println(name + ": not all answers came within 120 s of the last send: " + e);
        }
        long[] cpuAtEnd = cpuTimes();
        long[] processCpuAtEnd = processCpu();
        String machine = String.format("machine CPU busy %.0f %% over the measured window, load average %s;"
                        + " CPU ms per request (measured window): portal %.2f, gateway %.2f, intake %.2f; portal threads %d",
                busyPercent(cpuAtWarmEnd, cpuAtEnd), loadAverage(),
                perRequest(processCpuAtWarmEnd, processCpuAtEnd, 0, latencies.length),
                perRequest(processCpuAtWarmEnd, processCpuAtEnd, 1, latencies.length),
                perRequest(processCpuAtWarmEnd, processCpuAtEnd, 2, latencies.length), threads(Service.PORTAL));
        Figures f = Figures.of(latencies, errors.get(), kinds.isEmpty() ? "" : kinds.toString());
        System.out.printf("%-24s @%.0f/s p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms  errors %d / %d%s%n",
                name, RATE, f.p50, f.p95, f.p99, f.max, f.errors, f.measured,
                f.errors == 0 ? "" : " " + f.errorKinds);
        System.out.println("    " + machine);
        return f;
    }

    private static final Service[] WATCHED = {Service.PORTAL, Service.GATEWAY, Service.INTAKE};

    /** CPU time (ms, user + system) so far of the portal, the gateway and intake, from /proc; -1 if unknown. */
    private long[] processCpu() {
        long[] ms = new long[WATCHED.length];
        for (int i = 0; i < WATCHED.length; i++) {
            try {
                String stat = Files.readString(Path.of("/proc/" + stack.pid(WATCHED[i]) + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ms[i] = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // clock ticks of 10 ms
            } catch (IOException | RuntimeException e) {
                ms[i] = -1;
            }
        }
        return ms;
    }

    private static double perRequest(long[] before, long[] after, int i, int requests) {
        return before == null || after == null || before[i] < 0 || after[i] < 0 ? Double.NaN
                : (after[i] - before[i]) / (double) requests;
    }

    private int threads(Service service) {
        try {
            return Files.readAllLines(Path.of("/proc/" + stack.pid(service) + "/status")).stream()
                    .filter(l -> l.startsWith("Threads:")).map(l -> Integer.parseInt(l.substring(8).trim()))
                    .findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The first line of /proc/stat: user nice system idle iowait irq softirq steal (jiffies), or null. */
    private static long[] cpuTimes() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] t = new long[Math.min(8, f.length - 1)];
            for (int i = 0; i < t.length; i++) {
                t[i] = Long.parseLong(f[i + 1]);
            }
            return t;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double busyPercent(long[] before, long[] after) {
        if (before == null || after == null) {
            return Double.NaN;
        }
        long total = 0;
        long idle = 0;
        for (int i = 0; i < before.length; i++) {
            long d = after[i] - before[i];
            total += d;
            if (i == 3 || i == 4) {
                idle += d;
            }
        }
        return total == 0 ? Double.NaN : 100.0 * (total - idle) / total;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    private void check(String name, HttpClient client, HttpRequest request, Predicate<String> ok) throws Exception {
        HttpResponse<String> resp = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200 || !ok.test(resp.body())) {
            throw new IllegalStateException(name + " answered " + resp.statusCode() + " at " + resp.uri()
                    + " without what it should show; body starts: "
                    + resp.body().substring(0, Math.min(2000, resp.body().length())));
        }
        System.out.println("checked: " + name + " (" + resp.body().length() + " chars)");
    }

    private static int rows(String html) {
        Matcher m = REFERRAL_ROW.matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------- signing in

    /** The browser's way in: portal → Keycloak's login page → form posted → back at the portal, a 200 page. */
    private void signIn() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(stack.portalUrl() + "/referrals"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher form = LOGIN_FORM.matcher(login.body());
        if (login.statusCode() != 200 || !form.find()) {
            throw new IllegalStateException("the portal did not lead to Keycloak's login form: " + login.statusCode()
                    + " at " + login.uri() + ": " + login.body().substring(0, Math.min(1500, login.body().length())));
        }
        Matcher action = ACTION.matcher(form.group());
        if (!action.find()) {
            throw new IllegalStateException("Keycloak's login form has no action: " + form.group());
        }
        String target = unescape(action.group(1));
        String password = stack.accounts().demoAccount("partner.p").password();
        String formBody = "username=partner.p&password=" + java.net.URLEncoder.encode(password,
                java.nio.charset.StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> back = browser.send(HttpRequest.newBuilder(URI.create(target))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody)).build(), HttpResponse.BodyHandlers.ofString());
        if (back.statusCode() != 200 || !back.uri().toString().startsWith(stack.portalUrl())
                || !back.body().contains("Your referrals")) {
            throw new IllegalStateException("signing in did not end on the portal's referrals page: " + back.statusCode()
                    + " at " + back.uri() + "; page text: " + text(back.body()) + "\ncookies held: "
                    + cookies.names() + "\n(see " + stack.logFile(Service.PORTAL) + ")");
        }
        List<String> names = cookies.names();
        System.out.printf("signed in to the portal as partner.p in %.0f ms (cookies: %s)%n",
                (System.nanoTime() - t0) / 1e6, names);
    }

    /** A page's visible words (scripts, styles and tags dropped), for a report. */
    private static String text(String html) {
        String t = html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("(?s)<style.*?</style>", " ")
                .replaceAll("(?s)<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return t.length() > 1500 ? t.substring(0, 1500) : t;
    }

    /**
     * A browser's cookie jar for one host (everything here is on localhost): a cookie is kept by name and path and
     * sent to every port of the host under its path, the Secure ones too (localhost is a secure context to a
     * browser). {@link CookieManager} would withhold those over plain HTTP, and it files a dotless host's cookies
     * under {@code localhost.local}, which it then does not match against {@code localhost}.
     */
    private static final class LoopbackCookies extends java.net.CookieHandler {
        private final Map<String, java.net.HttpCookie> jar = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            List<String> pairs = new ArrayList<>();
            for (java.net.HttpCookie c : jar.values()) {
                String cp = c.getPath() == null ? "/" : c.getPath();
                boolean under = path.startsWith(cp) || (cp.endsWith("/") && path.equals(cp.substring(0, cp.length() - 1)));
                if (!c.hasExpired() && under) {
                    pairs.add(c.getName() + "=" + c.getValue());
                }
            }
            return pairs.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ", pairs)));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            responseHeaders.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    for (String value : values) {
                        for (java.net.HttpCookie c : java.net.HttpCookie.parse("Set-Cookie: " + value)) {
                            String key = c.getName() + "|" + (c.getPath() == null ? "/" : c.getPath());
                            if (c.getMaxAge() == 0 || c.hasExpired()) {
                                jar.remove(key);
                            } else {
                                jar.put(key, c);
                            }
                        }
                    }
                }
            });
        }

        List<String> names() {
            return jar.values().stream().map(java.net.HttpCookie::getName).sorted().toList();
        }
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&#x3D;", "=").replace("&#61;", "=").replace("&quot;", "\"");
    }

    // ------------------------------------------------------------------------------------------- set-up via the API

    /** Registered, assessed at 2.1 and admitted in clinic A; waits until every service knows the patient. */
    private String admitPatient() throws Exception {
        Map<String, Object> patient = new LinkedHashMap<>();
        patient.put("legalName", Map.of("given", "Bench" + UUID.randomUUID().toString().substring(0, 8),
                "family", "Portal"));
        patient.put("birthDate", "1988-03-14");
        patient.put("preferredLanguage", "en");
        patient.put("identifiers", List.of());
        String patientId = post("coordinator.a", "/api/v1/intake/patients", patient).path("id").asText();
        Map<String, Object> dimensions = new LinkedHashMap<>();
        int[] ratings = {1, 0, 2, 1, 2, 1};
        for (int i = 0; i < 6; i++) {
            dimensions.put("d" + (i + 1), Map.of("rating", ratings[i], "rationale", "rated from the interview"));
        }
        post("clinician.a", "/api/v1/intake/patients/" + patientId + "/assessments",
                Map.of("diagnoses", List.of(Map.of("icd10", "F11.20")), "dimensions", dimensions, "finalLevel", "2.1"));
        post("coordinator.a", "/api/v1/intake/admissions", Map.of("patientId", patientId, "trackCode", "BENCH-PORTAL",
                "levelOfCare", "2.1", "admissionDate", LocalDate.now().toString(),
                "primaryCounselorId", "aaaaaaaa-0000-4000-8000-000000000002"));
        awaitKnown("casemanager.a", "/api/v1/aftercare/patients/" + patientId + "/episodes", n -> n.size() == 1);
        awaitKnown("clinician.a", "/api/v1/notes/patients/" + patientId + "/notes", n -> true);
        awaitKnown("prescriber.a", "/api/v1/medications/patients/" + patientId + "/orders", n -> true);
        awaitKnown("scheduler.a", "/api/v1/scheduling/enrollments?patientId=" + patientId,
                n -> n.path("items").size() == 1);
        return patientId;
    }

    private void consent(String patientId) throws Exception {
        post("coordinator.a", "/api/v1/intake/patients/" + patientId + "/consents", Map.of(
                "recipientPartnerId", PARTNER.toString(),
                "categories", List.of("demographics", "medications", "diagnoses"), "purpose", "care-coordination",
                "expiresAt", Instant.now().plus(90, ChronoUnit.DAYS).toString(),
                "signedAt", Instant.now().minusSeconds(60).toString(), "signatureMethod", "electronic"));
    }

    private void sendReferral(int i) throws Exception {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("legalName", Map.of("given", "Ref" + UUID.randomUUID().toString().substring(0, 8),
                "family", "Portalbench"));
        person.put("birthDate", "1979-0" + (1 + i % 9) + "-1" + (i % 10));
        post("partner.p", "/api/v1/intake/referrals", Map.of("clinicId", CLINIC_A.toString(), "patient", person,
                "source", "partner", "urgency", "routine", "reasonCode", "alcohol-use-disorder"));
    }

    private JsonNode post(String user, String path, Object body) throws Exception {
        HttpResponse<String> resp = api.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", bearer(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 201 && resp.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " as " + user + " answered " + resp.statusCode() + ": "
                    + resp.body());
        }
        return json.readTree(resp.body());
    }

    private void awaitKnown(String user, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> resp = api.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", bearer(user)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 200 && done.test(json.readTree(resp.body()))) {
                return;
            }
            last = resp.statusCode() + " " + resp.body();
            Thread.sleep(500);
        }
        throw new IllegalStateException("GET " + path + " as " + user + " did not show the admission within 90 s: "
                + last);
    }

    /** A fresh token now, so that none is fetched while a path is measured (a path takes well under three minutes). */
    private synchronized void renew(String user) {
        tokens.remove(user);
        bearer(user);
    }

    /** A demo account's bearer token (password grant), renewed after three minutes. */
    private synchronized String bearer(String user) {
        Token t = tokens.get(user);
        if (t == null || System.nanoTime() > t.renewAt) {
            t = new Token("Bearer " + stack.accounts().accessToken(user),
                    System.nanoTime() + Duration.ofMinutes(3).toNanos());
            tokens.put(user, t);
        }
        return t.value;
    }
}
