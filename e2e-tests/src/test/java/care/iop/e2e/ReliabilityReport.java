package care.iop.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The figures issue #10 asks every run to print (requests fuzzed, 5xx seen, matrix cells checked and failed, events
 * written/consumed/duplicated in the outage test, audit coverage): each check records its own lines here; the summary
 * is printed when the test JVM ends and written to {@code target/reliability-summary.md} (docs/reliability.md keeps
 * the figures of a recorded run).
 */
public final class ReliabilityReport {

    private static final Map<String, Map<String, String>> SECTIONS = new ConcurrentSkipListMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ReliabilityReport::print, "reliability-report"));
    }

    private ReliabilityReport() {
    }

    /** Records one figure under a section, e.g. {@code record("API fuzzing", "requests sent", 31200)}. */
    public static void record(String section, String figure, Object value) {
        SECTIONS.computeIfAbsent(section, s -> new java.util.LinkedHashMap<>()).put(figure, String.valueOf(value));
    }

    static synchronized String summary() {
        StringBuilder out = new StringBuilder("# Reliability summary (issue #10)\n");
        SECTIONS.forEach((section, figures) -> {
            out.append("\n## ").append(section).append("\n\n| figure | value |\n|---|---|\n");
            figures.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        });
        return out.toString();
    }

    private static void print() {
        if (SECTIONS.isEmpty()) {
            return;
        }
        String summary = summary();
        System.out.println("\n" + summary);
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("reliability-summary.md"), summary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
