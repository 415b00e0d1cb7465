package dev.mirrorline.engine.volume;

import java.nio.file.Path;
import java.util.Random;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.event.EventDispatcher;

/**
 * The child process of {@link SnapshotCrashConsistencyTest}: opens a volume, takes a snapshot if
 * it has none, then writes random blocks until it is killed (or a bound is reached).
 *
 * <p>Arguments: image path, state directory, random seed. Prints {@code OPENED} when the volume is
 * open, just before it may create the snapshot, and {@code WRITING} when it starts writing.
 */
public final class CrashingWriter {

    private static final int MAX_WRITES = 200_000;
    private static final long MAX_NANOS = 60_000_000_000L;

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        }));
        Random random = new Random(Long.parseLong(args[2]));
        try (Volume volume = Volume.open(context, Path.of(args[0]), 4096, Path.of(args[1]))) {
            System.out.println("OPENED");
            System.out.flush();
            if (volume.snapshots().isEmpty()) {
                volume.createSnapshot();
            }
            System.out.println("WRITING");
            System.out.flush();
            long blocks = volume.geometry().blockCount();
            long deadline = System.nanoTime() + MAX_NANOS;
            for (int i = 0; i < MAX_WRITES && System.nanoTime() < deadline; i++) {
                int length = 1 + random.nextInt(8);
                long first = (long) (random.nextDouble() * (blocks - length));
                volume.write(first * 4096, VolumeFixtures.randomBlocks(random, length * 4096));
            }
        }
    }
}
