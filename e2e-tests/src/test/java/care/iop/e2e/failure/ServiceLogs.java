package care.iop.e2e.failure;

import care.iop.devstack.Service;
import care.iop.e2e.Platform;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the services logged during a test (their logs live in the stack's run directory, which is deleted when the
 * test JVM ends): {@link #mark()} the logs' ends, later read what was appended — e.g. the exception chain ProblemMapper
 * logs with every 500 ("unexpected failure"), as evidence of a defect.
 */
final class ServiceLogs {

    private ServiceLogs() {
    }

    static Map<Service, Long> mark() {
        Map<Service, Long> marks = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            Path log = Platform.stack().logFile(s);
            try {
                marks.put(s, Files.exists(log) ? Files.size(log) : 0L);
            } catch (IOException e) {
                marks.put(s, 0L);
            }
        }
        return marks;
    }

    /** Lines appended since the marks that contain {@code needle}, each with the indented lines that follow it. */
    static List<String> since(Map<Service, Long> marks, String needle) {
        List<String> found = new ArrayList<>();
        for (Service s : Service.values()) {
            Path log = Platform.stack().logFile(s);
            if (!Files.exists(log)) {
                continue;
            }
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                long from = Math.min(marks.getOrDefault(s, 0L), file.length());
                file.seek(from);
                byte[] bytes = new byte[(int) Math.min(file.length() - from, 64L * 1024 * 1024)];
                file.readFully(bytes);
                String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].contains(needle)) {
                        StringBuilder entry = new StringBuilder(s.module()).append(": ").append(lines[i]);
                        for (int j = i + 1; j < lines.length && j < i + 40
                                && (lines[j].startsWith("\t") || lines[j].startsWith(" <-")); j++) {
                            entry.append('\n').append(lines[j]);
                        }
                        found.add(entry.toString());
                    }
                }
            } catch (IOException e) {
                found.add(s.module() + ": could not read " + log + ": " + e);
            }
        }
        return found;
    }
}
