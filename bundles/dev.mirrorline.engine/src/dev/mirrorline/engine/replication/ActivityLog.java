package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.time.Clock;

/**
 * The primary's activity log, in the spirit of DRBD's: a small, durable set of the volume's
 * regions that writes may be changing ("hot" regions), so that a primary restarted after a crash
 * knows where its volume and the secondary's may differ without comparing them whole.
 *
 * <p>A write {@linkplain #enter enters} the regions it touches before it changes the volume, and
 * {@linkplain Entry#close leaves} them once it is complete: on the volume and, if replicated, durable
 * in the in-flight log. A region that is not hot yet is made hot first, and the log file is forced
 * before the write may go on; writes to regions already hot cost no I/O here. Regions cool lazily:
 * only when the set is full does the log make the volume durable ({@link VolumeForce}) and drop the
 * least recently used regions that no write is in, in one rewrite of the file.
 *
 * <p>Hence, for every region that is not hot, every write to it is durable on the volume, and each
 * such write is also durable in the in-flight log (resent if not acknowledged), or tracked by an
 * outage snapshot, or acknowledged by the secondary. After a crash, whatever was lost or only half
 * done lies in the regions still hot: the primary resynchronises them from its volume as it is.
 * How much that is stays bounded by the capacity times the region size.
 */
public final class ActivityLog {

    /** The file in the replication state directory. */
    static final String FILE = "activity-log";
    private static final byte[] MAGIC = "MLACTLG1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = 8 + 8 + 4;

    /**
     * How an activity log is sized.
     *
     * @param regionBytes the size of a region: a power of two, at least 4 KiB
     * @param capacity how many regions may be hot at once, at least 1; a single write that spans more
     *        may exceed it while it runs
     */
    public record Config(long regionBytes, int capacity) {

        /** The region size used unless told otherwise: 4 MiB, as DRBD's extents. */
        public static final long DEFAULT_REGION_BYTES = 4L << 20;

        /** The capacity used unless told otherwise: 1024 regions, so at most 4 GiB to resynchronise after a crash. */
        public static final int DEFAULT_CAPACITY = 1024;

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the bad value and what is allowed
         */
        public Config {
            if (regionBytes < 4096 || Long.bitCount(regionBytes) != 1) {
                throw new IllegalArgumentException("Activity log region of " + regionBytes
                        + " bytes is not allowed: it must be a power of two of at least 4096 bytes");
            }
            if (capacity < 1) {
                throw new IllegalArgumentException("Activity log capacity of " + capacity
                        + " regions is not allowed: it must be at least 1");
            }
        }

        /** @return 4 MiB regions, 1024 of them */
        public static Config defaults() {
            return new Config(DEFAULT_REGION_BYTES, DEFAULT_CAPACITY);
        }
    }

    /** Makes every completed write to the volume durable; the activity log calls it before cooling regions. */
    @FunctionalInterface
    public interface VolumeForce {
        /**
         * @throws IOException if the volume cannot be forced
         */
        void force() throws IOException;
    }

    /** The regions a write entered; closing it leaves them. */
    public interface Entry extends AutoCloseable {
        @Override
        void close();
    }

    /** One hot region: how many writes are in it now. */
    private static final class Region {
        int writers;
    }

    private final Storage storage;
    private final Path file;
    private final Clock clock;
    private final Config config;
    private final VolumeForce volumeForce;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a region has no writer any more. */
    private final Condition regionIdle = lock.newCondition();
    /** Hot regions by index, least recently entered first. Guarded by lock. */
    private final LinkedHashMap<Long, Region> hot = new LinkedHashMap<>(16, 0.75f, true);
    private final long recoveredRegionBytes;
    private final long[] recovered;
    private long regionsMadeHot;
    private long regionsCooled;
    private long volumeForces;

