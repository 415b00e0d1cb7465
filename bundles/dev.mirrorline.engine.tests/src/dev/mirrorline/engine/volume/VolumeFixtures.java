package dev.mirrorline.engine.volume;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EventDispatcher;

/** Shared set-up of the volume tests: an engine context that records events, and byte helpers. */
final class VolumeFixtures {

    final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    final EngineContext context;

    VolumeFixtures() {
        EventDispatcher dispatcher = new EventDispatcher(Runnable::run, e -> {
            throw e;
        });
        dispatcher.addListener(events::add);
        // housekeeping on the calling thread: a test sees a deleted snapshot's files gone at once
        context = new EngineContext(new dev.mirrorline.engine.storage.FileSystemStorage(),
                dev.mirrorline.engine.time.Clock.system(), dispatcher, Runnable::run);
    }

    <T extends EngineEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static ByteBuffer randomBlocks(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    static byte[] readAll(Volume volume) throws Exception {
        ByteBuffer all = ByteBuffer.allocate((int) volume.geometry().sizeBytes());
        volume.read(0, all);
        return all.array();
    }

    static byte[] readAll(Snapshot snapshot) throws Exception {
        ByteBuffer all = ByteBuffer.allocate((int) snapshot.volume().geometry().sizeBytes());
        snapshot.read(0, all);
        return all.array();
    }
}
