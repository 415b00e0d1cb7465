package dev.mirrorline.engine.write;

import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Real storage that counts forces and makes each one take at least a given time, like a slow disk. */
final class ForceCountingStorage implements Storage {

    private final Storage delegate;
    private final Duration forceTime;
    final AtomicInteger forces = new AtomicInteger();

    ForceCountingStorage(Storage delegate, Duration forceTime) {
        this.delegate = delegate;
        this.forceTime = forceTime;
    }

    @Override
    public StorageFile create(Path path, long sizeBytes) throws IOException {
        return new CountingFile(delegate.create(path, sizeBytes));
    }

    @Override
    public StorageFile open(Path path, Access access) throws IOException {
        return new CountingFile(delegate.open(path, access));
    }

    @Override
    public boolean exists(Path path) {
        return delegate.exists(path);
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
        delegate.deleteIfExists(path);
    }

    @Override
    public java.util.List<Path> list(Path directory) throws IOException {
        return delegate.list(directory);
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        delegate.move(source, target);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        delegate.forceDirectory(directory);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        delegate.createDirectories(directory);
    }

    @Override
    public void writeAtomically(Path path, byte[] content) throws IOException {
        delegate.writeAtomically(path, content);
    }

    @Override
    public byte[] readAll(Path path) throws IOException {
        return delegate.readAll(path);
    }

    private final class CountingFile implements StorageFile {
        private final StorageFile file;

        CountingFile(StorageFile file) {
            this.file = file;
        }

        @Override
        public Path path() {
            return file.path();
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            file.read(position, dst);
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            file.write(position, src);
        }

        @Override
        public void force() throws IOException {
            forces.incrementAndGet();
            try {
                Thread.sleep(forceTime.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forcing", e);
            }
            file.force();
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            file.truncate(sizeBytes);
        }

        @Override
        public boolean tryLockExclusively() throws IOException {
            return file.tryLockExclusively();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
