package dev.mirrorline.engine.simulation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

import dev.mirrorline.engine.time.Clock;

/**
 * Runs the engine's threads one at a time, in an order drawn from a seed, on simulated time: the
 * baton scheduler behind the simulation's {@link Clock}.
 *
 * <p>Every simulated thread is a real thread that runs only while it holds the baton. It gives
 * the baton back at every <em>seam</em> call: a wait, wake-up or park through the clock, a storage
 * operation, a link operation, its start and its end. The controlling thread ({@link #run}) then
 * waits until every simulated thread is quiescent (stopped at a seam, ended, or blocked on a lock
 * whose owner is stopped at a seam), picks the next runnable one with the seeded random source,
 * and when none can run, moves simulated time to the earliest deadline of a waiting one.
 *
 * <p>A thread waiting on a monitor or a lock condition must give the lock up while it waits; it
 * does so with the real primitive ({@link Object#wait(long)}, {@link Condition#awaitNanos(long)})
 * and is woken for real only when the scheduler chooses it. Wake-ups from the engine
 * ({@link Clock#wakeAll(Object)} and the like) only tell the scheduler which waiters may go on.
 *
 * <p>A thread of a node that {@linkplain Group#kill() crashed} throws {@link SimulatedCrash} from
 * its next seam call, which unwinds it (its {@code finally} blocks release its locks).
 */
final class Scheduler {

