package dev.mirrorline.engine.write;

import dev.mirrorline.engine.storage.ForwardingStorage;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Real storage that counts forces and makes each one take at least a given time, like a slow disk. */
final class ForceCountingStorage extends ForwardingStorage {

    private final Duration forceTime;
    final AtomicInteger forces = new AtomicInteger();

    ForceCountingStorage(Storage delegate, Duration forceTime) {
        super(delegate);
        this.forceTime = forceTime;
    }

    @Override
    protected StorageFile wrap(StorageFile file) {
        return new ForwardingFile(file) {
            @Override
            public void force() throws IOException {
                forces.incrementAndGet();
                try {
                    Thread.sleep(forceTime.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while forcing", e);
                }
                super.force();
            }
        };
    }
}
