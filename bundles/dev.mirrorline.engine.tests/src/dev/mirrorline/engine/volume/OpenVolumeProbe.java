package dev.mirrorline.engine.volume;

import java.nio.file.Path;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.event.EventDispatcher;

/**
 * A child process of {@link UnreadableVolumeTest}: tries to open a volume, as whichever user it
 * runs as, and prints what happened on one line.
 */
public final class OpenVolumeProbe {

    private OpenVolumeProbe() {
    }

    public static void main(String[] args) {
        EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        }));
        try (Volume volume = Volume.open(context, Path.of(args[0]), 4096, Path.of(args[1]))) {
            System.out.println("OPENED");
        } catch (Exception e) {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
