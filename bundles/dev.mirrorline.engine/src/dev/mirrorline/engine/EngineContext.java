package dev.mirrorline.engine;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.storage.FileSystemStorage;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.time.Clock;

/**
 * The outside world as the engine sees it: where files live, what time it is, who hears about
 * state changes, and who does the housekeeping that nobody waits for. Production code uses
 * {@link #system}; tests and the simulation pass their own.
 *
 * @param storage the files behind volumes, snapshots and journals
 * @param clock time for durations and event stamps
 * @param events where state changes are published
 * @param housekeeping runs work whose result nobody waits for, such as giving back the disk space
 *        of a deleted snapshot; its tasks must be safe to lose in a crash
 * @param ids makes the unique identifiers of snapshots and generations; random ones unless a
 *        simulation draws them from its seed
 */
public record EngineContext(Storage storage, Clock clock, EventDispatcher events, Executor housekeeping,
        Supplier<UUID> ids) {

    private static final ExecutorService SYSTEM_HOUSEKEEPING = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "mirrorline-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    /** Checks that nothing is missing. */
    public EngineContext {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(housekeeping, "housekeeping");
        Objects.requireNonNull(ids, "ids");
    }

    /**
     * A context with random identifiers.
     *
     * @param storage the files behind volumes, snapshots and journals
     * @param clock time for durations and event stamps, and every wait of the engine's threads
     * @param events where state changes are published
     * @param housekeeping runs work whose result nobody waits for
     */
    public EngineContext(Storage storage, Clock clock, EventDispatcher events, Executor housekeeping) {
        this(storage, clock, events, housekeeping, UUID::randomUUID);
    }

    /** @return a new unique identifier for a snapshot or a generation */
    public UUID newId() {
        return ids.get();
    }

    /**
     * A context whose housekeeping runs on a shared background thread.
     *
     * @param storage the files behind volumes, snapshots and journals
     * @param clock time for durations and event stamps
     * @param events where state changes are published
     */
    public EngineContext(Storage storage, Clock clock, EventDispatcher events) {
        this(storage, clock, events, SYSTEM_HOUSEKEEPING);
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
