package care.iop.analytics;

/** A refusal answered as application/problem+json by {@link ProblemMapper}; messages carry no PHI. */
public class AnalyticsProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

    public AnalyticsProblem(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static AnalyticsProblem badRequest(String detail) {
        return new AnalyticsProblem(400, "bad-request", "Bad request", detail);
    }

    public static AnalyticsProblem forbidden(String detail) {
        return new AnalyticsProblem(403, "forbidden", "Forbidden", detail);
    }

    public static AnalyticsProblem unavailable(String detail) {
        return new AnalyticsProblem(503, "service-unavailable", "Service unavailable", detail);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
