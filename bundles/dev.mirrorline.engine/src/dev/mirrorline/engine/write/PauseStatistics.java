package dev.mirrorline.engine.write;

import java.time.Duration;

/**
 * What the pauses of a {@link WriteBarrier} have been since it was created: each pause lasts from a
 * freeze request until writes resume.
 *
 * @param count how many freezes were resumed
 * @param last the most recent pause ({@link Duration#ZERO} if none)
 * @param max the longest pause ({@link Duration#ZERO} if none)
 * @param total the sum of all pauses
 */
public record PauseStatistics(long count, Duration last, Duration max, Duration total) {

    /** Statistics of no pause at all. */
    public static final PauseStatistics NONE = new PauseStatistics(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** @return the mean pause ({@link Duration#ZERO} if none) */
    public Duration mean() {
        return count == 0 ? Duration.ZERO : total.dividedBy(count);
    }
}
