package care.iop.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short helper commands (initdb, pg_ctl, the Kafka storage tool) and fails loudly with their output. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static String run(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // Read while waiting so a chatty process cannot block on a full pipe.
            var output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process died; its exit code tells the story
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + describe(command));
            }
            reader.join(5_000);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit " + process.exitValue() + " from " + describe(command) + "\n" + output);
            }
            return output.toString();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + describe(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + describe(command), e);
        }
    }

    /** The command without long arguments such as a class path. */
    private static String describe(String... command) {
        return List.of(command).stream().map(a -> a.length() > 200 ? a.substring(0, 60) + "…" : a).toList().toString();
    }
}
