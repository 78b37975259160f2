package care.iop.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory of the stack's process trees, from {@code /proc} (Linux).
 *
 * @param rssKb  sum of {@code VmRSS} over every process of every tree (what {@code ps} shows; pages shared between
 *               processes, such as PostgreSQL's shared buffers, are counted once per process)
 * @param pssKb  sum of {@code Pss} ({@code /proc/<pid>/smaps_rollup}): shared pages split between their sharers, so
 *               closer to what the machine really gives the stack; 0 where the kernel does not report it
 * @param rssKbByPart RSS per part (service module, {@code keycloak}, {@code kafka}, {@code postgres})
 */
public record MemoryUsage(long rssKb, long pssKb, Map<String, Long> rssKbByPart, int processes) {

    static MemoryUsage of(Map<String, ProcessHandle> roots) {
        long rss = 0;
        long pss = 0;
        int count = 0;
        Map<String, Long> byPart = new LinkedHashMap<>();
        for (Map.Entry<String, ProcessHandle> e : roots.entrySet()) {
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(e.getValue());
            e.getValue().descendants().forEach(tree::add);
            long partRss = 0;
            for (ProcessHandle p : tree) {
                long r = field(Path.of("/proc", String.valueOf(p.pid()), "status"), "VmRSS:");
                if (r > 0) {
                    count++;
                }
                partRss += r;
                pss += field(Path.of("/proc", String.valueOf(p.pid()), "smaps_rollup"), "Pss:");
            }
            byPart.put(e.getKey(), partRss);
            rss += partRss;
        }
        return new MemoryUsage(rss, pss, java.util.Collections.unmodifiableMap(byPart), count);
    }

    /** E.g. {@code 2.31 GB}. */
    public static String format(long kb) {
        return kb >= 1024 * 1024 ? String.format(Locale.ROOT, "%.2f GB", kb / 1024.0 / 1024.0)
                : String.format(Locale.ROOT, "%d MB", kb / 1024);
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended, or no such file on this kernel
        }
        return 0;
    }
}
