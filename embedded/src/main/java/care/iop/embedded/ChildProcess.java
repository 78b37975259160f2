package care.iop.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A long-running child process of a launcher (the devstack's services, Kafka, Keycloak) with its output in a log file.
 * Short commands that must succeed are {@link ChildProcesses#run}.
 *
 * <p>Each one is started through {@code setsid}, in its own session and process group: Ctrl-C in the terminal then
 * reaches only the launcher, which stops the parts in order (services first, the infrastructure last) instead of
 * every JVM receiving SIGINT at once. The devstack's {@code Watchdog} kills the groups if the launcher dies without
 * stopping them.
 */
public final class ChildProcess {

    private static final boolean SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .anyMatch(p -> Files.isExecutable(Path.of(p)));

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
                              Path log) {
        List<String> full = new ArrayList<>();
        if (SETSID) {
            full.add("setsid");
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(environment);
            return new ChildProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Whether children get their own process group (and the watchdog can kill a whole group). */
    public static boolean ownProcessGroups() {
        return SETSID;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGTERM to the process and all its descendants; SIGKILL to whatever is left after {@code grace}. */
    public void stop(Duration grace) {
        stopTree(process.toHandle(), grace);
    }

    /** SIGKILL to the process and all its descendants at once (a crash: nothing gets to clean up); waits for them to go. */
    public void kill() {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.toHandle().descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // a process that survives SIGKILL for 10 s is beyond our reach
            }
        }
    }

    public static void stopTree(ProcessHandle root, Duration grace) {
        // Collected first: once the root is gone, its children are re-parented and no longer found through it.
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (Exception timedOut) {
                // forced below
            }
        }
        for (ProcessHandle p : tree) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // a process that survives SIGKILL for 10 s is beyond our reach
            }
        }
    }

    /** The last lines of the log, for error messages. */
    public String tail(int lines) {
        return tail(log, lines);
    }

    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** The kernel's start time of a process (clock ticks since boot, field 22 of /proc/pid/stat): a pid's identity. */
    public static Optional<String> startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(fields[19]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
