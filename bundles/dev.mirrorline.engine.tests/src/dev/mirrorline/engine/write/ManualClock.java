package dev.mirrorline.engine.write;

import dev.mirrorline.engine.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so; wall-clock time moves with it. */
final class ManualClock implements Clock {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final long startNanos = nanos.get();

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant now() {
        return START.plusNanos(nanos.get() - startNanos);
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
