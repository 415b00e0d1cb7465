package dev.mirrorline.engine.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
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
        return new ChannelFile(path, channel, false);
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
        return new ChannelFile(path, FileChannel.open(path, options), attributes.isOther());
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

    /** A file or block device behind a {@link FileChannel}. */
    private static final class ChannelFile implements StorageFile {
        private final Path path;
        private final FileChannel channel;
        private final boolean blockDevice;
        private FileLock lock;

        ChannelFile(Path path, FileChannel channel, boolean blockDevice) {
            this.path = path;
            this.channel = channel;
            this.blockDevice = blockDevice;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public long size() throws IOException {
            return blockDevice ? blockDeviceSize(path) : channel.size();
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            long at = position;
            while (dst.hasRemaining()) {
                int read = channel.read(dst, at);
                if (read < 0) {
                    throw new EOFException(path + " ends at " + at + " bytes; " + dst.remaining()
                            + " more bytes were expected");
                }
                at += read;
            }
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            long at = position;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        }

        @Override
        public void force() throws IOException {
            channel.force(true);
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            channel.truncate(sizeBytes);
        }

        @Override
        public synchronized boolean tryLockExclusively() throws IOException {
            if (lock != null) {
                return true;
            }
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // another open file of this process holds it
            }
            return lock != null;
        }

        @Override
        public void close() throws IOException {
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
