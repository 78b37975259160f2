package care.iop.bench;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop load for the HTTP benchmarks: {@code inFlight} requests always outstanding (each answer sends the next)
 * for {@code settle} + {@code measure}; what answered inside the measured part is what counts.
 */
final class ClosedLoop {

    /**
     * The measured part's successful answers (with their latencies, sorted, in nanoseconds) and failures, and every
     * success of the whole run, settling included.
     */
    record Result(long answered, long errors, long[] sortedNanos, String lastError, long allAnswered) {
    }

    private ClosedLoop() {
    }

    /** The {@code p} quantile (0..1, nearest rank) of sorted latencies in nanoseconds, in milliseconds. */
    static double percentileMillis(long[] sortedNanos, double p) {
        return sortedNanos.length == 0 ? Double.NaN
                : sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1)] / 1e6;
    }

    /** {@code call} sends the n-th request; a failed future (or a wrong answer made one) is an error. */
    static Result run(String label, int inFlight, Duration settle, Duration measure, IntFunction<Future<?>> call)
            throws InterruptedException {
        AtomicLong all = new AtomicLong();
        long start = System.nanoTime();
        long from = start + settle.toNanos();
        long end = from + measure.toNanos();
        AtomicLong errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger recorded = new AtomicInteger();
        long[] latencies = new long[1 << 21];
        String[] lastError = {""};
        CountDownLatch finished = new CountDownLatch(inFlight);
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            long sent = System.nanoTime();
            call.apply(next.getAndIncrement()).onComplete(r -> {
                long now = System.nanoTime();
                boolean counted = now >= from && now < end;
                if (r.succeeded()) {
                    all.incrementAndGet();
                }
                if (r.failed()) {
                    if (counted) {
                        errors.incrementAndGet();
                        lastError[0] = String.valueOf(r.cause().getMessage());
                    }
                } else if (counted) {
                    int i = recorded.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[i] = now - sent;
                    }
                }
                if (now < end) {
                    loop[0].run();
                } else {
                    finished.countDown();
                }
            });
        };
        for (int i = 0; i < inFlight; i++) {
            loop[0].run();
        }
        if (!finished.await(settle.plus(measure).toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(label + " did not finish: requests are hanging");
        }
        long[] sorted = Arrays.copyOf(latencies, Math.min(recorded.get(), latencies.length));
        Arrays.sort(sorted);
        return new Result(recorded.get(), errors.get(), sorted, lastError[0], all.get());
    }
}
