package dev.mirrorline.engine.write;

import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Storage in memory that can crash: what was not forced is lost, except that a random part of the
 * unforced tail of a file that only grew may survive, followed by a few garbage bytes, as a torn
 * write would leave it. Every open file fails after a crash, as if its process had died. Creating,
 * deleting and atomically replacing files are durable at once. One lock serialises everything,
 * so a crash happens between two operations.
 */
final class CrashableStorage implements Storage {

    private final Map<Path, Content> files = new HashMap<>();
    private final Set<Path> locked = new HashSet<>();
    private long generation;

    /** The bytes of one file: as everyone reads them now, and as they are on the "disk". */
    private static final class Content {
        byte[] current = new byte[0];
        byte[] durable = new byte[0];
    }

    /**
     * Loses everything that was not forced.
     *
     * @param random decides how much of each unforced tail survives; null: none does
     */
    synchronized void crash(Random random) {
        generation++;
        locked.clear();
        for (Content content : files.values()) {
            byte[] kept = content.durable;
            boolean onlyGrew = content.current.length > kept.length
                    && Arrays.equals(content.current, 0, kept.length, kept, 0, kept.length);
            if (random != null && onlyGrew && random.nextBoolean()) {
                int survivors = random.nextInt(content.current.length - kept.length + 1);
                byte[] garbage = new byte[random.nextInt(3) == 0 ? random.nextInt(16) : 0];
                random.nextBytes(garbage);
                byte[] torn = Arrays.copyOf(content.current, kept.length + survivors + garbage.length);
                System.arraycopy(garbage, 0, torn, kept.length + survivors, garbage.length);
                kept = torn;
            }
            content.current = kept;
            content.durable = kept;
        }
    }

    @Override
    public synchronized StorageFile create(Path path, long sizeBytes) throws IOException {
        if (files.containsKey(path)) {
            throw new FileAlreadyExistsException(path.toString());
        }
        Content content = new Content();
        content.current = new byte[(int) sizeBytes];
        content.durable = content.current.clone();
        files.put(path, content);
        return new MemoryFile(path, content, generation);
    }

    @Override
    public synchronized StorageFile open(Path path, Access access) throws IOException {
        Content content = files.get(path);
        if (content == null) {
            throw new NoSuchFileException(path.toString());
        }
        return new MemoryFile(path, content, generation);
    }

    @Override
    public synchronized boolean exists(Path path) {
        return files.containsKey(path);
    }

    @Override
    public synchronized void deleteIfExists(Path path) {
        files.remove(path);
    }

    @Override
    public synchronized java.util.List<Path> list(Path directory) {
        return files.keySet().stream().filter(path -> directory.equals(path.getParent())).sorted().toList();
    }

    @Override
    public synchronized void move(Path source, Path target) {
        // durable at once, like every other directory change here
        for (Path path : java.util.List.copyOf(files.keySet())) {
            if (path.startsWith(source)) {
                files.put(target.resolve(source.relativize(path)), files.remove(path));
            }
        }
    }

    @Override
    public void forceDirectory(Path directory) {
        // directory changes are durable at once here
    }

    @Override
    public void createDirectories(Path directory) {
        // directories are implicit
    }

    @Override
    public synchronized void writeAtomically(Path path, byte[] content) {
        Content replaced = new Content();
        replaced.current = content.clone();
        replaced.durable = content.clone();
        files.put(path, replaced);
    }

    @Override
    public synchronized byte[] readAll(Path path) throws IOException {
        Content content = files.get(path);
        if (content == null) {
            throw new NoSuchFileException(path.toString());
        }
        return content.current.clone();
    }

    private final class MemoryFile implements StorageFile {
        private final Path path;
        private final Content content;
        private final long openedIn;
        private boolean closed;
        private boolean holdsLock;

        MemoryFile(Path path, Content content, long openedIn) {
            this.path = path;
            this.content = content;
            this.openedIn = openedIn;
        }

        private void check() throws IOException {
            if (closed) {
                throw new IOException(path + " is closed");
            }
            if (openedIn != generation) {
                throw new IOException("crashed");
            }
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public long size() throws IOException {
            synchronized (CrashableStorage.this) {
                check();
                return content.current.length;
            }
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            synchronized (CrashableStorage.this) {
                check();
                if (position + dst.remaining() > content.current.length) {
                    throw new EOFException(path + " ends at " + content.current.length);
                }
                dst.put(content.current, (int) position, dst.remaining());
            }
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            synchronized (CrashableStorage.this) {
                check();
                int end = (int) position + src.remaining();
                if (end > content.current.length) {
                    content.current = Arrays.copyOf(content.current, end);
                }
                src.get(content.current, (int) position, src.remaining());
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (CrashableStorage.this) {
                check();
                content.durable = content.current.clone();
            }
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            synchronized (CrashableStorage.this) {
                check();
                if (sizeBytes < content.current.length) {
                    content.current = Arrays.copyOf(content.current, (int) sizeBytes);
                }
            }
        }

        @Override
        public boolean tryLockExclusively() throws IOException {
            synchronized (CrashableStorage.this) {
                check();
                if (holdsLock) {
                    return true;
                }
                holdsLock = locked.add(path);
                return holdsLock;
            }
        }

        @Override
        public void close() {
            synchronized (CrashableStorage.this) {
                if (!closed && holdsLock && openedIn == generation) {
                    locked.remove(path);
                }
                closed = true;
            }
        }
    }
}