    /** Thrown from the seams of a crashed node's threads: the process is gone. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String node) {
            super("simulated crash of " + node, null, false, false);
        }
    }

    /** The run broke down: no thread can ever run again, or a wait escapes the seams. */
    static final class SchedulerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SchedulerFailure(String message) {
            super(message);
        }
    }

    /** The threads of one node incarnation (or the simulator's own), killed together at a crash. */
    static final class Group {
        final String name;
        volatile boolean killed;

        Group(String name) {
            this.name = name;
        }

        void kill() {
            killed = true;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private enum Mode {
        /** Runnable as soon as chosen. */
        YIELD,
        /** Runnable once woken or past its deadline. */
        WAIT
    }

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int PARKED = 2;
    private static final int GRANTED = 3;
    private static final int EXITED = 4;

    /** How long the real thread waits before it looks again whether it was chosen (a safety net). */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** A thread that neither reaches a seam nor blocks on a stopped thread's lock this long is stuck. */
    private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static final ThreadLocal<SimThread> CURRENT = new ThreadLocal<>();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One simulated thread. */
    final class SimThread extends Thread {
        final int number;
        final Group group;
        volatile int state = NEW;
        Mode mode;
        Object waitKey;
        long deadline;
        boolean woken;
        /** An unpark that came while the thread was not parked: its next park returns at once. */
        volatile boolean permit;
        String seam = "start";
        /** The lock a condition waiter must take back before it can go on, or null. */
        Lock waitLock;
        /** How a chosen thread is woken for real: null for a park. */
        Runnable realWakeUp;

        SimThread(int number, Group group, String name, Runnable body) {
            super(() -> runBody(body), name);
            this.number = number;
            this.group = group;
            setDaemon(true);
        }

        @Override
        public synchronized void start() {
            register(this);
            super.start();
        }
    }

    private final Random random;
    private final Thread controller = Thread.currentThread();
    private final List<SimThread> threads = new ArrayList<>();
    private final Map<Long, SimThread> byThreadId = new HashMap<>();
    private final ExecutorService wakers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "simulation-waker");
        thread.setDaemon(true);
        return thread;
    });
    private final Trace trace;
    private final SimulatedClock clock = new SimulatedClock();
    private long now = TimeUnit.SECONDS.toNanos(1);
    private int nextNumber = 1;
    private long steps;
    private final long maxSteps;
    private Throwable firstUnexpected;

    Scheduler(long seed, Trace trace, long maxSteps) {
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.trace = trace;
        this.maxSteps = maxSteps;
    }

    /** @return the simulation's clock: simulated time, and every wait of a simulated thread */
    Clock clock() {
        return clock;
    }

    /** @return simulated nanoseconds since the start */
    long now() {
        return now;
    }

    /** @return how many times a thread was given the baton */
    long steps() {
        return steps;
    }

    /** @return an uncaught exception of a simulated thread other than a crash, or null */
    Throwable firstUnexpected() {
        return firstUnexpected;
    }

    /**
     * @param group whose threads they are
     * @param prefix the threads' name prefix
     * @return a factory of simulated threads
     */
    ThreadFactory threads(Group group, String prefix) {
        return body -> newThread(group, prefix, body);
    }

    /** Makes (but does not start) a simulated thread. */
    SimThread newThread(Group group, String name, Runnable body) {
        synchronized (threads) {
            int number = nextNumber++;
            return new SimThread(number, group, group + "/" + name + "#" + number, body);
        }
    }

    /** Starts a simulated thread at once. */
    SimThread start(Group group, String name, Runnable body) {
        SimThread thread = newThread(group, name, body);
        thread.start();
        return thread;
    }

    private void register(SimThread thread) {
        synchronized (threads) {
            threads.add(thread);
        }
    }

    private void runBody(Runnable body) {
        SimThread me = (SimThread) Thread.currentThread();
        CURRENT.set(me);
        byThreadIdPut(me);
        try {
            pause(me, Mode.YIELD, null, Long.MAX_VALUE, "start", null);
            body.run();
        } catch (SimulatedCrash crash) {
            // the node is gone, and this thread with it
        } catch (Throwable t) {
            if (!me.group.killed) {
                synchronized (threads) {
                    if (firstUnexpected == null) {
                        firstUnexpected = t;
                    }
                }
                trace.note(now, me.getName() + " died: " + t);
            }
        } finally {
            me.state = EXITED;
            LockSupport.unpark(controller);
        }
    }

    private void byThreadIdPut(SimThread me) {
        synchronized (byThreadId) {
            byThreadId.put(me.getId(), me);
        }
    }

    private SimThread byThreadId(long id) {
        synchronized (byThreadId) {
            return byThreadId.get(id);
        }
    }

    /** @return the calling simulated thread, or null for any other thread */
    static SimThread current() {
        return CURRENT.get();
    }

    /**
     * A seam call that changes nothing but lets another thread run first: before each storage and
     * link operation. Throws {@link SimulatedCrash} if the caller's node crashed.
     *
     * @param what for the step trace
     */
    void yieldHere(String what) {
        SimThread me = current();
        if (me == null) {
            return;
        }
        pause(me, Mode.YIELD, null, Long.MAX_VALUE, what, null);
    }

    /** Sleeps the calling simulated thread for a simulated duration. */
    void sleep(long nanos, String what) {
        SimThread me = current();
        if (me == null) {
            throw new IllegalStateException("only simulated threads sleep");
        }
        long until = now + Math.max(0, nanos);
        while (now < until) {
            pause(me, Mode.WAIT, me, until, what, null);
        }
    }

    /** Wakes every simulated thread waiting on a key (a monitor, condition, or thread). */
    void wake(Object key) {
        synchronized (threads) {
            for (SimThread thread : threads) {
                if (thread.state == PARKED && thread.mode == Mode.WAIT && thread.waitKey == key) {
                    thread.woken = true;
                }
            }
        }
    }

    /** Waits on a key (the caller need not hold anything) until woken or until the deadline. */
    void await(Object key, long deadline, String what) {
        SimThread me = current();
        if (me == null) {
            throw new IllegalStateException("only simulated threads wait");
        }
        pause(me, Mode.WAIT, key, deadline, what, null);
    }

    private void pause(SimThread me, Mode mode, Object key, long deadline, String what, Runnable realWait) {
        if (me.group.killed && me.state != NEW) {
            throw new SimulatedCrash(me.group.name);
        }
        me.mode = mode;
        me.waitKey = key;
        me.deadline = deadline;
        me.woken = false;
        me.seam = what;
        me.state = PARKED;
        LockSupport.unpark(controller);
        if (realWait == null) {
            while (me.state != GRANTED) {
                LockSupport.park(this);
            }
        } else {
            realWait.run();
        }
        me.state = RUNNING;
        if (me.group.killed) {
            throw new SimulatedCrash(me.group.name);
        }
    }

    /**
     * Runs the simulation until {@code finished} says so (asked only while every thread is stopped)
     * or no thread can run any more.
     *
     * @param finished asked between steps
     * @return whether it finished (false: every thread waits without a deadline)
     */
    boolean run(java.util.function.BooleanSupplier finished) {
        while (true) {
            awaitQuiescent();
            if (finished.getAsBoolean()) {
                return true;
            }
            SimThread next = pick();
            if (next == null) {
                long earliest = Long.MAX_VALUE;
                for (SimThread thread : snapshot()) {
                    // a waiter past its deadline that waits for a lock does not hold time back
                    if (thread.state == PARKED && thread.mode == Mode.WAIT && thread.deadline > now) {
                        earliest = Math.min(earliest, thread.deadline);
                    }
                }
                if (earliest == Long.MAX_VALUE) {
                    return false;
                }
                now = Math.max(now, earliest);
                continue;
            }
            if (++steps > maxSteps) {
                throw new SchedulerFailure("the run took more than " + maxSteps + " steps");
            }
            trace.step(now, next.getName(), next.seam);
            grant(next);
        }
    }

    /** Waits until every simulated thread stopped: at a seam, ended, or blocked on a stopped thread's lock. */
    void awaitQuiescent() {
        long started = System.nanoTime();
        boolean confirming = false;
        while (true) {
            List<SimThread> all = snapshot();
            boolean quiet = true;
            boolean unresolved = false;
            boolean blocked = false;
            for (SimThread thread : all) {
                int verdict = quiescent(thread, 0);
                if (verdict == BUSY) {
                    quiet = false;
                    break;
                }
                unresolved |= verdict == UNKNOWN_OWNER;
                blocked |= verdict != STOPPED || thread.state == RUNNING || thread.state == GRANTED;
            }
            // a thread blocked on a read-write lock (whose readers are not known) is stopped if
            // nothing else runs: only a stopped thread can hold that lock then. A thread blocked on
            // a lock is judged from two looks at different threads, which may be an instant apart:
            // the judgement must hold twice in a row.
            if (quiet && blocked && !confirming) {
                confirming = true;
                LockSupport.parkNanos(this, 200_000);
                continue;
            }
            confirming = false;
            if (quiet) {
                synchronized (threads) {
                    threads.removeIf(thread -> thread.state == EXITED);
                }
                return;
            }
            if (System.nanoTime() - started > STUCK_NANOS) {
                StringBuilder stuck = new StringBuilder("a simulated thread neither reached a seam nor blocked"
                        + " on a stopped thread's lock (a wait that bypasses the Clock?):");
                for (SimThread thread : all) {
                    if (quiescent(thread, 0) == BUSY) {
                        stuck.append("\n  ").append(thread.getName()).append(" ").append(thread.getState());
                        for (StackTraceElement element : thread.getStackTrace()) {
                            stuck.append("\n    at ").append(element);
                        }
                    }
                }
                throw new SchedulerFailure(stuck.toString());
            }
            LockSupport.parkNanos(this, unresolved ? 100_000 : 20_000);
        }
    }

    private List<SimThread> snapshot() {
        synchronized (threads) {
            return new ArrayList<>(threads);
        }
    }

    private static final int STOPPED = 0;
    private static final int BUSY = 1;
    /** Blocked on a lock without a single owner (a read-write lock's read side). */
    private static final int UNKNOWN_OWNER = 2;

    private int quiescent(SimThread thread, int depth) {
        int state = thread.state;
        if (state == PARKED || state == EXITED) {
            return STOPPED;
        }
        if (state == NEW || depth > 16) {
            return BUSY;
        }
        Thread.State real = thread.getState();
        if (real == Thread.State.RUNNABLE || real == Thread.State.NEW || real == Thread.State.TERMINATED) {
            return BUSY;
        }
        ThreadInfo info = THREADS.getThreadInfo(thread.getId());
        if (info == null) {
            return BUSY;
        }
        if (info.getLockOwnerId() < 0) {
            // a chosen thread on its way back from a real wait, or a lock released an instant ago
            String lock = info.getLockName();
            return state == RUNNING && lock != null && lock.contains("ReentrantReadWriteLock") ? UNKNOWN_OWNER : BUSY;
        }
        SimThread owner = byThreadId(info.getLockOwnerId());
        if (owner == null || owner == thread) {
            return BUSY;
        }
        if (owner.state == PARKED) {
            // stopped at a seam, unless it is only looking, for an instant, whether it was chosen
            Thread.State ownerState = owner.getState();
            return ownerState == Thread.State.WAITING || ownerState == Thread.State.TIMED_WAITING ? STOPPED : BUSY;
        }
        return quiescent(owner, depth + 1) == STOPPED ? STOPPED : BUSY;
    }

    private SimThread pick() {
        List<SimThread> runnable = new ArrayList<>();
        List<SimThread> dying = new ArrayList<>();
        for (SimThread thread : snapshot()) {
            if (thread.state != PARKED) {
                continue;
            }
            if (thread.group.killed) {
                dying.add(thread);
            } else if ((thread.mode == Mode.YIELD || thread.woken || thread.deadline <= now) && lockFree(thread)) {
                runnable.add(thread);
            }
        }
        if (!dying.isEmpty()) {
            return dying.get(0); // a crashed node's threads unwind first, in creation order
        }
        if (runnable.isEmpty()) {
            return null;
        }
        return runnable.get(random.nextInt(runnable.size()));
    }

    /**
     * A condition waiter whose lock another stopped thread holds cannot go on before that thread lets
     * go: choosing it then would let it run, unscheduled, at the moment the lock is released.
     */
    private static boolean lockFree(SimThread thread) {
        return !(thread.waitLock instanceof java.util.concurrent.locks.ReentrantLock lock && lock.isLocked());
    }

    private void grant(SimThread thread) {
        Runnable wakeUp = thread.realWakeUp;
        thread.realWakeUp = null;
        thread.state = GRANTED;
        if (wakeUp == null) {
            LockSupport.unpark(thread);
        } else {
            wakers.execute(wakeUp);
        }
    }

    /** Kills and unwinds every thread, then stops the helpers. */
    void shutDown(List<Group> groups) {
        groups.forEach(Group::kill);
        for (int i = 0; i < 10_000; i++) {
            awaitQuiescent();
            SimThread next = pick();
            if (next == null) {
                break;
            }
            grant(next);
        }
        wakers.shutdownNow();
    }

    /** The clock the engine sees: simulated time, and each wait a seam of the scheduler. */
    private final class SimulatedClock implements Clock {

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public Instant now() {
            return EPOCH.plusNanos(now);
        }

        @Override
        public void lockInterruptibly(Lock lock) throws InterruptedException {
            if (current() == null) {
                lock.lockInterruptibly();
                return;
            }
            lock(lock);
            if (Thread.interrupted()) {
                lock.unlock();
                throw new InterruptedException();
            }
        }

        @Override
        public void lock(Lock lock) {
            SimThread me = current();
            if (me == null) {
                lock.lock();
                return;
            }
            while (!lock.tryLock()) {
                // chosen again only once the lock is free (a read-write lock's halves: a moment later)
                me.waitLock = lock;
                try {
                    if (lock instanceof java.util.concurrent.locks.ReentrantLock) {
                        String text = lock.toString();
                        pause(me, Mode.YIELD, lock, Long.MAX_VALUE, "lock " + text.substring(text.indexOf('[')), null);
                    } else {
                        pause(me, Mode.WAIT, lock, now + 10_000, "lock " + describe(lock), null);
                    }
                } finally {
                    me.waitLock = null;
                }
            }
        }

        @Override
        public void waitOn(Object monitor) throws InterruptedException {
            waitOn(monitor, Long.MAX_VALUE);
        }

        @Override
        public void waitOn(Object monitor, long nanos) throws InterruptedException {
            SimThread me = current();
            if (me == null) {
                Clock.super.waitOn(monitor, nanos);
                return;
            }
            if (nanos <= 0) {
                return;
            }
            me.realWakeUp = () -> {
                synchronized (monitor) {
                    monitor.notifyAll();
                }
            };
            InterruptedException[] interrupted = new InterruptedException[1];
            pause(me, Mode.WAIT, monitor, deadline(nanos), "wait " + describe(monitor), () -> {
                try {
                    while (me.state != GRANTED) {
                        TimeUnit.NANOSECONDS.timedWait(monitor, POLL_NANOS);
                    }
                } catch (InterruptedException e) {
                    interrupted[0] = e;
                    while (me.state != GRANTED) {
                        LockSupport.parkNanos(POLL_NANOS);
                    }
                }
            });
            if (interrupted[0] != null) {
                throw interrupted[0];
            }
        }

        @Override
        public void wakeAll(Object monitor) {
            if (current() == null) {
                Clock.super.wakeAll(monitor);
            } else {
                wake(monitor);
            }
        }

        @Override
        public void await(Lock lock, Condition condition) throws InterruptedException {
            awaitNanos(lock, condition, Long.MAX_VALUE);
        }

        @Override
        public long awaitNanos(Lock lock, Condition condition, long nanos) throws InterruptedException {
            SimThread me = current();
            if (me == null) {
                return Clock.super.awaitNanos(lock, condition, nanos);
            }
            if (nanos <= 0) {
                return nanos;
            }
            long deadline = deadline(nanos);
            conditionWait(me, lock, condition, deadline, true);
            return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
        }

        @Override
        public void awaitUninterruptibly(Lock lock, Condition condition) {
            SimThread me = current();
            if (me == null) {
                Clock.super.awaitUninterruptibly(lock, condition);
                return;
            }
            try {
                conditionWait(me, lock, condition, Long.MAX_VALUE, false);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        /**
         * Waits on a condition as {@link Condition#await} does, without the real condition: lets go
         * of the lock (every hold), stops at the seam, and takes the lock back through the scheduler,
         * which chooses the thread only while the lock is free. No other thread is involved, so
         * nothing happens behind the scheduler's back.
         */
        private void conditionWait(SimThread me, Lock lock, Condition condition, long deadline, boolean interruptible)
                throws InterruptedException {
            java.util.concurrent.locks.ReentrantLock reentrant = (java.util.concurrent.locks.ReentrantLock) lock;
            int holds = reentrant.getHoldCount();
            if (holds == 0) {
                throw new IllegalMonitorStateException("awaiting a condition of a lock the thread does not hold");
            }
            for (int i = 0; i < holds; i++) {
                reentrant.unlock();
            }
            boolean retaken = false;
            try {
                me.waitLock = reentrant;
                pause(me, Mode.WAIT, condition, deadline, "await " + describe(condition), null);
                me.waitLock = null;
                for (int i = 0; i < holds; i++) {
                    lock(reentrant);
                }
                retaken = true;
            } finally {
                me.waitLock = null;
                if (!retaken) {
                    // crashing: the caller's finally blocks will let go of the lock, so take it back
                    while (reentrant.getHoldCount() < holds) {
                        reentrant.lock();
                    }
                }
            }
            if (Thread.interrupted()) {
                if (interruptible) {
                    throw new InterruptedException();
                }
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void signalAll(Lock lock, Condition condition) {
            if (current() == null) {
                Clock.super.signalAll(lock, condition);
            } else {
                wake(condition);
            }
        }

        @Override
        public void parkNanos(Object blocker, long nanos) {
            SimThread me = current();
            if (me == null) {
                Clock.super.parkNanos(blocker, nanos);
                return;
            }
            if (me.permit) {
                me.permit = false;
                return;
            }
            pause(me, Mode.WAIT, me, deadline(nanos), "park " + describe(blocker), null);
            me.permit = false;
        }

        @Override
        public void unpark(Thread thread) {
            if (current() == null || !(thread instanceof SimThread simulated)) {
                Clock.super.unpark(thread);
            } else {
                simulated.permit = true;
                wake(thread);
            }
        }

        @Override
        public void join(Thread thread, long millis) throws InterruptedException {
            SimThread me = current();
            if (me == null || !(thread instanceof SimThread joined)) {
                Clock.super.join(thread, millis);
                return;
            }
            long deadline = deadline(TimeUnit.MILLISECONDS.toNanos(millis));
            while (joined.state != EXITED && now < deadline) {
                pause(me, Mode.WAIT, joined, Math.min(deadline, now + TimeUnit.MILLISECONDS.toNanos(10)),
                        "join " + joined.getName(), null);
            }
        }

        private long deadline(long nanos) {
            return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
        }
    }

    private static String describe(Object key) {
        return key.getClass().getSimpleName();
    }

    /** @return a duration as simulated milliseconds, for traces */
    static String millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis() + " ms";
    }
}
