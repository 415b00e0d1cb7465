package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;

/**
 * What the replication tests share: a primary and a secondary volume of 4 MiB on real files, the
 * primary's in-flight log, the secondary's applier, and the events of both.
 */
abstract class TwoVolumesTestBase {

    static final int SIZE = 4 << 20;
    static final int BLOCK = 4096;

    @TempDir
    Path directory;

    final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    EngineContext context;
    Volume primaryVolume;
    Volume secondaryVolume;
    InFlightLog log;
    SecondaryApplier applier;

    /** @return the in-flight log's configuration; tests that need a small window say so */
    InFlightLogConfig logConfig() {
        return InFlightLogConfig.defaults();
    }

    @BeforeEach
    void openBothVolumes() throws IOException {
        EventDispatcher dispatcher = new EventDispatcher(Runnable::run, e -> {
            throw e;
        });
        dispatcher.addListener(events::add);
        context = EngineContext.system(dispatcher);
        primaryVolume = Volume.create(context, directory.resolve("primary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("p"));
        secondaryVolume = Volume.create(context, directory.resolve("secondary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("s"));
        log = InFlightLog.open(context.storage(), directory.resolve("log"), logConfig(), Clock.system());
        applier = SecondaryApplier.open(context, secondaryVolume, directory.resolve("applied"));
    }

    @AfterEach
    void closeEverything() throws IOException {
        log.close();
        primaryVolume.close();
        secondaryVolume.close();
    }

    static byte[] sha256(Volume volume) throws Exception {
        ByteBuffer all = ByteBuffer.allocate((int) volume.geometry().sizeBytes());
        volume.read(0, all);
        return MessageDigest.getInstance("SHA-256").digest(all.array());
    }
}
