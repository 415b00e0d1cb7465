package dev.mirrorline.engine.simulation;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;

/**
 * One node's disk, in memory. A write changes what reads see at once but becomes durable only
 * when its file is forced; at a {@link #crash}, every write not forced is lost, except that each
 * may, by the seed, have reached the disk anyway (as a real disk's write-back cache may write any
 * of them). Directory entries (create, rename, delete) are durable at once: the simulation does not
 * model lost directory entries. Every operation is a seam: the scheduler may run another thread
 * first. While {@link #fillUp} is set, writes to the paths it matches fail as on a full disk.
 */
final class SimulatedStorage implements Storage {

    /** A write not forced yet. */
    private record Unforced(long position, byte[] bytes) {
    }

    /** A file's contents, now and as forced. */
    private static final class Inode {
        byte[] data = new byte[0];
        long size;
        byte[] durable = new byte[0];
        long durableSize;
        final List<Unforced> unforced = new ArrayList<>();
        Handle lockedBy;

        void ensure(long length) {
            if (data.length < length) {
                data = Arrays.copyOf(data, (int) Math.max(length, data.length * 2L));
            }
        }
    }

    /** What survives crashes: the disk itself, shared by the node's successive incarnations. */
    private static final class Disk {
        final TreeMap<Path, Inode> files = new TreeMap<>();
        final TreeSet<Path> directories = new TreeSet<>();
        int epoch;
        volatile Predicate<Path> fillUp;
        Consumer<Path> writeWatcher = path -> {
        };
        long bytesWritten;
    }

    private final String node;
    private final Scheduler scheduler;
    private final Random random;
    private final Disk disk;
    /** The incarnation this view belongs to: after a crash it refuses everything. */
    private final int mounted;

    SimulatedStorage(String node, Scheduler scheduler, Random random) {
        this(node, scheduler, random, new Disk());
    }

    private SimulatedStorage(String node, Scheduler scheduler, Random random, Disk disk) {
        this.node = node;
        this.scheduler = scheduler;
        this.random = random;
        this.disk = disk;
        this.mounted = disk.epoch;
    }

    /** @return the same disk as seen by the node's next incarnation (after {@link #crash}) */
    SimulatedStorage remount() {
        return new SimulatedStorage(node, scheduler, random, disk);
    }

    private void checkMounted(Path path) throws IOException {
        if (mounted != disk.epoch) {
            throw new IOException(node + " crashed: " + path + " is out of reach of this incarnation");
        }
    }

    /** @param paths the paths whose writes fail for lack of space, or null for none */
    void fillUp(Predicate<Path> paths) {
        disk.fillUp = paths;
    }

    /** @param watcher told of every write, before it is done */
    void watchWrites(Consumer<Path> watcher) {
        disk.writeWatcher = watcher;
    }

    /**
     * The node crashed: open disk.files are closed, locks released, and what was not forced is lost
     * (each unforced write survives with the given probability).
     *
     * @param survival the probability, 0 to 1, that an unforced write reached the disk anyway
     */
    void crash(double survival) {
      synchronized (disk) {
        disk.epoch++;
        for (Inode inode : disk.files.values()) {
            byte[] kept = Arrays.copyOf(inode.durable, (int) Math.max(inode.durable.length, inode.durableSize));
            long keptSize = inode.durableSize;
            for (Unforced write : inode.unforced) {
                if (survival > 0 && random.nextDouble() < survival) {
                    long end = write.position + write.bytes.length;
                    if (kept.length < end) {
                        kept = Arrays.copyOf(kept, (int) end);
                    }
                    System.arraycopy(write.bytes, 0, kept, (int) write.position, write.bytes.length);
                    keptSize = Math.max(keptSize, end);
                }
            }
            inode.unforced.clear();
            inode.data = kept;
            inode.size = keptSize;
            inode.durable = Arrays.copyOf(kept, kept.length);
            inode.durableSize = keptSize;
            inode.lockedBy = null;
        }
      }
    }

    /** @return the bytes a file holds now, read without a seam (for the simulator's checks) */
    byte[] contentOf(Path path) {
      synchronized (disk) {
        Inode inode = disk.files.get(path);
        return inode == null ? null : Arrays.copyOf(inode.data, (int) inode.size);
      }
    }

    /** @return whether a file or directory exists, without a seam (for the simulator's checks) */
    boolean existsNow(Path path) {
      synchronized (disk) {
        return disk.files.containsKey(path) || disk.directories.contains(path);
      }
    }

