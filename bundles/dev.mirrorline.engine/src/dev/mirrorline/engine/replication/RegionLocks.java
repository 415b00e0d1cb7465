package dev.mirrorline.engine.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks over 64 KiB regions of a volume: a write to the primary, or the read of a chunk for
 * the resync, holds the locks of the regions it touches while it is applied and sequenced, so that
 * two operations on overlapping blocks are sequenced in the order they were applied. Locks are
 * taken in ascending stripe order, so that two ranges never deadlock.
 */
final class RegionLocks {

    private static final int REGION_SIZE = 64 * 1024;
    private static final int STRIPES = 256;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    RegionLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The locks of a range, held until {@link Held#close()}. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Locks every region that {@code [offset, offset + length)} touches.
     *
     * @param clock through which the locks are taken (a simulation schedules it)
     * @return the held locks, to be closed
     */
    Held lock(dev.mirrorline.engine.time.Clock clock, long offset, int length) {
        TreeSet<Integer> touched = new TreeSet<>();
        long last = (offset + Math.max(length, 1) - 1) / REGION_SIZE;
        for (long region = offset / REGION_SIZE; region <= last && touched.size() < STRIPES; region++) {
            touched.add((int) (region % STRIPES));
        }
        List<ReentrantLock> locks = new ArrayList<>(touched.size());
        for (int stripe : touched) {
            locks.add(stripes[stripe]);
        }
        locks.forEach(clock::lock);
        return () -> {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        };
    }
}
