package dev.mirrorline.ui.testdriver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Waiting on the test thread for the UI: polls a condition or a search on the UI thread every few
 * milliseconds until it succeeds or the time is up.
 */
final class Waiting {

    private static final long POLL_MILLIS = 15;

    private final UiThread ui;
    private final Duration timeout;

    Waiting(UiThread ui, Duration timeout) {
        this.ui = ui;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** Polls the condition with the driver's timeout; see {@link #until(String, Duration, BooleanSupplier)}. */
    void until(String description, BooleanSupplier conditionOnUi) {
        until(description, timeout, conditionOnUi);
    }

    /**
     * Polls the condition on the UI thread until it is true.
     *
     * @throws WaitTimeoutException when it is still false after {@code limit}
     */
    void until(String description, Duration limit, BooleanSupplier conditionOnUi) {
        poll(description, limit, seen -> conditionOnUi.getAsBoolean() ? Boolean.TRUE : null,
                seen -> new WaitTimeoutException(description, limit));
    }

    /**
     * Runs the search on the UI thread until it returns something, with the driver's timeout. Each
     * attempt gets an empty list in which to note what it passed over; when the time is up, the
     * exception made from the last attempt's list is thrown.
     *
     * @param waitingFor what is searched for, for the message when the wait is interrupted
     */
    <T> T forResult(String waitingFor, Function<List<String>, T> searchOnUi,
            Function<List<String>, ? extends RuntimeException> notFound) {
        return poll(waitingFor, timeout, searchOnUi, notFound);
    }

    private <T> T poll(String waitingFor, Duration limit, Function<List<String>, T> searchOnUi,
            Function<List<String>, ? extends RuntimeException> notFound) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<String> seen = new ArrayList<>();
            T found = ui.call(() -> searchOnUi.apply(seen));
            if (found != null) {
                return found;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw notFound.apply(seen);
            }
            pause(waitingFor);
        }
    }

    private static void pause(String waitingFor) {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + waitingFor, e);
        }
    }

    /** Formats a duration for messages: {@code 500 ms} or {@code 10 s}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
