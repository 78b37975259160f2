package care.iop.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything logged in this JVM while open (messages, parameters, stack traces), to show that what a client sent
 * never reaches the log.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final StringBuffer logged = new StringBuffer();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    public String text() {
        return logged.toString();
    }

    @Override
    public void publish(LogRecord record) {
        logged.append(record.getMessage()).append(' ');
        if (record.getParameters() != null) {
            for (Object p : record.getParameters()) {
                logged.append(p).append(' ');
            }
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            logged.append(trace);
        }
        logged.append('\n');
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
