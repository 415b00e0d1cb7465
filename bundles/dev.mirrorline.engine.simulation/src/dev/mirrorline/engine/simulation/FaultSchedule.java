package dev.mirrorline.engine.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the simulated client and the simulated world do in one run, drawn from the seed before the
 * run starts: writes and flushes, and faults at simulated times. A prefix of a schedule is a
 * schedule too, which is how a failure is shrunk.
 *
 * @param actions in time order
 * @param synchronous whether the primary replicates synchronously
 */
record FaultSchedule(List<Action> actions, boolean synchronous) {

    /** Blocks of the simulated volumes. */
    static final int BLOCKS = 64;
    /** The block size, which is also the chunk size. */
    static final int BLOCK = 4096;
    private static final int HOT_FIRST = 8;
    private static final int HOT_BLOCKS = 8;

    /** What an action does. */
    enum Kind {
        /** The client writes blocks {@code a .. a + b - 1}. */
        WRITE,
        /** The client flushes the primary volume. */
        FLUSH,
        /** The connection breaks (both sides see it); the supervisor reconnects at once. */
        CUT,
        /** The network between the nodes is down for {@code a} ms: connections break, none can be made. */
        PARTITION,
        /** The next write freeze of the primary cuts the link (and partitions it for {@code a} ms). */
        CUT_IN_FREEZE,
        /**
         * The next resync chunk the primary sends cuts the link (and partitions it for {@code a} ms)
         * ({@code b} = 0); or ({@code b} = 1) the secondary crashes an instant after it acknowledged the
         * next batch of a resync, and restarts after {@code a} ms, losing unforced writes.
         */
        CUT_IN_RESYNC,
        /**
         * The next "you are consistent" message cuts the link before ({@code b} = 0) or after
         * ({@code b} = 1) the secondary records it; or ({@code b} = 2) the primary crashes, and
         * restarts after {@code a} ms, an instant after the next resync has sequenced its last
         * chunk, while it waits for the final acknowledgements.
         */
        CUT_IN_CONFIRMATION,
        /**
         * The primary crashes and restarts after {@code a} ms; unforced writes survive with {@code b}
         * percent (0, 50: a power loss; 100: the end of its process).
         */
        CRASH_PRIMARY,
        /** The secondary crashes and restarts after {@code a} ms; unforced writes survive with {@code b} percent. */
        CRASH_SECONDARY,
        /** The primary's snapshot stores cannot grow for {@code a} ms. */
        COW_STORE_FULL,
        /** The next batch with data reaches the secondary with one byte changed. */
        CORRUPT_CHUNK,
        /** Messages now take up to {@code a} ms. */
        LATENCY,
        /** During a partition, the secondary is promoted and written: a split brain. */
        PROMOTE_SECONDARY
    }

    /**
     * One action.
     *
     * @param atNanos simulated time
     * @param kind what
     * @param a first parameter (see {@link Kind})
     * @param b second parameter
     */
    record Action(long atNanos, Kind kind, int a, int b) {
        @Override
        public String toString() {
            return String.format("%7.3f s %s(%d, %d)", atNanos / 1e9, kind, a, b);
        }
    }

    /**
     * Draws a schedule.
     *
     * @param seed the seed
     * @return the schedule
     */
    static FaultSchedule draw(long seed) {
        Random random = new Random(seed);
        boolean synchronous = random.nextInt(10) < 3;
        int count = 10 + random.nextInt(50);
        List<Action> actions = new ArrayList<>(count);
        long at = TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < count; i++) {
            at += TimeUnit.MICROSECONDS.toNanos(random.nextInt(random.nextBoolean() ? 5_000 : 400_000));
            int roll = random.nextInt(1000);
            Action action;
            if (roll < 560) {
                boolean hot = random.nextInt(10) < 6;
                int length = 1 + random.nextInt(random.nextInt(8) == 0 ? 8 : 3);
                int first = hot ? HOT_FIRST + random.nextInt(HOT_BLOCKS) : random.nextInt(BLOCKS);
                first = Math.min(first, BLOCKS - length);
                action = new Action(at, Kind.WRITE, first, length);
            } else if (roll < 620) {
                action = new Action(at, Kind.FLUSH, 0, 0);
            } else if (roll < 680) {
                action = new Action(at, Kind.CUT, 0, 0);
            } else if (roll < 740) {
                action = new Action(at, Kind.PARTITION, 50 + random.nextInt(3000), 0);
            } else if (roll < 770) {
                action = new Action(at, Kind.CUT_IN_FREEZE, random.nextInt(1500), 0);
            } else if (roll < 810) {
                action = new Action(at, Kind.CUT_IN_RESYNC, random.nextInt(1500), random.nextInt(2));
            } else if (roll < 840) {
                action = new Action(at, Kind.CUT_IN_CONFIRMATION, random.nextInt(1500), random.nextInt(3));
            } else if (roll < 870) {
                action = new Action(at, Kind.CRASH_PRIMARY, 10 + random.nextInt(2000), random.nextInt(3) * 50);
            } else if (roll < 905) {
                action = new Action(at, Kind.CRASH_SECONDARY, 10 + random.nextInt(2000), random.nextInt(2) * 50);
            } else if (roll < 930) {
                action = new Action(at, Kind.COW_STORE_FULL, 10 + random.nextInt(2000), 0);
            } else if (roll < 955) {
                action = new Action(at, Kind.CORRUPT_CHUNK, 0, 0);
            } else if (roll < 985) {
                action = new Action(at, Kind.LATENCY, 1 + random.nextInt(random.nextBoolean() ? 20 : 400), 0);
            } else {
                action = new Action(at, Kind.PROMOTE_SECONDARY, 1 + random.nextInt(4), 0);
            }
            actions.add(action);
        }
        return new FaultSchedule(List.copyOf(actions), synchronous);
    }

    /**
     * @param length how many actions to keep
     * @return the schedule's first actions
     */
    FaultSchedule prefix(int length) {
        return new FaultSchedule(actions.subList(0, Math.min(length, actions.size())), synchronous);
    }
}
