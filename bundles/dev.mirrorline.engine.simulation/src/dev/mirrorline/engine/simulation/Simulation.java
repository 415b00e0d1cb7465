package dev.mirrorline.engine.simulation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.Generations;
import dev.mirrorline.engine.replication.LinkRefusedException;
import dev.mirrorline.engine.replication.LinkSupervisor;
import dev.mirrorline.engine.replication.PrimaryReplicator;
import dev.mirrorline.engine.replication.ReplicatedWrite;
import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.engine.replication.ReplicationSettings;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.simulation.FaultSchedule.Action;
import dev.mirrorline.engine.simulation.FaultSchedule.Kind;
import dev.mirrorline.engine.simulation.Scheduler.Group;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;

/**
 * One seeded run of the real engine: a primary (volume, in-flight log, {@link PrimaryReplicator},
 * {@link LinkSupervisor}) and a secondary (volume, {@link SecondaryApplier}) on simulated disks,
 * joined by simulated links, driven by a {@link FaultSchedule}, with the invariants checked during
 * the run and at its end. Everything runs under one {@link Scheduler}; all randomness comes from
 * the seed.
 */
final class Simulation {

    /** How long the world stays quiet after the schedule, so that the pair can settle. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long a crashed node may take to come back once the schedule is over. */
    private static final long RESTART_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long MAX_STEPS = 2_000_000;
    /**
     * Whether a crash of the primary may be a power loss (its unforced writes survive with the
     * crash's percentage: 0, 50 or 100, the last being the end of its process, after which the
     * operating system still writes what the process wrote). On by default;
     * {@code -Dsim.primaryPowerLoss=false} makes every crash of the primary the end of its process.
     */
    private static final boolean PRIMARY_POWER_LOSS = Boolean
            .parseBoolean(System.getProperty("sim.primaryPowerLoss", "true"));
    /**
     * Whether the primary may crash while a client write is in progress. On by default;
     * {@code -Dsim.primaryCrashMidWrite=false} makes a crash of the primary wait (up to 5 simulated
     * seconds) until no client write is in progress.
     */
    private static final boolean PRIMARY_CRASH_MID_WRITE = Boolean
            .parseBoolean(System.getProperty("sim.primaryCrashMidWrite", "true"));
    /**
     * The primary's activity log: 16 KiB regions (4 blocks), at most 4 hot, so that writes to the
     * 16 regions of the volume make regions cool and hot again all the time.
     */
    static final dev.mirrorline.engine.replication.ActivityLog.Config ACTIVITY_LOG =
            new dev.mirrorline.engine.replication.ActivityLog.Config(16 * 1024, 4);

    private static final Path PRIMARY_IMAGE = Path.of("/primary/image");
    private static final Path PRIMARY_STATE = Path.of("/primary/volume-state");
    private static final Path PRIMARY_LOG = Path.of("/primary/inflight");
    private static final Path PRIMARY_REPLICATION = Path.of("/primary/replication");
    private static final Path SECONDARY_IMAGE = Path.of("/secondary/image");
    private static final Path SECONDARY_STATE = Path.of("/secondary/volume-state");
    private static final Path SECONDARY_APPLIED = Path.of("/secondary/applied");

    /**
     * What a run found.
     *
     * @param seed the seed
     * @param schedule what was done
     * @param violations the invariants broken, empty if none
     * @param trace the run's trace
     * @param steps scheduling steps
     * @param simulatedNanos simulated time at the end
     * @param faults faults injected, by kind
     * @param checks invariant checks made
     * @param confirmationCrashes crashes of the primary that came in the final confirmation of a resync
     * @param hotRestarts restarts of the primary that found hot regions in its activity log
     * @param hotBytesAtRestarts the bytes the primary's activity log held hot at its restarts
     * @param secondaryResyncCrashes crashes of the secondary just after it applied a batch of a resync
     */
    record Outcome(long seed, FaultSchedule schedule, List<String> violations, Trace trace, long steps,
            long simulatedNanos, Map<Kind, Integer> faults, long checks, int confirmationCrashes,
            int hotRestarts, long hotBytesAtRestarts, int secondaryResyncCrashes) {
        boolean failed() {
            return !violations.isEmpty();
        }
    }

    /** One client write, for the model of what each block may hold. */
    private static final class ClientWrite {
        final long id;
        final int first;
        final int blocks;
        final long started;
        long ended;
        /** The write returned or failed (or its primary crashed). */
        boolean finished;
        boolean acknowledgedBySecondary;

        ClientWrite(long id, int first, int blocks, long started) {
            this.id = id;
            this.first = first;
            this.blocks = blocks;
            this.started = started;
        }

        boolean covers(int block) {
            return block >= first && block < first + blocks;
        }

        /** @return whether this write surely completed before {@code other} began */
        boolean before(ClientWrite other) {
            return ended > 0 && ended < other.started;
        }
    }

    private final long seed;
    private final FaultSchedule schedule;
    private final Trace trace;
    private final Scheduler scheduler;
    private final Random world;
    private final Random ids;
    private final Group simulator = new Group("sim");
    private final List<Group> groups = new ArrayList<>(List.of(simulator));
    private final List<String> violations = new ArrayList<>();
    private final Map<Kind, Integer> faults = new EnumMap<>(Kind.class);
    private long checks;