    /** @return the entries under a directory, without a seam (for the simulator's checks) */
    List<Path> listNow(Path directory) {
      synchronized (disk) {
        List<Path> found = new ArrayList<>();
        for (Path path : disk.files.keySet()) {
            if (path.getParent() != null && path.getParent().equals(directory)) {
                found.add(path);
            }
        }
        for (Path path : disk.directories) {
            if (path.getParent() != null && path.getParent().equals(directory)) {
                found.add(path);
            }
        }
        return found;
      }
    }

    /** @return every byte written to this disk so far */
    long bytesWritten() {
        return disk.bytesWritten;
    }

    /**
     * A force takes time, as on a disk: 0.1 to 2 simulated milliseconds, during which other threads
     * run (so that writes can arrive while, say, an outage is being declared).
     */
    private void forceLatency() {
        if (Scheduler.current() != null) {
            long nanos;
            synchronized (disk) {
                nanos = 100_000 + (long) (random.nextDouble() * 1_900_000);
            }
            scheduler.sleep(nanos, node + " disk busy");
        }
    }

    private void seam(String what, Path path) throws IOException {
        scheduler.yieldHere(node + " " + what + " " + shortName(path));
        checkMounted(path);
    }

    /** @return the last two names of a path, enough to tell snapshots apart in a trace */
    private static String shortName(Path path) {
        int count = path.getNameCount();
        return count >= 2 ? path.subpath(count - 2, count).toString() : String.valueOf(path.getFileName());
    }

    @Override
    public StorageFile create(Path path, long sizeBytes) throws IOException {
        seam("create", path);
        synchronized (disk) {
            if (disk.files.containsKey(path) || disk.directories.contains(path)) {
                throw new FileAlreadyExistsException(path.toString());
            }
            requireParent(path);
            Inode inode = new Inode();
            inode.size = sizeBytes;
            inode.durableSize = sizeBytes;
            disk.files.put(path, inode);
            return new Handle(path, inode, disk.epoch);
        }
    }

    @Override
    public StorageFile open(Path path, Access access) throws IOException {
        seam("open", path);
        synchronized (disk) {
            Inode inode = disk.files.get(path);
            if (inode == null) {
                if (disk.directories.contains(path)) {
                    throw new IOException(path + " is a directory, not a volume file or block device");
                }
                throw new NoSuchFileException(path.toString(), null, "no such file or device");
            }
            return new Handle(path, inode, disk.epoch);
        }
    }

