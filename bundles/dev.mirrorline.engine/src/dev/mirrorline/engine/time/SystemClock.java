package dev.mirrorline.engine.time;

import java.time.Instant;

/** The machine's clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }
}