    private final SimulatedStorage primaryDiskRoot;
    private final SimulatedStorage secondaryDiskRoot;
    private final ReplicationSettings settings;

    // the primary's current incarnation
    private Group primaryNode;
    private volatile boolean primaryUp;
    private SimulatedStorage primaryDisk;
    private Volume primaryVolume;
    private InFlightLog primaryLog;
    private PrimaryReplicator replicator;
    private LinkSupervisor supervisor;

    // the secondary's current incarnation
    private Group secondaryNode;
    private volatile boolean secondaryUp;
    private SimulatedStorage secondaryDisk;
    private Volume secondaryVolume;
    private SecondaryApplier applier;
    /** The secondary began a resync (it stages what arrives) and was not yet marked consistent. */
    private boolean secondaryResyncing;
    /** The generations the secondary was last told to adopt: once durable, it is consistent again. */
    private Generations adopting;
    /** The secondary's volume when its resync began: its last consistent state. */
    private byte[] secondaryConsistent;

    // the network
    private SimulatedLink link;
    private int links;
    private long partitionedUntil;
    private long maxLatency = TimeUnit.MILLISECONDS.toNanos(5);
    private long linkBytes;
    private int cutInFreeze = -1;
    private int cutInResync = -1;
    private int cutInConfirmation = -1;
    /** Restart delay of a crash of the primary armed for the final confirmation of the next resync; -1 if none. */
    private int crashInConfirmation = -1;
    /** Restart delay of a crash of the secondary armed for just after it acknowledges a resync batch; -1 if none. */
    private int crashSecondaryInResync = -1;
    private int secondaryResyncCrashes;
    private int confirmationCrashes;
    private int hotRestarts;
    private boolean corruptNext;
    private long cowFullUntil;

    // the model
    private long operations;
    private long nextWriteId = 1;
    private final List<ClientWrite> writes = new ArrayList<>();
    private final Map<Long, ClientWrite> writesById = new HashMap<>();
    /** Per block: the newest write that a completed flush made durable on the primary. */
    private final ClientWrite[] flushed = new ClientWrite[FaultSchedule.BLOCKS];
    private long clientBytes;
    /**
     * Writes that started before this operation may have been lost in a power loss of the primary
     * unless a flush had made them durable before it: a later flush does not bring them back.
     */
    private long lostUnflushedBefore;
    /** The bytes the primary's activity log held hot at its restarts: resynchronised as changed chunks. */
    private long hotBytesAtRestarts;
    private long resyncAllowance;
    private boolean frozen;
    private boolean resyncing;
    private boolean promoted;
    private byte[] promotedContent;
    private boolean refusedAfterPromotion;
    /** The secondary's generations before a promotion that has not finished yet, else null. */
    private Generations beforePromotion;
    private volatile boolean driverDone;

    /** Breaks the simulated world on purpose, to show that the invariants notice. */
    enum Sabotage {
        /** Nothing broken. */
        NONE,
        /** The secondary acknowledges its first batch with data without applying it. */
        ACKNOWLEDGE_WITHOUT_APPLYING,
        /** The primary's disk lets a write through while writes are frozen (the watcher is told of a write then). */
        WRITE_DURING_FREEZE
    }

    private final Sabotage sabotage;
    private boolean sabotaged;

    private Simulation(long seed, FaultSchedule schedule, boolean recordSteps) {
        this(seed, schedule, recordSteps, Sabotage.NONE);
    }

    private Simulation(long seed, FaultSchedule schedule, boolean recordSteps, Sabotage sabotage) {
        this.sabotage = sabotage;
        this.seed = seed;
        this.schedule = schedule;
        this.trace = new Trace(recordSteps);
        this.scheduler = new Scheduler(seed, trace, MAX_STEPS);
        this.world = new Random(seed * 0x9E3779B97F4A7C15L + 7);
        this.ids = new Random(seed * 31 + 11);
        this.primaryDiskRoot = new SimulatedStorage("primary", scheduler, world);
        this.secondaryDiskRoot = new SimulatedStorage("secondary", scheduler, world);
        this.primaryDisk = primaryDiskRoot;
        this.secondaryDisk = secondaryDiskRoot;
        this.settings = new ReplicationSettings(
                schedule.synchronous() ? ReplicationMode.SYNCHRONOUS : ReplicationMode.ASYNCHRONOUS,
                FaultSchedule.BLOCK, Duration.ofSeconds(1));
        primaryDiskRoot.watchWrites(path -> {
            if (sabotage == Sabotage.WRITE_DURING_FREEZE && frozen && !sabotaged) {
                sabotaged = true;
                note("SABOTAGE: a write to the primary image is reported inside the freeze");
                path = PRIMARY_IMAGE;
            }
            if (frozen && path.equals(PRIMARY_IMAGE)) {
                violation("a write reached the primary volume while its writes were frozen");
            }
        });
    }

    /**
     * Runs a schedule.
     *
     * @param seed the seed (also of the interleaving and the world's randomness)
     * @param schedule what to do
     * @return what it found
     */
    static Outcome run(long seed, FaultSchedule schedule) {
        return new Simulation(seed, schedule, false).run();
    }

    /**
     * Runs a schedule and keeps every scheduling step in the trace, to compare two runs.
     *
     * @param seed the seed
     * @param schedule what to do
     * @return what it found
     */
    static Outcome runRecordingSteps(long seed, FaultSchedule schedule) {
        return new Simulation(seed, schedule, true).run();
    }