    @Override
    public boolean exists(Path path) {
        scheduler.yieldHere(node + " exists " + path.getFileName());
        return mounted == disk.epoch && existsNow(path);
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
        seam("delete", path);
        synchronized (disk) {
            if (disk.files.remove(path) != null) {
                return;
            }
            if (disk.directories.contains(path)) {
                if (!listNow(path).isEmpty()) {
                    throw new DirectoryNotEmptyException(path.toString());
                }
                disk.directories.remove(path);
            }
        }
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        seam("list", directory);
        List<Path> found = listNow(directory);
        found.sort(null);
        return found;
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        seam("move", source);
        synchronized (disk) {
            if (disk.files.containsKey(target) || disk.directories.contains(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            if (disk.files.containsKey(source)) {
                disk.files.put(target, disk.files.remove(source));
                return;
            }
            if (!disk.directories.contains(source)) {
                throw new NoSuchFileException(source.toString());
            }
            // copies of the entries: a TreeMap reuses its entry objects when it removes one
            List<Map.Entry<Path, Inode>> moving = new ArrayList<>();
            for (Map.Entry<Path, Inode> entry : disk.files.entrySet()) {
                if (entry.getKey().startsWith(source)) {
                    moving.add(Map.entry(entry.getKey(), entry.getValue()));
                }
            }
            for (Map.Entry<Path, Inode> entry : moving) {
                disk.files.remove(entry.getKey());
            }
            for (Map.Entry<Path, Inode> entry : moving) {
                disk.files.put(target.resolve(source.relativize(entry.getKey())), entry.getValue());
            }
            for (Path directory : new ArrayList<>(disk.directories)) {
                if (directory.startsWith(source)) {
                    disk.directories.remove(directory);
                    disk.directories.add(target.resolve(source.relativize(directory)));
                }
            }
        }
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        seam("force-directory", directory);
        forceLatency();
        checkMounted(directory);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        seam("mkdirs", directory);
        synchronized (disk) {
            for (Path at = directory; at != null; at = at.getParent()) {
                if (disk.files.containsKey(at)) {
                    throw new FileAlreadyExistsException(at.toString(), null, "a file, not a directory");
                }
                disk.directories.add(at);
            }
        }
    }

    @Override
    public void writeAtomically(Path path, byte[] content) throws IOException {
        seam("write-atomically", path);
        forceLatency();
        checkMounted(path); // the node may have crashed while the disk was busy
        synchronized (disk) {
            requireParent(path);
            checkSpace(path);
            disk.writeWatcher.accept(path);
            Inode inode = new Inode();
            inode.data = content.clone();
            inode.size = content.length;
            inode.durable = content.clone();
            inode.durableSize = content.length;
            disk.bytesWritten += content.length;
            Inode old = disk.files.put(path, inode);
            if (old != null && old.lockedBy != null) {
                inode.lockedBy = null;
            }
        }
    }

    @Override
    public byte[] readAll(Path path) throws IOException {
        seam("read-all", path);
        byte[] content = contentOf(path);
        if (content == null) {
            throw new NoSuchFileException(path.toString());
        }
        return content;
    }

    private void requireParent(Path path) throws IOException {
        Path parent = path.getParent();
        if (parent != null && !disk.directories.contains(parent)) {
            throw new NoSuchFileException(path.toString(), null, "its directory does not exist");
        }
    }

    private void checkSpace(Path path) throws IOException {
        Predicate<Path> full = disk.fillUp;
        if (full != null && full.test(path)) {
            throw new IOException("No space left on device (simulated): " + path);
        }
    }

    /** An open file; it stops working when its node crashes. */
    private final class Handle implements StorageFile {
        private final Path path;
        private final Inode inode;
        private final int openedIn;
        private boolean closed;

        Handle(Path path, Inode inode, int openedIn) {
            this.path = path;
            this.inode = inode;
            this.openedIn = openedIn;
        }

        private void check() throws IOException {
            if (closed) {
                throw new java.nio.channels.ClosedChannelException();
            }
            if (openedIn != disk.epoch) {
                throw new IOException(path + " was open when its node crashed");
            }
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public long size() throws IOException {
            seam("size", path);
            synchronized (disk) {
                check();
                return inode.size;
            }
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            seam("read", path);
            synchronized (disk) {
                check();
                int length = dst.remaining();
                if (position + length > inode.size) {
                    throw new EOFException(path + " ends at " + inode.size + " bytes; " + length
                            + " bytes from " + position + " were expected");
                }
                inode.ensure(position + length);
                dst.put(inode.data, (int) position, length);
            }
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            seam("write", path);
            synchronized (disk) {
                check();
                checkSpace(path);
                disk.writeWatcher.accept(path);
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                inode.ensure(position + bytes.length);
                System.arraycopy(bytes, 0, inode.data, (int) position, bytes.length);
                inode.size = Math.max(inode.size, position + bytes.length);
                inode.unforced.add(new Unforced(position, bytes));
                disk.bytesWritten += bytes.length;
            }
        }

        @Override
        public void force() throws IOException {
            seam("force", path);
            forceLatency();
            synchronized (disk) {
                check();
                inode.durable = Arrays.copyOf(inode.data, inode.data.length);
                inode.durableSize = inode.size;
                inode.unforced.clear();
            }
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            seam("truncate", path);
            synchronized (disk) {
                check();
                if (sizeBytes < inode.size) {
                    inode.size = sizeBytes;
                    Arrays.fill(inode.data, (int) Math.min(sizeBytes, inode.data.length), inode.data.length, (byte) 0);
                    // a truncation is metadata: durable at once, as directory entries are here
                    inode.durableSize = Math.min(inode.durableSize, sizeBytes);
                    if (inode.durable.length > sizeBytes) {
                        Arrays.fill(inode.durable, (int) sizeBytes, inode.durable.length, (byte) 0);
                    }
                    inode.unforced.removeIf(write -> write.position >= sizeBytes);
                }
            }
        }

        @Override
        public boolean tryLockExclusively() throws IOException {
            seam("lock", path);
            synchronized (disk) {
                check();
                if (inode.lockedBy != null && inode.lockedBy != this && !inode.lockedBy.closed
                        && inode.lockedBy.openedIn == disk.epoch) {
                    return false;
                }
                inode.lockedBy = this;
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (disk) {
                closed = true;
                if (inode.lockedBy == this) {
                    inode.lockedBy = null;
                }
            }
        }
    }
}