    private ActivityLog(Storage storage, Path file, Clock clock, Config config, VolumeForce volumeForce,
            long recoveredRegionBytes, long[] recovered) {
        this.storage = storage;
        this.file = file;
        this.clock = clock;
        this.config = config;
        this.volumeForce = volumeForce;
        this.recoveredRegionBytes = recoveredRegionBytes;
        this.recovered = recovered;
    }

    /**
     * Opens the activity log kept in a directory. The regions it finds hot were hot when the
     * previous primary stopped without cooling them (a crash): they stay hot, idle, until the log
     * cools them, and {@link #regionsHotAtOpen()} names them so that the primary resynchronises them.
     *
     * @param storage where the file is
     * @param stateDirectory the primary's replication state directory (created if missing)
     * @param clock through which its lock is taken and waited on
     * @param config region size and capacity
     * @param volumeForce makes the volume durable before regions cool
     * @return the log
     * @throws IOException if the file cannot be read or is damaged
     */
    public static ActivityLog open(Storage storage, Path stateDirectory, Clock clock, Config config,
            VolumeForce volumeForce) throws IOException {
        storage.createDirectories(stateDirectory);
        Path file = stateDirectory.resolve(FILE);
        long regionBytes = config.regionBytes();
        long[] found = new long[0];
        if (storage.exists(file)) {
            byte[] content = storage.readAll(file);
            ByteBuffer in = ByteBuffer.wrap(content);
            boolean valid = content.length >= HEADER_BYTES + 4;
            int count = 0;
            if (valid) {
                byte[] magic = new byte[MAGIC.length];
                in.get(magic);
                regionBytes = in.getLong();
                count = in.getInt();
                valid = java.util.Arrays.equals(magic, MAGIC) && regionBytes > 0 && count >= 0
                        && content.length == HEADER_BYTES + 8L * count + 4;
            }
            if (valid) {
                CRC32C crc = new CRC32C();
                crc.update(content, 0, content.length - 4);
                valid = ByteBuffer.wrap(content, content.length - 4, 4).getInt() == (int) crc.getValue();
            }
            if (!valid) {
                throw new IOException(file + " is damaged: the primary cannot tell which regions of its volume were"
                        + " being written when it stopped; delete the file and resynchronise the whole pair");
            }
            found = new long[count];
            for (int i = 0; i < count; i++) {
                found[i] = in.getLong();
            }
        }
        ActivityLog log = new ActivityLog(storage, file, clock, config, volumeForce, regionBytes, found);
        for (long region : found) {
            // recorded in another region size (the configuration changed): the regions that cover it
            long firstByte = region * regionBytes;
            for (long covering = firstByte / config.regionBytes(); covering <= (firstByte + regionBytes - 1)
                    / config.regionBytes(); covering++) {
                log.hot.put(covering, new Region());
            }
        }
        return log;
    }

    /** @return the region size and capacity */
    public Config config() {
        return config;
    }

    /**
     * The byte ranges of the volume that were hot when the log was opened: what a crash may have
     * left different between the primary and the secondary. Empty after a clean stop.
     *
     * @return {offset, length} pairs, ascending
     */
    public List<long[]> regionsHotAtOpen() {
        List<long[]> ranges = new ArrayList<>(recovered.length);
        long[] sorted = recovered.clone();
        java.util.Arrays.sort(sorted);
        for (long region : sorted) {
            ranges.add(new long[] { region * recoveredRegionBytes, recoveredRegionBytes });
        }
        return ranges;
    }

