package care.iop.devstack;

import care.iop.embedded.ChildProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops the children if the launcher dies without doing it itself (SIGKILL, a crash, an IDE's stop button that
 * kills hard): a small {@code sh} loop in its own session polls the launcher's pid every second and, once it is
 * gone, signals every process listed in a file the launcher keeps current (SIGTERM to the service, Kafka and
 * Keycloak process groups, SIGINT — fast shutdown — to the PostgreSQL postmaster), then SIGKILL after 15 s.
 * Each entry carries the process's kernel start time, so a recycled pid is never signalled.
 *
 * <p>Orderly stops ({@link DevStack#close()}, including the shutdown hook on Ctrl-C) do not need it: they remove
 * the entries as they go and end the watchdog last.
 */
final class Watchdog implements AutoCloseable {

    private static final String SCRIPT = String.join("\n",
            "launcher=\"$1\"; list=\"$2\"",
            "while kill -0 \"$launcher\" 2>/dev/null; do sleep 1; done",
            "[ -s \"$list\" ] || exit 0",
            "echo \"launcher $launcher is gone: stopping what it left\"",
            "ticks() { sed 's/.*) //' \"/proc/$1/stat\" 2>/dev/null | cut -d' ' -f20; }",
            "signal_all() {",
            "  while read -r sig kind pid start; do",
            "    [ -n \"$pid\" ] || continue",
            "    [ \"$1\" = KILL ] && sig=KILL",
            "    if [ \"$kind\" = group ]; then",
            // The group's leader may have gone (kc.sh's java outlives nothing, but be safe): a live group keeps its id.
            "      if [ \"$(ticks \"$pid\")\" = \"$start\" ] || [ ! -e \"/proc/$pid\" ]; then kill -s \"$sig\" -- \"-$pid\" 2>/dev/null; fi",
            "    elif [ \"$(ticks \"$pid\")\" = \"$start\" ]; then",
            "      kill -s \"$sig\" \"$pid\" 2>/dev/null",
            "    fi",
            "  done < \"$list\"",
            "}",
            "any_alive() {",
            "  while read -r sig kind pid start; do",
            "    [ -n \"$pid\" ] && [ \"$(ticks \"$pid\")\" = \"$start\" ] && return 0",
            "  done < \"$list\"",
            "  return 1",
            "}",
            "signal_all",
            "i=0; while any_alive && [ $i -lt 15 ]; do sleep 1; i=$((i+1)); done",
            "signal_all KILL",
            "echo done",
            "");

    private final Path list;
    private final Process process;
    private final Map<String, String> entries = new LinkedHashMap<>();

    private Watchdog(Path list, Process process) {
        this.list = list;
        this.process = process;
    }

    static Watchdog start(Path runDir) {
        try {
            Path dir = Files.createDirectories(runDir.resolve("logs"));
            Path list = runDir.resolve("children.list");
            Files.writeString(list, "");
            List<String> command = new java.util.ArrayList<>();
            if (ChildProcess.ownProcessGroups()) {
                command.add("setsid");
            }
            command.addAll(List.of("sh", "-c", SCRIPT, "iop-devstack-watchdog",
                    String.valueOf(ProcessHandle.current().pid()), list.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("watchdog.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new Watchdog(list, p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the watchdog", e);
        }
    }

    /** Watch a child started by {@link ChildProcess} (its own process group when setsid exists). */
    synchronized void watch(String key, ChildProcess child) {
        watch(key, child.pid(), ChildProcess.ownProcessGroups() ? "group" : "pid", "TERM");
    }

    /** Watch a single process, e.g. the PostgreSQL postmaster (SIGINT: fast shutdown). */
    synchronized void watchProcess(String key, long pid, String signal) {
        watch(key, pid, "pid", signal);
    }

    private void watch(String key, long pid, String kind, String signal) {
        ChildProcess.startTicks(pid).ifPresent(ticks -> {
            entries.put(key, signal + " " + kind + " " + pid + " " + ticks);
            write();
        });
    }

    synchronized void forget(String key) {
        if (entries.remove(key) != null) {
            write();
        }
    }

    private void write() {
        try {
            Path tmp = list.resolveSibling(list.getFileName() + ".tmp");
            Files.writeString(tmp, entries.isEmpty() ? "" : String.join("\n", entries.values()) + "\n");
            Files.move(tmp, list, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        entries.clear();
        write();
        process.destroy();
    }
}
