package dev.mirrorline.engine;

import java.util.Objects;

import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.storage.FileSystemStorage;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.time.Clock;

/**
 * The outside world as the engine sees it: where files live, what time it is, and who hears about
 * state changes. Production code uses {@link #system}; tests and the simulation pass their own.
 *
 * @param storage the files behind volumes, snapshots and journals
 * @param clock time for durations and event stamps
 * @param events where state changes are published
 */
public record EngineContext(Storage storage, Clock clock, EventDispatcher events) {

    /** Checks that nothing is missing. */
    public EngineContext {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
    }

    /**
     * The real file systems and clock.
     *
     * @param events where state changes are published
     * @return the context
     */
    public static EngineContext system(EventDispatcher events) {
        return new EngineContext(new FileSystemStorage(), Clock.system(), events);
    }
}