    /**
     * Runs a schedule in a world broken on purpose.
     *
     * @param seed the seed
     * @param schedule what to do
     * @param sabotage what is broken
     * @return what it found
     */
    static Outcome runSabotaged(long seed, FaultSchedule schedule, Sabotage sabotage) {
        return new Simulation(seed, schedule, false, sabotage).run();
    }

    private Outcome run() {
        scheduler.start(simulator, "driver", this::drive);
        try {
            if (!scheduler.run(() -> driverDone)) {
                violation("every thread waits for ever: the engine deadlocked");
            } else {
                checkAtEnd();
            }
        } catch (Scheduler.SchedulerFailure e) {
            violation("the simulation broke down: " + e.getMessage());
        } finally {
            try {
                scheduler.shutDown(groups);
            } catch (RuntimeException e) {
                violation("the threads could not be stopped: " + e.getMessage());
            }
        }
        if (scheduler.firstUnexpected() != null) {
            violation("a thread died of " + scheduler.firstUnexpected());
        }
        return new Outcome(seed, schedule, List.copyOf(violations), trace, scheduler.steps(), scheduler.now(),
                faults, checks, confirmationCrashes, hotRestarts, hotBytesAtRestarts, secondaryResyncCrashes);
    }

    private void violation(String what) {
        trace.note(scheduler.now(), "VIOLATION: " + what);
        violations.add(what);
    }

    private void note(String line) {
        trace.note(scheduler.now(), line);
    }

    // ---------------------------------------------------------------- the driver

    private void drive() {
        try {
            setUp();
            long start = scheduler.now();
            for (Action action : schedule.actions()) {
                long at = start + action.atNanos();
                if (at > scheduler.now()) {
                    scheduler.sleep(at - scheduler.now(), "driver waits");
                }
                note("fault/op " + action);
                faults.merge(action.kind(), 1, Integer::sum);
                perform(action);
            }
            heal();
            scheduler.sleep(QUIET_NANOS, "quiet period");
        } catch (IOException e) {
            violation("the simulation could not set up: " + e);
        } finally {
            driverDone = true;
        }
    }

    private void setUp() throws IOException {
        for (SimulatedStorage disk : List.of(primaryDiskRoot, secondaryDiskRoot)) {
            disk.createDirectories(Path.of(disk == primaryDiskRoot ? "/primary" : "/secondary"));
        }
        VolumeGeometry geometry = new VolumeGeometry((long) FaultSchedule.BLOCKS * FaultSchedule.BLOCK,
                FaultSchedule.BLOCK);
        Volume.create(context(primaryDiskRoot, "primary"), PRIMARY_IMAGE, geometry, PRIMARY_STATE).close();
        Volume.create(context(secondaryDiskRoot, "secondary"), SECONDARY_IMAGE, geometry, SECONDARY_STATE).close();
        bootSecondary();
        bootPrimary();
    }

    private EngineContext context(SimulatedStorage storage, String node) {
        EventDispatcher events = new EventDispatcher(Runnable::run, e -> violation("an event listener threw " + e));
        events.addListener(event -> observe(node, event));
        return new EngineContext(storage, scheduler.clock(), events, Runnable::run,
                () -> new UUID(ids.nextLong(), ids.nextLong()));
    }

    private void bootPrimary() throws IOException {
        Group node = new Group("primary" + (groups.size()));
        groups.add(node);
        SimulatedStorage disk = primaryDiskRoot.remount();
        EngineContext context = context(disk, "primary");
        Volume volume = Volume.open(context, PRIMARY_IMAGE, FaultSchedule.BLOCK, PRIMARY_STATE);
        InFlightLog log = InFlightLog.open(disk, PRIMARY_LOG,
                InFlightLogConfig.defaults().withWindowBytes(64 * 1024).withSegmentBytes(16 * 1024),
                scheduler.clock());
        PrimaryReplicator primary = new PrimaryReplicator(volume, log, settings, PRIMARY_REPLICATION,
                scheduler.threads(node, "primary"), ACTIVITY_LOG);
        checks++;
        long hotBytes = primary.activityLog().regionsHotAtOpen().stream().mapToLong(range -> range[1]).sum();
        if (hotBytes > ACTIVITY_LOG.capacity() * ACTIVITY_LOG.regionBytes()) {
            violation("the primary restarted with " + hotBytes + " bytes hot in its activity log, more than its"
                    + " capacity of " + ACTIVITY_LOG.capacity() + " regions");
        }
        hotBytesAtRestarts += hotBytes;
        hotRestarts += hotBytes > 0 ? 1 : 0;
        primaryNode = node;
        primaryDisk = disk;
        primaryVolume = volume;
        primaryLog = log;
        replicator = primary;
        primaryUp = true;
        note("primary up (" + node + "), outage " + (primary.outage() != null));
        supervisor = new LinkSupervisor(primary, volume, this::connect, Duration.ofMillis(50), Duration.ofSeconds(1),
                scheduler.threads(node, "supervisor"));
    }

