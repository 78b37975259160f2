package care.iop.e2e.failure;

import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts what a load of requests got back: every status, clean 503s (problem document with Retry-After), other
 * 5xx, requests that got no answer or hung past {@link Api#TIMEOUT}, retries, and the first few surprises verbatim.
 */
final class Tally {

    final LongAdder requests = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder clean503 = new LongAdder();
    final LongAdder unclean503 = new LongAdder();
    final LongAdder other5xx = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder noAnswer = new LongAdder();
    final LongAdder unexpected = new LongAdder();
    private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Queue<String> examples = new ConcurrentLinkedQueue<>();

    /** Counts one answer; returns it. */
    Api.Answer count(String what, Api.Answer a) {
        requests.increment();
        String key = a.status() == Api.TIMED_OUT ? "timed-out" : a.status() == Api.NO_ANSWER ? "no-answer"
                : String.valueOf(a.status());
        byStatus.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (a.is2xx()) {
            succeeded.increment();
        } else if (a.status() == 503) {
            if (a.isClean503()) {
                clean503.increment();
            } else {
                unclean503.increment();
                example(what, a);
            }
        } else if (a.status() >= 500) {
            other5xx.increment();
            example(what, a);
        } else if (a.status() == Api.TIMED_OUT) {
            timedOut.increment();
            example(what, a);
        } else if (a.status() == Api.NO_ANSWER) {
            noAnswer.increment();
            example(what, a);
        }
        return a;
    }

    /**
     * One write that must succeed with {@code expected}: a 503 (nothing was written: the service said so) is retried
     * after its Retry-After, up to {@code attempts} times. Anything else unexpected is counted and kept as an example.
     */
    Api.Answer write(String what, int expected, int attempts, Supplier<Api.Answer> call) {
        Api.Answer a = count(what, call.get());
        for (int i = 1; i < attempts && a.status() == 503; i++) {
            retries.increment();
            sleep(a.header("Retry-After").map(s -> Math.min(Long.parseLong(s), 5L)).orElse(1L) * 1000);
            a = count(what, call.get());
        }
        if (a.status() != expected) {
            unexpected.increment();
            example(what, a);
        }
        return a;
    }

    void example(String what, Api.Answer a) {
        if (examples.size() < 20) {
            examples.add(what + " → " + a);
        }
    }

    Map<String, Long> byStatus() {
        Map<String, Long> out = new TreeMap<>();
        byStatus.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    String examples() {
        return examples.isEmpty() ? "none" : String.join("\n  ", examples);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
