package dev.mirrorline.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A storage that passes everything to another one, and wraps each file it opens with
 * {@link #wrap}: tests override what they want to observe or slow down.
 */
public class ForwardingStorage implements Storage {

    private final Storage delegate;

    /** @param delegate the storage that does the work */
    public ForwardingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /**
     * Wraps each file opened or created through this storage.
     *
     * @param file the delegate's file
     * @return what callers get; the file itself unless overridden
     */
    protected StorageFile wrap(StorageFile file) {
        return file;
    }

    @Override
    public StorageFile create(Path path, long sizeBytes) throws IOException {
        return wrap(delegate.create(path, sizeBytes));
    }

    @Override
    public StorageFile open(Path path, Access access) throws IOException {
        return wrap(delegate.open(path, access));
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
    public List<Path> list(Path directory) throws IOException {
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

    /** A file that passes everything to another one; tests override what they observe. */
    public static class ForwardingFile implements StorageFile {
        private final StorageFile file;

        /** @param file the file that does the work */
        public ForwardingFile(StorageFile file) {
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