    private void bootSecondary() throws IOException {
        Group node = new Group("secondary" + (groups.size()));
        groups.add(node);
        SimulatedStorage disk = secondaryDiskRoot.remount();
        EngineContext context = context(disk, "secondary");
        Volume volume = Volume.open(context, SECONDARY_IMAGE, FaultSchedule.BLOCK, SECONDARY_STATE);
        SecondaryApplier opened = SecondaryApplier.open(context, volume, SECONDARY_APPLIED);
        if (secondaryResyncing && adopting != null && adopting.equals(opened.generations())) {
            // it crashed inside adopt, after the generations (its commit point) were durable
            secondaryResyncing = false;
            note("the secondary had recorded its consistency before the crash");
        }
        checks++;
        if (secondaryResyncing && !promoted
                && !java.util.Arrays.equals(secondaryConsistent, disk.contentOf(SECONDARY_IMAGE))) {
            violation("the secondary restarted half resynchronised: its volume is not the copy it had when the"
                    + " resync began");
        }
        if (promoted && promotedContent == null
                && java.util.Objects.equals(beforePromotion, opened.generations())) {
            promoted = false; // it crashed before the promotion started a new generation: none happened
            note("the promotion was lost in the crash of the secondary");
        } else if (promoted && promotedContent == null) {
            promotedContent = disk.contentOf(SECONDARY_IMAGE); // promoted; its writes may be lost in the crash
        }
        secondaryNode = node;
        secondaryDisk = disk;
        secondaryVolume = volume;
        applier = opened;
        secondaryUp = true;
        note("secondary up (" + node + "), applied " + opened.lastAppliedSequence());
    }

    private void perform(Action action) {
        switch (action.kind()) {
        case WRITE -> write(action.a(), action.b());
        case FLUSH -> flush();
        case CUT -> cutLink("cut by the schedule");
        case PARTITION -> partition(action.a());
        case CUT_IN_FREEZE -> cutInFreeze = action.a();
        case CUT_IN_RESYNC -> {
            if (action.b() == 1) {
                crashSecondaryInResync = action.a();
            } else {
                cutInResync = action.a();
            }
        }
        case CUT_IN_CONFIRMATION -> {
            if (action.b() == 2) {
                crashInConfirmation = action.a();
            } else {
                cutInConfirmation = action.b();
            }
        }
        case CRASH_PRIMARY -> crashPrimary(action.a(), action.b());
        case CRASH_SECONDARY -> crashSecondary(action.a(), action.b());
        case COW_STORE_FULL -> fillCowStores(action.a());
        case CORRUPT_CHUNK -> corruptNext = true;
        case LATENCY -> maxLatency = TimeUnit.MILLISECONDS.toNanos(action.a());
        case PROMOTE_SECONDARY -> promote(action.a());
        }
    }

    private void heal() {
        partitionedUntil = 0;
        cowFullUntil = 0;
        primaryDiskRoot.fillUp(null);
        cutInFreeze = -1;
        cutInResync = -1;
        cutInConfirmation = -1;
        crashInConfirmation = -1;
        crashSecondaryInResync = -1;
        corruptNext = false;
        long deadline = scheduler.now() + RESTART_LIMIT_NANOS;
        while ((!primaryUp || !secondaryUp) && scheduler.now() < deadline) {
            scheduler.sleep(TimeUnit.MILLISECONDS.toNanos(100), "driver awaits restarts");
        }
        if (!primaryUp || !secondaryUp) {
            violation("a crashed node did not come back within " + Scheduler.millis(RESTART_LIMIT_NANOS));
        }
        note("healed: network up, disks have room, both nodes up");
    }

    // ---------------------------------------------------------------- client operations

