package dev.mirrorline.ui.testdriver;

import java.time.Duration;

/**
 * Thrown when a condition that the driver waited for did not become true within the timeout.
 */
public class WaitTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String description;
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param description what was waited for, phrased to follow "waiting until", e.g.
     *        {@code "the dialog 'Connect' is closed"}
     * @param timeout how long the driver waited
     */
    public WaitTimeoutException(String description, Duration timeout) {
        super("Timed out after " + Waiting.format(timeout) + " waiting until " + description);
        this.description = description;
        this.timeout = timeout;
    }

    /**
     * Returns what was waited for.
     *
     * @return the description given to the wait
     */
    public String description() {
        return description;
    }

    /**
     * Returns how long the driver waited.
     *
     * @return the timeout that expired
     */
    public Duration timeout() {
        return timeout;
    }
}