    /** @return how many regions are hot now */
    public int hotRegions() {
        clock.lock(lock);
        try {
            return hot.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return regions made hot, regions cooled and volume forces made for cooling since the log was opened */
    public long[] counters() {
        clock.lock(lock);
        try {
            return new long[] { regionsMadeHot, regionsCooled, volumeForces };
        } finally {
            lock.unlock();
        }
    }

    /**
     * Enters the regions a write touches, making those not hot yet hot (durably) first; if the set is
     * full, cools idle regions (one volume force), or waits until a write leaves one.
     *
     * @param offset the write's byte offset
     * @param length its length in bytes, positive
     * @return the entry, to be closed when the write is complete
     * @throws IOException if the log file cannot be written or the volume cannot be forced
     * @throws InterruptedException if interrupted while waiting for a region to become idle
     */
    public Entry enter(long offset, long length) throws IOException, InterruptedException {
        long first = offset / config.regionBytes();
        long last = (offset + Math.max(1, length) - 1) / config.regionBytes();
        clock.lockInterruptibly(lock);
        try {
            while (true) {
                int missing = 0;
                for (long region = first; region <= last; region++) {
                    if (!hot.containsKey(region)) {
                        missing++;
                    }
                }
                if (missing > 0 && hot.size() + missing > config.capacity() && !makeRoom(first, last, missing)) {
                    clock.await(lock, regionIdle); // every other region is in use: wait for a write to leave one
                    continue;
                }
                if (missing > 0) {
                    for (long region = first; region <= last; region++) {
                        if (!hot.containsKey(region)) {
                            hot.put(region, new Region());
                            regionsMadeHot++;
                        }
                    }
                    writeFile();
                }
                for (long region = first; region <= last; region++) {
                    hot.get(region).writers++;
                }
                return () -> leave(first, last);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cools idle regions, least recently used first, until {@code missing} more fit (and an eighth of
     * the capacity is free, so that one volume force serves several misses). Called with the lock held.
     *
     * @return whether the write may go on: there is room now, or no region is in use at all (a write
     *         larger than the capacity then exceeds it)
     */
    private boolean makeRoom(long first, long last, int missing) throws IOException {
        int target = Math.max(0, config.capacity() - missing - config.capacity() / 8);
        List<Long> idle = new ArrayList<>();
        boolean anyInUse = false;
        for (Map.Entry<Long, Region> entry : hot.entrySet()) {
            long region = entry.getKey();
            if (entry.getValue().writers > 0) {
                anyInUse = true;
            } else if ((region < first || region > last) && hot.size() - idle.size() > target) {
                idle.add(region);
            }
        }
        if (!idle.isEmpty()) {
            volumeForce.force(); // every write that left these regions is durable on the volume now
            volumeForces++;
            Iterator<Long> cooling = idle.iterator();
            while (cooling.hasNext()) {
                hot.remove(cooling.next());
                regionsCooled++;
            }
            // the file is rewritten by the caller, with the new regions in it
        }
        return hot.size() + missing <= config.capacity() || !anyInUse;
    }

    private void leave(long first, long last) {
        clock.lock(lock);
        try {
            boolean idle = false;
            for (long region = first; region <= last; region++) {
                Region entered = hot.get(region);
                if (entered != null && --entered.writers == 0) {
                    idle = true;
                }
            }
            if (idle) {
                clock.signalAll(lock, regionIdle);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cools every region no write is in: forces the volume, then records the rest (normally none).
     * For a clean stop, after which a restart has nothing to resynchronise.
     *
     * @throws IOException if the volume cannot be forced or the file written
     */
    public void coolIdleRegions() throws IOException {
        clock.lock(lock);
        try {
            boolean anyIdle = hot.values().stream().anyMatch(region -> region.writers == 0);
            if (!anyIdle && recovered.length == 0) {
                return;
            }
            volumeForce.force();
            volumeForces++;
            hot.values().removeIf(region -> {
                if (region.writers == 0) {
                    regionsCooled++;
                    return true;
                }
                return false;
            });
            writeFile();
        } finally {
            lock.unlock();
        }
    }

    /** Rewrites the file with the hot regions; durable when it returns. Called with the lock held. */
    private void writeFile() throws IOException {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + 8 * hot.size() + 4);
        out.put(MAGIC).putLong(config.regionBytes()).putInt(hot.size());
        for (long region : hot.keySet()) {
            out.putLong(region);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        storage.writeAtomically(file, out.array());
    }
}