    private void write(int first, int blocks) {
        if (!primaryUp) {
            note("write skipped: the primary is down");
            return;
        }
        ClientWrite write = new ClientWrite(nextWriteId++, first, blocks, ++operations);
        writes.add(write);
        writesById.put(write.id, write);
        clientBytes += (long) blocks * FaultSchedule.BLOCK;
        PrimaryReplicator primary = replicator;
        scheduler.start(primaryNode, "write" + write.id, () -> {
            try {
                long sequence = primary.write((long) first * FaultSchedule.BLOCK, pattern(write));
                write.ended = ++operations;
                write.acknowledgedBySecondary = schedule.synchronous() && sequence > 0
                        && primary.acknowledged() >= sequence;
                note("write " + write.id + " of blocks " + first + "+" + blocks + " done, sequence " + sequence);
            } catch (IOException e) {
                note("write " + write.id + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                write.finished = true;
            }
        });
    }

    private static ByteBuffer pattern(ClientWrite write) {
        ByteBuffer data = ByteBuffer.allocate(write.blocks * FaultSchedule.BLOCK);
        for (int i = 0; i < write.blocks; i++) {
            int block = write.first + i;
            int start = i * FaultSchedule.BLOCK;
            data.putLong(start, write.id);
            data.putLong(start + 8, block);
            byte filler = (byte) (write.id * 31 + block);
            for (int at = start + 16; at < start + FaultSchedule.BLOCK; at++) {
                data.put(at, filler);
            }
        }
        return data;
    }

    /** @return the id of the write whose data a block holds; 0 for never written, -1 for damaged */
    private static long writeIdOf(byte[] image, int block) {
        ByteBuffer data = ByteBuffer.wrap(image, block * FaultSchedule.BLOCK, FaultSchedule.BLOCK).slice();
        long id = data.getLong(0);
        long at = data.getLong(8);
        if (id == 0 && at == 0) {
            for (int i = 16; i < FaultSchedule.BLOCK; i++) {
                if (data.get(i) != 0) {
                    return -1;
                }
            }
            return 0;
        }
        byte filler = (byte) (id * 31 + block);
        if (at != block || data.get(FaultSchedule.BLOCK - 1) != filler || data.get(16) != filler) {
            return -1;
        }
        return id;
    }

    private void flush() {
        if (!primaryUp) {
            return;
        }
        long started = ++operations;
        Volume volume = primaryVolume;
        scheduler.start(primaryNode, "flush", () -> {
            try {
                volume.flush();
            } catch (IOException e) {
                note("flush failed: " + e.getMessage());
                return;
            }
            for (int block = 0; block < FaultSchedule.BLOCKS; block++) {
                ClientWrite newest = null;
                for (ClientWrite write : writes) {
                    if (write.covers(block) && write.ended > 0 && write.ended < started
                            && write.started > lostUnflushedBefore && (newest == null || newest.before(write))) {
                        newest = write;
                    }
                }
                if (newest != null && (flushed[block] == null || flushed[block].before(newest))) {
                    flushed[block] = newest;
                }
            }
            note("flush done");
        });
    }

    // ---------------------------------------------------------------- faults

    private void cutLink(String reason) {
        SimulatedLink current = link;
        if (current != null) {
            note("link" + current.number + " cut: " + reason);
            current.cut(reason);
        }
    }

    private void partition(int millis) {
        partitionedUntil = Math.max(partitionedUntil, scheduler.now() + TimeUnit.MILLISECONDS.toNanos(millis));
        cutLink("network partitioned for " + millis + " ms");
    }

    private boolean partitioned() {
        return scheduler.now() < partitionedUntil;
    }

    private void fillCowStores(int millis) {
        cowFullUntil = Math.max(cowFullUntil, scheduler.now() + TimeUnit.MILLISECONDS.toNanos(millis));
        primaryDiskRoot.fillUp(path -> scheduler.now() < cowFullUntil && path.startsWith(PRIMARY_STATE)
                && "store".equals(path.getFileName().toString()));
    }

    private void crashPrimary(int restartAfterMillis, int survivalPercent) {
        if (!primaryUp) {
            return;
        }
        long waitedUntil = scheduler.now() + TimeUnit.SECONDS.toNanos(5);
        while (!PRIMARY_CRASH_MID_WRITE && scheduler.now() < waitedUntil
                && writes.stream().anyMatch(write -> !write.finished)) {
            scheduler.sleep(TimeUnit.MICROSECONDS.toNanos(100), "the crash waits for writes in progress");
        }
        if (!primaryUp) {
            return;
        }
        primaryUp = false;
        writes.forEach(write -> write.finished = true); // those still running die with the primary
        primaryNode.kill();
        frozen = false;
        resyncing = false;
        cutLink("the primary crashed");
        double survival = PRIMARY_POWER_LOSS ? survivalPercent / 100.0 : 1.0;
        primaryDiskRoot.crash(survival);
        if (survival < 1.0) {
            lostUnflushedBefore = ++operations;
        }
        checkFlushedWritesSurvived();
        scheduler.start(simulator, "restart-primary", () -> {
            scheduler.sleep(TimeUnit.MILLISECONDS.toNanos(restartAfterMillis), "primary is down");
            try {
                bootPrimary();
            } catch (IOException e) {
                violation("the primary cannot restart: " + e);
            }
        });
    }

    private void crashSecondary(int restartAfterMillis, int survivalPercent) {
        if (!secondaryUp) {
            return;
        }
        secondaryUp = false;
        secondaryNode.kill();
        cutLink("the secondary crashed");
        secondaryDiskRoot.crash(survivalPercent / 100.0);
        checkAcknowledgedWritesSurvived();
        scheduler.start(simulator, "restart-secondary", () -> {
            scheduler.sleep(TimeUnit.MILLISECONDS.toNanos(restartAfterMillis), "secondary is down");
            try {
                bootSecondary();
            } catch (IOException e) {
                violation("the secondary cannot restart: " + e);
            }
        });
    }

    private void promote(int blocks) {
        if (promoted || !secondaryUp || !partitioned()) {
            note("promotion skipped: it needs a partition and the secondary up");
            return;
        }
        promoted = true;
        if (link != null) {
            link.fence("the secondary was promoted: it no longer listens to its old primary");
        }
        SecondaryApplier promotedApplier = applier;
        Volume volume = secondaryVolume;
        long id = -(nextWriteId++);
        scheduler.start(secondaryNode, "promotion", () -> {
            try {
                callSecondary(() -> {
                    beforePromotion = promotedApplier.generations();
                    promotedApplier.startNewGeneration(new UUID(ids.nextLong(), ids.nextLong()));
                });
                ByteBuffer data = ByteBuffer.allocate(blocks * FaultSchedule.BLOCK);
                for (int i = 0; i < data.capacity(); i += 8) {
                    data.putLong(i, id);
                }
                volume.write(0, data);
                volume.flush();
                promotedContent = secondaryDiskRoot.contentOf(SECONDARY_IMAGE);
                beforePromotion = null;
                note("the secondary was promoted and wrote blocks 0+" + blocks);
            } catch (IOException e) {
                note("promotion failed: " + e.getMessage());
            }
        });
    }

    // ---------------------------------------------------------------- the connector and the link

    private LinkSupervisor.Connection connect(PrimaryReplicator primary) throws IOException, InterruptedException {
        scheduler.sleep((long) (world.nextDouble() * maxLatency), "connecting");
        if (partitioned()) {
            throw new IOException("the network is partitioned");
        }
        if (!secondaryUp) {
            throw new IOException("the secondary is down");
        }
        Group primaryGroup = primaryNode;
        Group secondaryGroup = secondaryNode;
        SecondaryApplier secondary = applier;
        InFlightLog log = primaryLog;
        // the secondary's side of the handshake, as the transport's SecondaryReplicationService does it
        Generations stated = primary.generations();
        long[] applied = new long[1];
        Generations[] afterwards = new Generations[1];
        // on a thread of the secondary, as a server answers: it goes on if the primary dies meanwhile
        Object answered = new Object();
        Throwable[] failure = new Throwable[1];
        boolean[] finished = new boolean[1];
        scheduler.start(secondaryGroup, "handshake", () -> {
            try {
                callSecondary(() -> {
                    Generations ours = secondary.generations();
                    if (ours == null) {
                        // never a copy: nothing to keep, the resync writes into the volume directly
                        if (stated.history().isEmpty()) {
                            secondary.adopt(stated);
                        }
                    } else {
                        switch (stated.compareWithSecondary(ours)) {
                        case IN_SYNC -> {
                        }
                        case SECONDARY_BEHIND -> beginResync(secondary);
                        case PRIMARY_BEHIND, SPLIT_BRAIN -> {
                            if (promoted) {
                                refusedAfterPromotion = true;
                            }
                            throw new LinkRefusedException("the secondary's generation " + ours.shortCurrent()
                                    + " is not behind the primary's " + stated.shortCurrent(), null);
                        }
                        }
                    }
                    applied[0] = secondary.lastAppliedSequence();
                    afterwards[0] = secondary.generations();
                });
            } catch (IOException | RuntimeException e) {
                failure[0] = e;
            } finally {
                finished[0] = true;
                scheduler.wake(answered);
            }
        });
        long giveUp = scheduler.now() + TimeUnit.SECONDS.toNanos(2);
        while (!finished[0]) {
            if (secondaryGroup.killed || scheduler.now() >= giveUp) {
                throw new IOException("the secondary did not answer the handshake");
            }
            scheduler.await(answered, Math.min(giveUp, scheduler.now() + TimeUnit.MILLISECONDS.toNanos(10)),
                    "handshake");
        }
        if (failure[0] instanceof IOException e) {
            throw e;
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (promoted) {
            violation("a promoted secondary accepted its old primary: the split brain went undetected");
        }
        cutLink("a new connection replaces it");
        SimulatedLink opened = new SimulatedLink(++links, scheduler, world, linkObserver(), maxLatency);
        resyncAllowance += log.outstandingBytes();
        opened.start(secondaryGroup, new SimulatedLink.Secondary() {
            @Override
            public long apply(SimulatedLink on, List<ReplicatedWrite> batch) throws IOException {
                long[] applied = new long[1];
                callSecondary(() -> applied[0] = applyChecked(batch));
                return applied[0];
            }

            private long applyChecked(List<ReplicatedWrite> batch) throws IOException {
                checks++;
                if (secondaryResyncing && !promoted && !secondary.resyncInProgress()) {
                    violation("the secondary applied resync data with no resync going on (its volume is written)");
                }
                if (sabotage == Sabotage.ACKNOWLEDGE_WITHOUT_APPLYING && !sabotaged && !batch.isEmpty()
                        && batch.get(0).sequence() == secondary.lastAppliedSequence() + 1) {
                    sabotaged = true;
                    note("SABOTAGE: the secondary acknowledges a batch it did not apply");
                    // the first write carries what the secondary holds already: it changes nothing
                    ReplicatedWrite first = batch.get(0);
                    byte[] image = secondaryDiskRoot.contentOf(SECONDARY_IMAGE);
                    ByteBuffer unchanged = ByteBuffer.wrap(java.util.Arrays.copyOfRange(image, (int) first.offset(),
                            (int) first.offset() + first.length()));
                    List<ReplicatedWrite> renumbered = new ArrayList<>(batch);
                    renumbered.set(0, ReplicatedWrite.of(first.sequence(), first.offset(), unchanged));
                    return secondary.apply(renumbered);
                }
                long applied = secondary.apply(batch);
                if (secondaryResyncing && crashSecondaryInResync >= 0 && !batch.isEmpty()) {
                    // the batch is acknowledged (or about to be): whatever was not made durable is lost
                    int restartAfter = crashSecondaryInResync;
                    crashSecondaryInResync = -1;
                    scheduler.start(simulator, "crash-secondary-in-resync", () -> {
                        if (secondaryUp) {
                            note("the secondary crashes during the resync, after applying a batch");
                            secondaryResyncCrashes++;
                            crashSecondary(restartAfter, 0);
                        }
                    });
                }
                checks++;
                if (secondaryResyncing && !promoted
                        && !java.util.Arrays.equals(secondaryConsistent, secondaryDiskRoot.contentOf(SECONDARY_IMAGE))) {
                    violation("the secondary's volume changed during a resync, before the resync was complete");
                }
                return applied;
            }

            @Override
            public void markConsistent(SimulatedLink on, Generations generations) throws IOException {
                adopting = generations;
                callSecondary(() -> secondary.adopt(generations));
                secondaryResyncing = false;
                note("link" + on.number + ": the secondary is marked consistent");
                if (cutAfterConfirmation == on) {
                    on.cut("cut after the confirmation was recorded");
                }
            }
        }, primaryGroup, primary::acknowledge);
        link = opened;
        note("link" + opened.number + " up: secondary applied " + applied[0]);
        return new LinkSupervisor.Connection(opened, "simulated secondary", applied[0], afterwards[0],
                () -> opened.cut("closed by the primary"));
    }

    private SimulatedLink cutAfterConfirmation;
    /**
     * Taken (through the simulated clock) around every call of the simulator into the secondary's
     * applier, whose methods hold its monitor across storage operations: a thread blocked on that
     * monitor would resume unscheduled when it is let go.
     */
    private final java.util.concurrent.locks.ReentrantLock secondaryCalls = new java.util.concurrent.locks.ReentrantLock();

    private void callSecondary(IoAction action) throws IOException {
        scheduler.clock().lock(secondaryCalls);
        try {
            action.run();
        } finally {
            secondaryCalls.unlock();
        }
    }

    /** Something done to the secondary that may fail. */
    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private void beginResync(SecondaryApplier secondary) throws IOException {
        if (!secondaryResyncing) {
            secondaryConsistent = secondaryDiskRoot.contentOf(SECONDARY_IMAGE);
        }
        secondary.beginResync();
        secondaryResyncing = true;
    }

    private SimulatedLink.Observer linkObserver() {
        return new SimulatedLink.Observer() {
            @Override
            public List<ReplicatedWrite> sending(SimulatedLink on, List<ReplicatedWrite> batch) {
                linkBytes += batch.stream().mapToLong(ReplicatedWrite::length).sum();
                if (resyncing && cutInResync >= 0 && !batch.isEmpty()) {
                    int millis = cutInResync;
                    cutInResync = -1;
                    partitionedUntil = Math.max(partitionedUntil,
                            scheduler.now() + TimeUnit.MILLISECONDS.toNanos(millis));
                    note("link" + on.number + " cut during the resync");
                    on.cut("cut during the resync");
                }
                if (corruptNext && !batch.isEmpty()) {
                    corruptNext = false;
                    List<ReplicatedWrite> damaged = new ArrayList<>(batch);
                    int which = world.nextInt(batch.size());
                    ReplicatedWrite victim = batch.get(which);
                    ByteBuffer data = ByteBuffer.allocate(victim.length());
                    data.put(victim.data().duplicate()).flip();
                    int at = world.nextInt(victim.length());
                    data.put(at, (byte) (data.get(at) ^ 0x5A));
                    damaged.set(which, new ReplicatedWrite(victim.sequence(), victim.offset(), data, victim.crc32c()));
                    note("link" + on.number + " corrupts a byte of sequence " + victim.sequence());
                    return damaged;
                }
                return batch;
            }

            @Override
            public void confirming(SimulatedLink on) {
                if (cutInConfirmation < 0) {
                    return;
                }
                if (cutInConfirmation == 0) {
                    note("link" + on.number + " cut before the confirmation");
                    on.cut("cut before the confirmation");
                } else {
                    cutAfterConfirmation = on;
                }
                cutInConfirmation = -1;
            }
        };
    }

    // ---------------------------------------------------------------- events and invariants

    private void observe(String node, EngineEvent event) {
        note(node + ": " + describe(event));
        if (!"primary".equals(node)) {
            return;
        }
        if (event instanceof EngineEvent.WritesFrozen) {
            frozen = true;
            if (cutInFreeze >= 0) {
                int millis = cutInFreeze;
                cutInFreeze = -1;
                partitionedUntil = Math.max(partitionedUntil, scheduler.now() + TimeUnit.MILLISECONDS.toNanos(millis));
                cutLink("cut while writes are frozen");
            }
        } else if (event instanceof EngineEvent.WritesResumed) {
            frozen = false;
        } else if (event instanceof EngineEvent.ResyncStarted started) {
            resyncing = true;
            resyncAllowance += started.changedBytes() + started.unacknowledgedBytes();
        } else if (event instanceof EngineEvent.ResyncProgress progress && crashInConfirmation >= 0
                && progress.chunksSent() == progress.chunksTotal()) {
            // every chunk is sequenced: the primary now waits for the final acknowledgements
            int restartAfter = crashInConfirmation;
            crashInConfirmation = -1;
            long after = (long) (world.nextDouble() * TimeUnit.MILLISECONDS.toNanos(3));
            int survival = world.nextInt(3) * 50;
            scheduler.start(simulator, "crash-in-confirmation", () -> {
                scheduler.sleep(after, "the crash waits for its moment");
                if (primaryUp) {
                    note("the primary crashes during the final confirmation of the resync");
                    confirmationCrashes++;
                    crashPrimary(restartAfter, survival);
                }
            });
        } else if (event instanceof EngineEvent.ResyncFinished || event instanceof EngineEvent.LinkDown) {
            resyncing = false;
        }
    }

    private static String describe(EngineEvent event) {
        String text = event.toString();
        int at = text.indexOf("at=");
        if (at >= 0) {
            int end = text.indexOf(", ", at);
            if (end > 0) {
                text = text.substring(0, at) + text.substring(end + 2);
            }
        }
        return text;
    }

    /** After a crash of the primary: every block still holds what the last flush made durable, or newer. */
    private void checkFlushedWritesSurvived() {
        byte[] image = primaryDiskRoot.contentOf(PRIMARY_IMAGE);
        for (int block = 0; block < FaultSchedule.BLOCKS; block++) {
            ClientWrite durable = flushed[block];
            if (durable == null) {
                continue;
            }
            checks++;
            long holds = writeIdOf(image, block);
            ClientWrite found = writesById.get(holds);
            if (holds != durable.id && (found == null || !found.covers(block) || found.before(durable))) {
                violation("block " + block + " lost flushed write " + durable.id + " in a crash of the primary: it"
                        + " holds " + (holds == 0 ? "zeros" : holds < 0 ? "damaged data" : "write " + holds));
            }
        }
    }

    /** After a crash of the secondary: what it acknowledged to a synchronous write is still there, or newer. */
    private void checkAcknowledgedWritesSurvived() {
        if (!schedule.synchronous() || promoted) {
            return;
        }
        byte[] image = secondaryDiskRoot.contentOf(SECONDARY_IMAGE);
        for (int block = 0; block < FaultSchedule.BLOCKS; block++) {
            ClientWrite newest = null;
            for (ClientWrite write : writes) {
                if (write.acknowledgedBySecondary && write.covers(block) && (newest == null || newest.before(write))) {
                    newest = write;
                }
            }
            if (newest == null) {
                continue;
            }
            checks++;
            long holds = writeIdOf(image, block);
            ClientWrite found = writesById.get(holds);
            if (holds != newest.id && (found == null || !found.covers(block) || found.before(newest))) {
                violation("block " + block + " of the secondary lost synchronous write " + newest.id
                        + ", acknowledged to the writer, in a crash of the secondary: it holds "
                        + (holds == 0 ? "zeros" : holds < 0 ? "damaged data" : "write " + holds));
            }
        }
    }

    private void checkAtEnd() {
        note("end of the quiet period: checking");
        if (promoted) {
            checks++;
            if (!refusedAfterPromotion) {
                violation("the secondary was promoted, yet no reconnection was refused as a split brain");
            }
            checks++;
            if (promotedContent != null
                    && !java.util.Arrays.equals(promotedContent, secondaryDiskRoot.contentOf(SECONDARY_IMAGE))) {
                byte[] now = secondaryDiskRoot.contentOf(SECONDARY_IMAGE);
                StringBuilder blocks = new StringBuilder();
                for (int block = 0; block < FaultSchedule.BLOCKS; block++) {
                    int from = block * FaultSchedule.BLOCK;
                    if (!java.util.Arrays.equals(promotedContent, from, from + FaultSchedule.BLOCK, now, from,
                            from + FaultSchedule.BLOCK)) {
                        blocks.append(blocks.length() == 0 ? "" : ", ").append(block).append(": write ")
                                .append(writeIdOf(promotedContent, block)).append(" at the promotion, write ")
                                .append(writeIdOf(now, block)).append(" now");
                    }
                }
                violation("the promoted secondary's data was overwritten after the split brain (blocks " + blocks
                        + ")");
            }
            return;
        }
        checks++;
        if (replicator.outage() != null) {
            violation("the primary is still in an outage after the quiet period");
        }
        checks++;
        if (!primaryDiskRoot.listNow(PRIMARY_STATE.resolve("snapshots")).isEmpty()) {
            violation("the primary's outage snapshot was not deleted: "
                    + primaryDiskRoot.listNow(PRIMARY_STATE.resolve("snapshots")));
        }
        checks++;
        if (!secondaryDiskRoot.listNow(SECONDARY_STATE.resolve("snapshots")).isEmpty()) {
            violation("the secondary's fallback snapshot was not deleted: "
                    + secondaryDiskRoot.listNow(SECONDARY_STATE.resolve("snapshots")));
        }
        checks++;
        if (!secondaryDiskRoot.listNow(SECONDARY_APPLIED.resolve("resync-staging")).isEmpty()) {
            violation("the secondary's resync staging was not dropped: "
                    + secondaryDiskRoot.listNow(SECONDARY_APPLIED.resolve("resync-staging")));
        }
        checks++;
        byte[] primaryImage = primaryDiskRoot.contentOf(PRIMARY_IMAGE);
        byte[] secondaryImage = secondaryDiskRoot.contentOf(SECONDARY_IMAGE);
        if (!java.util.Arrays.equals(primaryImage, secondaryImage)) {
            StringBuilder differing = new StringBuilder();
            for (int block = 0; block < FaultSchedule.BLOCKS; block++) {
                long primaryHolds = writeIdOf(primaryImage, block);
                long secondaryHolds = writeIdOf(secondaryImage, block);
                if (primaryHolds != secondaryHolds) {
                    differing.append(" block ").append(block).append(": primary write ").append(primaryHolds)
                            .append(", secondary write ").append(secondaryHolds).append(';');
                }
            }
            violation("the secondary differs from the primary after the quiet period:" + differing);
        }
        checks++;
        long bound = clientBytes + resyncAllowance + 8L * FaultSchedule.BLOCK;
        if (linkBytes > bound) {
            violation("the links carried " + linkBytes + " bytes of data, more than the bound of " + bound
                    + " (client writes " + clientBytes + " + resyncs and resends " + resyncAllowance + " + 32 KiB)");
        }
    }
}
