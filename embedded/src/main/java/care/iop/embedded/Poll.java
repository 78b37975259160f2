package care.iop.embedded;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way the launchers, the devstack, the benchmarks and the test kit wait: a sleep that turns an interrupt
 * into an exception (with the flag kept), and a probe asked again at an interval until it answers or time is up.
 */
public final class Poll {

    private Poll() {
    }

    /** Sleeps; an interrupt sets the flag again and ends the wait with an {@link IllegalStateException}. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    public static void sleep(Duration duration) {
        sleep(duration.toMillis());
    }

    /**
     * Asks {@code probe} every {@code interval} until it answers, for at most {@code timeout}; empty when it never
     * did. The probe is asked at least once, and may throw to end the wait (a process that died, say).
     */
    public static <T> Optional<T> until(Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer;
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            sleep(interval);
        }
    }

    /** {@link #until(Duration, Duration, Supplier)} for a yes/no condition: whether it came true in time. */
    public static boolean until(Duration timeout, Duration interval, BooleanSupplier condition) {
        return until(timeout, interval, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty())
                .isPresent();
    }
}
