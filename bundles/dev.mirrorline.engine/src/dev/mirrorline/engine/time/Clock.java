package dev.mirrorline.engine.time;

import java.time.Instant;

/** Where the engine gets the time from. */
public interface Clock {

    /** @return a monotonic reading in nanoseconds, for measuring durations */
    long nanoTime();

    /** @return the wall-clock time, for stamping events */
    Instant now();

    /** @return the machine's clock */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
