package dev.mirrorline.history;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.mirrorline.engine.event.EngineEvent.ResyncProgress;

/**
 * A process that records events into a history as fast as it can until it is killed, for the
 * crash test. Event {@code i} is {@link #event(long)}: numbered by its chunks sent, so the test can
 * tell a gap or a duplicate.
 *
 * <p>Arguments: the history's directory, the number of the first event. Prints {@code OPEN} once
 * the history is open, then every few milliseconds {@code COMMITTED n} once the events up to
 * number n (excluded) are committed, while another thread goes on recording. Ends by itself after two minutes in case nobody kills it.
 */
public final class HistoryWriterProcess {

    /** The pair the events are recorded under. */
    static final String PAIR = "crash-pair";

    private static final int REPORT_INTERVAL_MILLIS = 5;
    private static final Duration LIFETIME = Duration.ofMinutes(2);

    private HistoryWriterProcess() {
    }

    /**
     * @param number the event's number
     * @return the event of that number
     */
    static ResyncProgress event(long number) {
        return new ResyncProgress(SampleEvents.T0.plusNanos(number), "crash-volume", number, Long.MAX_VALUE,
                4096 * number);
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        long end = System.nanoTime() + LIFETIME.toNanos();
        AtomicLong recordedUpTo = new AtomicLong(first);
        try (EventHistory history = EventHistory.open(directory)) {
            System.out.println("OPEN");
            System.out.flush();
            // one thread records without pause, so that the writer is always in the middle of a batch
            Thread recorder = new Thread(() -> {
                for (long number = first; System.nanoTime() < end; number++) {
                    history.record(PAIR, event(number));
                    recordedUpTo.set(number + 1);
                }
            }, "recorder");
            recorder.setDaemon(true);
            recorder.start();
            while (System.nanoTime() < end) {
                long upTo = recordedUpTo.get();
                if (!history.awaitRecorded(Duration.ofSeconds(30))) {
                    System.out.println("TIMEOUT");
                    System.exit(2);
                }
                System.out.println("COMMITTED " + upTo);
                System.out.flush();
                Thread.sleep(REPORT_INTERVAL_MILLIS);
            }
        }
    }
}
