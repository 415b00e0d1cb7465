package dev.mirrorline.engine.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Storage on the machine's file systems and block devices, through {@link FileChannel}. */
public final class FileSystemStorage implements Storage {

    /** Linux exposes a block device's size in 512-byte sectors here, whatever its block size. */
    private static final Path SYS_CLASS_BLOCK = Path.of("/sys/class/block");
    private static final int SYSFS_SECTOR_SIZE = 512;

    @Override
    public StorageFile create(Path path, long sizeBytes) throws IOException {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("File size " + sizeBytes + " is negative");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.SPARSE);
        try {
            if (sizeBytes > 0) {
                // one byte at the end sets the size and leaves the rest a hole
                channel.write(ByteBuffer.allocate(1), sizeBytes - 1);
            }
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new ChannelFile(path, channel, false, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    @Override
    public StorageFile open(Path path, Access access) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such file or device");
        }
        if (attributes.isDirectory()) {
            throw new IOException(path + " is a directory, not a volume file or block device");
        }
        if (!Files.isReadable(path)) {
            throw new AccessDeniedException(path.toString(), null, "not readable by this user");
        }
        if (access == Access.READ_WRITE && !Files.isWritable(path)) {
            throw new AccessDeniedException(path.toString(), null, "not writable by this user");
        }
        Set<OpenOption> options = access == Access.READ_WRITE
                ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                : Set.of(StandardOpenOption.READ);
        return new ChannelFile(path, FileChannel.open(path, options), attributes.isOther(), options);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        }
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        Files.createDirectories(directory);
    }

    @Override
    public void writeAtomically(Path path, byte[] content) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(path.toAbsolutePath().getParent());
    }

    @Override
    public byte[] readAll(Path path) throws IOException {
        return Files.readAllBytes(path);
    }

    /**
     * A file or block device behind a {@link FileChannel}.
     *
     * <p>A {@code FileChannel} closes itself when a thread using it is interrupted, which would
     * make a journal or a volume unusable because some caller's thread was told to stop (a write
     * load being stopped, a job being cancelled). This file reopens its channel instead and retries
     * the operation, which is positional and so can be repeated; the interrupted thread keeps its
     * interrupt status, to stop at its next wait. Only {@link #close()} closes it for good.
     */
    private static final class ChannelFile implements StorageFile {
        /** Reopens in a row after which an operation gives up (each needs a new interrupt). */
        private static final int MAX_REOPENS = 100;

        private final Path path;
        private final boolean blockDevice;
        private final Set<OpenOption> reopenOptions;
        private volatile FileChannel channel;
        private volatile boolean closed;
        private FileLock lock;

        ChannelFile(Path path, FileChannel channel, boolean blockDevice, Set<OpenOption> reopenOptions) {
            this.path = path;
            this.channel = channel;
            this.blockDevice = blockDevice;
            this.reopenOptions = reopenOptions;
        }

        /** An operation on the channel, repeated on a reopened channel if the first was closed under it. */
        @FunctionalInterface
        private interface ChannelOperation<T> {
            T run(FileChannel on) throws IOException;
        }

        private <T> T withChannel(ChannelOperation<T> operation) throws IOException {
            boolean interrupted = false;
            try {
                for (int reopens = 0;; reopens++) {
                    FileChannel current = channel;
                    try {
                        return operation.run(current);
                    } catch (ClosedChannelException e) { // also ClosedByInterrupt- and AsynchronousCloseException
                        if (closed) {
                            throw new ClosedChannelException();
                        }
                        interrupted |= Thread.interrupted(); // else the retry is closed at once again
                        if (reopens == MAX_REOPENS) {
                            throw new IOException(path + " was closed " + MAX_REOPENS
                                    + " times in a row by interrupted threads", e);
                        }
                        reopen(current);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private synchronized void reopen(FileChannel closedOne) throws IOException {
            if (channel != closedOne || closed) {
                return; // another thread reopened it already, or it is closed for good
            }
            FileChannel reopened = FileChannel.open(path, reopenOptions);
            if (lock != null) {
                FileLock again = reopened.tryLock(); // the lock went with the closed channel
                if (again == null) {
                    reopened.close();
                    throw new IOException("Lost the lock on " + path + " to another process while reopening it");
                }
                lock = again;
            }
            channel = reopened;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public long size() throws IOException {
            return blockDevice ? blockDeviceSize(path) : withChannel(FileChannel::size);
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            int start = dst.position();
            withChannel(on -> {
                dst.position(start);
                long at = position;
                while (dst.hasRemaining()) {
                    int read = on.read(dst, at);
                    if (read < 0) {
                        throw new EOFException(path + " ends at " + at + " bytes; " + dst.remaining()
                                + " more bytes were expected");
                    }
                    at += read;
                }
                return null;
            });
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            int start = src.position();
            withChannel(on -> {
                src.position(start);
                long at = position;
                while (src.hasRemaining()) {
                    at += on.write(src, at);
                }
                return null;
            });
        }

        @Override
        public void force() throws IOException {
            // a write done on a channel closed since is in the file's page cache, which this forces too
            withChannel(on -> {
                on.force(true);
                return null;
            });
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            withChannel(on -> on.truncate(sizeBytes));
        }

        @Override
        public synchronized boolean tryLockExclusively() throws IOException {
            if (lock != null) {
                return true;
            }
            try {
                lock = withChannel(FileChannel::tryLock);
            } catch (OverlappingFileLockException e) {
                return false; // another open file of this process holds it
            }
            return lock != null;
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            channel.close(); // releases the lock too
        }

        private static long blockDeviceSize(Path device) throws IOException {
            Path name = device.toRealPath().getFileName();
            Path sectors = SYS_CLASS_BLOCK.resolve(name.toString()).resolve("size");
            try {
                return Long.parseLong(Files.readString(sectors).trim()) * SYSFS_SECTOR_SIZE;
            } catch (NoSuchFileException | NumberFormatException e) {
                throw new IOException("Cannot tell the size of " + device + ": it is not a regular file and "
                        + sectors + " does not give a block device size", e);
            }
        }
    }
}
