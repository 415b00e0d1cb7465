package dev.mirrorline.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEventListener;
import dev.mirrorline.engine.replication.LinkSupervisor;
import dev.mirrorline.engine.replication.Generations;
import dev.mirrorline.engine.replication.Outage;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.PrimaryReplicator;
import dev.mirrorline.engine.replication.ReplicationSettings;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.volume.ChangedChunks;
import dev.mirrorline.engine.volume.Snapshot;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;
import dev.mirrorline.engine.write.Update;
import dev.mirrorline.transport.GrpcLinkConnector;
import dev.mirrorline.transport.NodeServer;
import dev.mirrorline.transport.TransportSecurity;

/**
 * One running pair on this node: the primary volume with its in-flight log, replicator and link
 * supervisor; for a local secondary, the secondary volume with its applier, served over gRPC on
 * loopback; and a write-load generator. Everything the console does to a pair goes through here.
 *
 * <p>With a local secondary the roles can change (see {@link PairRoles}): {@link #demote} refuses
 * writes on the primary, {@link #drain} waits until the secondary has everything, and
 * {@link #switchRoles} makes the secondary the primary (a planned switchover). After a disaster,
 * {@link #failover} declares the primary lost and promotes the secondary at once; {@link #failback}
 * later brings the former primary back as the secondary, sending it only the chunks that either
 * side changed since the split. Which volume is the primary is recorded with the pair, so a node
 * restart comes back the same way; each step is an {@link EngineEvent.RoleChanged} event.
 */
public final class Pair implements AutoCloseable {

    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAXIMUM_BACKOFF = Duration.ofSeconds(5);
    private static final int LOAD_WRITES_PER_SECOND = 200;
    /** In a new epoch's directory: the generations the promoted side shared with the old primary. */
    private static final String FAILBACK_ANCESTOR = "failback-ancestor";
    /** In a new epoch's directory: the old primary's generations when it was declared lost. */
    private static final String OLD_PRIMARY_GENERATIONS = "old-primary";
    /** In a new epoch's directory: what a failback must take back from the old primary. */
    private static final String FAILBACK_FILE = "failback.properties";

    private final String name;
    private volatile PairSpec spec;
    private final Path directory;
    private final EngineContext context;
    private final TransportSecurity security;
    /** The pair's primary image as created. */
    private final Volume originalPrimaryVolume;
    /** The pair's local secondary image as created, or null for a remote secondary. */
    private final Volume originalSecondaryVolume;
    private volatile PairRoles roles;
    private volatile Replication replication;
    /** Writes hold it shared; a role change holds it exclusively, so no write is in progress across it. */
    private final ReentrantReadWriteLock writeGate = new ReentrantReadWriteLock();
    /** Why writes to the primary are refused (it was demoted), or null while it takes writes. */
    private volatile String writeRefusal;
    private final List<Runnable> rolesListeners = new CopyOnWriteArrayList<>();
    private final EngineEventListener progressListener;
    private volatile long resyncSent;
    private volatile long resyncTotal;
    private volatile boolean resyncRunning;
    private volatile String loadFailure;

    /** The parts of the current roles: the primary's log, replicator, link and load; the secondary's applier and server. */
    private static final class Replication {
        Volume primaryVolume;
        /** The secondary volume if it is held on this node, or null. */
        Volume secondaryVolume;
        InFlightLog log;
        PrimaryReplicator primary;
        /** Null if no secondary is served here (a remote one, or an old primary declared lost). */
        SecondaryApplier applier;
        NodeServer secondaryServer;
        LinkSupervisor supervisor;
        WriteLoad load;

        /** Stops the load, the link, the replicator and the secondary's server, and closes the log; not the volumes. */
        void close() throws IOException {
            try {
                if (load != null) {
                    load.stop();
                }
                if (supervisor != null) {
                    supervisor.close();
                }
                if (primary != null) {
                    primary.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (secondaryServer != null) {
                secondaryServer.close();
            }
            if (log != null) {
                log.close();
            }
        }
    }

    /** Set by a new pair whose volumes may differ, until its replication has recorded the full copy to make. */
    private boolean copyInFullAtFirstConnection;

    private Pair(EngineContext context, PairSpec spec, Path directory, TransportSecurity security, Volume primary,
            Volume secondary, PairRoles roles) {
        this.name = spec.name();
        this.spec = spec;
        this.directory = directory;
        this.context = context;
        this.security = security;
        this.originalPrimaryVolume = primary;
        this.originalSecondaryVolume = secondary;
        this.roles = roles;
        this.progressListener = this::follow;
    }

    /**
     * Opens a pair's volumes and starts replicating, in the direction recorded with it.
     *
     * @param context the node's storage, clock and events
     * @param spec the pair
     * @param directory the pair's state directory
     * @param security the node's transport security (the pair's peers are pinned in it)
     * @return the running pair
     * @throws IOException if a volume or the log cannot be opened, or the local secondary cannot be served
     */
    static Pair start(EngineContext context, PairSpec spec, Path directory, TransportSecurity security)
            throws IOException {
        return start(context, spec, directory, security, false);
    }

    /**
     * @param copyInFull whether the secondary gets a full copy of the primary first: for a new pair
     *        whose volumes may differ
     */
    static Pair start(EngineContext context, PairSpec spec, Path directory, TransportSecurity security,
            boolean copyInFull) throws IOException {
        Volume primary = null;
        Volume secondary = null;
        try {
            primary = Volume.open(context, spec.primaryImage(), VolumeGeometry.DEFAULT_BLOCK_SIZE,
                    directory.resolve("primary-volume"));
            if (spec.secondary() instanceof PairSpec.LocalSecondary local) {
                secondary = Volume.open(context, local.image(), VolumeGeometry.DEFAULT_BLOCK_SIZE,
                        directory.resolve("secondary-volume"));
            }
            PairRoles roles = PairRoles.read(context.storage(), directory);
            if (roles.direction() == PairDirection.REVERSED && secondary == null) {
                throw new IOException(directory.resolve(PairRoles.FILE) + " says the secondary is the primary, but"
                        + " the secondary of " + spec.name() + " is on another host");
            }
            Pair pair = new Pair(context, spec, directory, security, primary, secondary, roles);
            pair.copyInFullAtFirstConnection = copyInFull;
            pair.replication = pair.openReplication(roles);
            context.events().addListener(pair.progressListener);
            if (roles.oldPrimary() == PairRoles.OldPrimary.FAILBACK && pair.replication.primary.outage() == null) {
                pair.finishFailback(); // it ended before the node stopped, the clean-up did not
            }
            return pair;
        } catch (IOException | RuntimeException e) {
            for (Volume volume : new Volume[] { primary, secondary }) {
                try {
                    if (volume != null) {
                        volume.close();
                    }
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /** Opens the log, replicator, link and (for a local secondary) applier and server of some roles. */
    private Replication openReplication(PairRoles opened) throws IOException {
        boolean reversed = opened.direction() == PairDirection.REVERSED;
        Replication parts = new Replication();
        parts.primaryVolume = reversed ? originalSecondaryVolume : originalPrimaryVolume;
        parts.secondaryVolume = reversed ? originalPrimaryVolume : originalSecondaryVolume;
        Path epoch = opened.epochDirectory(directory);
        try {
            parts.log = InFlightLog.open(context.storage(), epoch.resolve("in-flight"),
                    InFlightLogConfig.defaults().withWindowBytes(spec.inFlightWindowBytes()), context.clock());
            parts.primary = new PrimaryReplicator(parts.primaryVolume, parts.log,
                    new ReplicationSettings(spec.mode(), spec.chunkSize(), spec.linkTimeout(),
                            spec.resyncBytesPerSecond()),
                    epoch.resolve("primary-replication"), task -> daemon(task, "mirrorline-" + spec.name()));
            PairHandshake handshake = new PairHandshake(spec.name(), parts.primaryVolume.geometry(), spec.chunkSize(),
                    PairHandshake.PROTOCOL_VERSION);
            LinkSupervisor.Connector connector;
            boolean lost = opened.oldPrimary() == PairRoles.OldPrimary.LOST;
            if (parts.secondaryVolume != null && !lost) {
                parts.applier = SecondaryApplier.open(context, parts.secondaryVolume,
                        epoch.resolve("secondary-replication"));
                parts.secondaryServer = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0), security,
                        handshake, parts.applier);
                connector = new GrpcLinkConnector(new InetSocketAddress("127.0.0.1", parts.secondaryServer.port()),
                        handshake, spec.linkTimeout(), security);
            } else if (parts.secondaryVolume != null) {
                String volumeName = parts.secondaryVolume.name();
                connector = primary -> {
                    throw new IOException("The former primary " + volumeName + " was declared lost: fail back to make"
                            + " it the secondary again");
                };
            } else {
                PairSpec.RemoteSecondary remote = (PairSpec.RemoteSecondary) spec.secondary();
                connector = new GrpcLinkConnector(new InetSocketAddress(remote.host(), remote.port()), handshake,
                        spec.linkTimeout(), security);
            }
            if (opened.oldPrimary() == PairRoles.OldPrimary.FAILBACK) {
                parts.primary.includeInResync(oldPrimaryChanges(opened));
            }
            if (copyInFullAtFirstConnection) {
                // before the supervisor connects; recorded in the outage, so a restart carries on
                copyInFullAtFirstConnection = false;
                parts.primary.copyInFull("initial synchronisation: the secondary gets a full copy of the primary");
            }
            parts.supervisor = new LinkSupervisor(parts.primary, parts.primaryVolume, connector, INITIAL_BACKOFF,
                    MAXIMUM_BACKOFF, task -> daemon(task, "mirrorline-link-" + spec.name()));
            if (lost) {
                // the promotion snapshot: from here its exception table lists every chunk the new primary writes
                parts.supervisor.hold("the former primary " + parts.secondaryVolume.name() + " was declared lost");
            }
            parts.load = new WriteLoad(parts.primary, parts.primaryVolume.geometry().sizeBytes(),
                    LOAD_WRITES_PER_SECOND, failure -> loadFailure = "the write load stopped: " + failure.getMessage());
            return parts;
        } catch (IOException | RuntimeException e) {
            try {
                parts.close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void follow(EngineEvent event) {
        String primaryName = replication.primaryVolume.name();
        if (event instanceof EngineEvent.ResyncStarted started && started.volume().equals(primaryName)) {
            resyncTotal = started.changedChunks();
            resyncSent = 0;
            resyncRunning = true;
        } else if (event instanceof EngineEvent.ResyncProgress progress && progress.volume().equals(primaryName)) {
            resyncSent = progress.chunksSent();
            resyncTotal = progress.chunksTotal();
        } else if (event instanceof EngineEvent.ResyncFinished finished && finished.volume().equals(primaryName)) {
            resyncRunning = false;
            if (roles.oldPrimary() == PairRoles.OldPrimary.FAILBACK) {
                // not on the resync's thread: the clean-up takes the pair's lock
                daemon(() -> {
                    try {
                        finishFailback();
                    } catch (IOException e) {
                        loadFailure = "the failback ended, but its clean-up failed: " + e.getMessage();
                    }
                }, "mirrorline-failback-" + name).start();
            }
        }
    }

    /** @return the pair's name */
    public String name() {
        return name;
    }

    /** @return the pair's settings: what it was created with, and its resync rate limit as last set */
    public PairSpec spec() {
        return spec;
    }

    /** @return the pair's state directory */
    public Path directory() {
        return directory;
    }

    /** @return the primary volume's name, as engine events name it: the volume that is the primary now */
    public String primaryVolumeName() {
        return replication.primaryVolume.name();
    }

    /** @return the primary volume's size in bytes */
    public long sizeBytes() {
        return originalPrimaryVolume.geometry().sizeBytes();
    }

    /** @return which of the pair's volumes is the primary now */
    public PairDirection direction() {
        return roles.direction();
    }

    /** @return the primary now, in words: its image path */
    public String primaryDescription() {
        return replication.primaryVolume.path().toString();
    }

    /** @return the secondary now, in words: an image path or host:port */
    public String secondaryDescription() {
        if (replication.secondaryVolume != null) {
            return replication.secondaryVolume.path().toString();
        }
        PairSpec.RemoteSecondary remote = (PairSpec.RemoteSecondary) spec.secondary();
        return remote.host() + ":" + remote.port();
    }

    /** @return the pair's state now */
    public PairStatus status() {
        Replication current = replication;
        PrimaryReplicator primary = current.primary;
        LinkSupervisor supervisor = current.supervisor;
        InFlightLog log = current.log;
        Outage outage = primary.outage();
        LinkSupervisor.State link = supervisor.state();
        PairState state;
        if (link == LinkSupervisor.State.REFUSED) {
            state = PairState.REFUSED;
        } else if (outage != null && link == LinkSupervisor.State.CONNECTED) {
            state = PairState.RESYNCING;
        } else if (outage != null || link == LinkSupervisor.State.HELD) {
            state = PairState.INTERRUPTED;
        } else if (link == LinkSupervisor.State.CONNECTED) {
            state = PairState.CONSISTENT;
        } else if (link == LinkSupervisor.State.STOPPED) {
            state = PairState.STOPPED;
        } else {
            state = PairState.CONNECTING;
        }
        long bytes = log.outstandingBytes();
        long updates = log.outstandingUpdates();
        long snapshotBytes = 0;
        if (outage != null) {
            for (Snapshot snapshot : outage.snapshots()) {
                snapshotBytes += snapshot.changedChunkCount() * snapshot.chunkSize();
            }
        }
        boolean resyncing = state == PairState.RESYNCING && resyncRunning;
        String error = loadFailure != null ? loadFailure : supervisor.lastError();
        return new PairStatus(state, log.oldestUnacknowledgedAge(), bytes, updates,
                snapshotBytes, resyncing ? resyncSent : 0, resyncing ? resyncTotal : 0,
                outage != null ? outage.since() : null, state == PairState.CONSISTENT ? null : error,
                current.load.isRunning(), Instant.now());
    }

    /**
     * Takes the link down and keeps it down (a real disconnect, for drills): writes go on locally,
     * tracked by the outage snapshot.
     *
     * @throws IOException if the outage snapshot cannot be taken
     */
    public void interruptLink() throws IOException {
        replication.supervisor.hold("the administrator interrupted the link");
    }

    /**
     * Whether the administrator holds the link down: {@link #interruptLink} was called and
     * {@link #restoreLink} not yet. A link that dropped by itself is not held, and neither is one the
     * secondary refused; both show as {@link PairState#INTERRUPTED} or {@link PairState#REFUSED} too.
     *
     * @return whether the link is held down
     */
    public boolean linkHeld() {
        return replication.supervisor.isHeld(); // not the state, which says HELD until the supervisor wakes up
    }

    /** Lets the link come back after {@link #interruptLink}; the resync starts when it is up. */
    public void restoreLink() {
        replication.supervisor.release();
        replication.supervisor.retry();
    }

    /**
     * Changes the pair's resync rate limit, also for a resync going on, and records it with the
     * pair's settings.
     *
     * @param bytesPerSecond at most this many bytes of changed chunks a second; 0 for no limit
     * @throws IllegalArgumentException if the limit is below {@link MirrorlineNode#MINIMUM_RESYNC_RATE}
     *         and not 0, with the reason
     * @throws IOException if the settings cannot be recorded (the limit is then unchanged)
     */
    public synchronized void setResyncRate(long bytesPerSecond) throws IOException {
        java.util.Optional<String> problem = MirrorlineNode.problemWithResyncRate(bytesPerSecond);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        PairSpec changed = spec.withResyncRate(bytesPerSecond);
        PairSpecFile.write(context.storage(), directory, changed);
        spec = changed;
        replication.primary.setResyncRate(bytesPerSecond);
    }

    /** Tries to connect and resynchronise at once, instead of waiting for the backoff or after a refusal. */
    public void resyncNow() {
        replication.supervisor.retry();
    }

    /**
     * Writes to the primary volume, replicated like every write to it (what an NBD client or a
     * test does; the write load does the same).
     *
     * @param offset where, block-aligned
     * @param data what, a whole number of blocks
     * @throws WritesRefusedException if the primary was demoted and takes no writes
     * @throws IOException if the volume or the in-flight log fails
     * @throws InterruptedException if interrupted while waiting for room in the in-flight window
     */
    public void write(long offset, ByteBuffer data) throws IOException, InterruptedException {
        writeGate.readLock().lockInterruptibly();
        try {
            String refusal = writeRefusal;
            if (refusal != null) {
                throw new WritesRefusedException(refusal);
            }
            replication.primary.write(offset, data);
        } finally {
            writeGate.readLock().unlock();
        }
    }

    /**
     * Writes one block of the primary again with the contents it has: a real write through the
     * replication path (sequenced, journaled, replicated) that changes no data, for a drill's probe
     * of a primary. Meant while nothing else writes to that block: a write in between would be undone.
     *
     * @param offset the block's offset, block-aligned
     * @return the write's sequence number (0 if the link is down: it was written locally only)
     * @throws WritesRefusedException if the primary was demoted and takes no writes
     * @throws IOException if the volume or the in-flight log fails
     * @throws InterruptedException if interrupted while waiting for room in the in-flight window
     */
    public long probeWrite(long offset) throws IOException, InterruptedException {
        writeGate.readLock().lockInterruptibly();
        try {
            String refusal = writeRefusal;
            if (refusal != null) {
                throw new WritesRefusedException(refusal);
            }
            Replication current = replication;
            ByteBuffer block = ByteBuffer.allocate(current.primaryVolume.geometry().blockSize());
            current.primaryVolume.read(offset, block);
            return current.primary.write(offset, block.flip());
        } finally {
            writeGate.readLock().unlock();
        }
    }

    /**
     * Waits until the secondary has acknowledged a write.
     *
     * @param sequence the write's sequence number
     * @param timeout how long to wait at most
     * @return whether it was acknowledged in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitAcknowledged(long sequence, Duration timeout) throws InterruptedException {
        return replication.primary.awaitAcknowledged(sequence, timeout);
    }

    /**
     * Starts the write-load generator.
     *
     * @throws IllegalStateException if the primary was demoted and takes no writes, with the reason
     */
    public void startLoad() {
        String refusal = writeRefusal;
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        loadFailure = null;
        replication.load.start(name);
    }

    /**
     * Stops the write-load generator.
     *
     * @throws InterruptedException if interrupted while waiting for its last write
     */
    public void stopLoad() throws InterruptedException {
        replication.load.stop();
    }

    /**
     * The outcome of comparing both volumes.
     *
     * @param primarySha256 the primary's checksum, hex
     * @param secondarySha256 the secondary's checksum, hex
     * @param bytes how many bytes each side read
     */
    public record VerifyResult(String primarySha256, String secondarySha256, long bytes) {
        /** @return whether the volumes are equal */
        public boolean equal() {
            return primarySha256.equals(secondarySha256);
        }
    }

    /**
     * Compares the primary and a local secondary byte for byte (SHA-256 of each). First waits until
     * the secondary has acknowledged every write so far; writes that land during the comparison
     * make it report a difference, so stop the load first.
     *
     * @param progress told the bytes read so far (both volumes together)
     * @param cancelled asked between reads; the verify stops when it says yes
     * @return the checksums, or null if cancelled
     * @throws IOException if a volume cannot be read, the secondary is remote, or it does not catch up
     * @throws InterruptedException if interrupted while waiting
     */
    public VerifyResult verify(LongConsumer progress, BooleanSupplier cancelled) throws IOException,
            InterruptedException {
        Replication current = replication;
        PrimaryReplicator primary = current.primary;
        LinkSupervisor supervisor = current.supervisor;
        InFlightLog log = current.log;
        Volume primaryVolume = current.primaryVolume;
        Volume secondaryVolume = current.secondaryVolume;
        if (secondaryVolume == null) {
            throw new IOException("The secondary of " + name + " is on another host: verify it there");
        }
        long last = log.highestAssigned();
        while (!primary.awaitAcknowledged(last, Duration.ofMillis(200))) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            if (primary.outage() != null && supervisor.state() != LinkSupervisor.State.CONNECTED) {
                String reason = supervisor.lastError();
                throw new IOException("The link of " + name + " is down" + (reason != null ? " (" + reason + ")" : "")
                        + ": the secondary cannot catch up until it is restored");
            }
        }
        while (primary.outage() != null) { // a resync still to confirm
            if (cancelled.getAsBoolean()) {
                return null;
            }
            Thread.sleep(50);
        }
        long[] done = { 0 };
        String primaryDigest = sha256(primaryVolume, progress, cancelled, done);
        String secondaryDigest = primaryDigest == null ? null : sha256(secondaryVolume, progress, cancelled, done);
        if (secondaryDigest == null) {
            return null;
        }
        return new VerifyResult(primaryDigest, secondaryDigest, primaryVolume.geometry().sizeBytes());
    }

    private static String sha256(Volume volume, LongConsumer progress, BooleanSupplier cancelled, long[] done)
            throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        long size = volume.geometry().sizeBytes();
        for (long offset = 0; offset < size; offset += buffer.capacity()) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - offset));
            volume.read(offset, buffer);
            digest.update(buffer.flip());
            done[0] += buffer.limit();
            progress.accept(done[0]);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Stops the load, the link and the secondary's server, and closes the volumes and the log. */
    @Override
    public synchronized void close() throws IOException {
        context.events().removeListener(progressListener);
        replication.close();
        originalPrimaryVolume.close();
        if (originalSecondaryVolume != null) {
            originalSecondaryVolume.close();
        }
    }

    /** @return the primary volume, for the node's NBD export of it (written through {@link #primaryReplicator()}) */
    Volume primaryVolume() {
        return replication.primaryVolume;
    }

    /** @return the primary's replication write path, which the NBD export of the primary writes through */
    PrimaryReplicator primaryReplicator() {
        return replication.primary;
    }

    /** @return the secondary volume if it is held on this node, for its (read-only) NBD export */
    java.util.Optional<Volume> localSecondaryVolume() {
        return java.util.Optional.ofNullable(replication.secondaryVolume);
    }

    /**
     * Takes both volumes at one sequence point, for a non-disruptive test of the secondary: freezes
     * the primary's writes, waits until the secondary has acknowledged every write made so far
     * (sequence N), snapshots the primary and the secondary, and lets writes go on. The freeze
     * lasts as long as the secondary takes to acknowledge what is in flight, at most
     * {@code maximumWait}. The secondary is never written by this: its snapshot is a read-only view.
     *
     * @param primarySnapshotId the id the primary's snapshot gets (a caller that must clean up
     *        after a crash records it first)
     * @param secondarySnapshotId the id the secondary's snapshot gets
     * @param maximumWait how long writes may be held waiting for the secondary (and how long the
     *        secondary is first given, without a freeze, to catch up with what is in flight)
     * @return the two snapshots at sequence N
     * @throws IOException if the secondary is on another host, the link is down, the secondary does
     *         not acknowledge in time (nothing is left behind then), or a snapshot cannot be taken
     */
    public SequencePoint takeSequencePoint(java.util.UUID primarySnapshotId, java.util.UUID secondarySnapshotId,
            Duration maximumWait) throws IOException {
        Replication current = replication;
        PrimaryReplicator primary = current.primary;
        InFlightLog log = current.log;
        Volume primaryVolume = current.primaryVolume;
        Volume secondaryVolume = current.secondaryVolume;
        if (secondaryVolume == null) {
            throw new IOException("The secondary of " + name + " is on another host: its snapshot must be taken there");
        }
        if (primary.outage() != null) {
            throw new IOException("The link of " + name + " is down: the secondary is not at a sequence point of the"
                    + " primary until it is restored and resynchronised");
        }
        try {
            // most of what is in flight is acknowledged before the freeze, so that the freeze waits only for the rest
            primary.awaitAcknowledged(log.highestAssigned(), maximumWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while waiting for the secondary of " + name);
        }
        long[] sequence = { 0 };
        long started = System.nanoTime();
        Volume.SnapshotCapture<Snapshot> capture;
        try {
            capture = primaryVolume.createSnapshot(primarySnapshotId, primaryVolume.defaultChunkSize(), () -> {
                // writes are frozen: every write made so far has its sequence number
                sequence[0] = log.highestAssigned();
                try {
                    if (!primary.awaitAcknowledged(sequence[0], maximumWait)) {
                        throw new java.io.UncheckedIOException(new IOException("The secondary of " + name
                                + " did not acknowledge sequence " + sequence[0] + " within " + maximumWait.toMillis()
                                + " ms; writes were held that long and go on now"));
                    }
                    return secondaryVolume.createSnapshot(secondarySnapshotId, secondaryVolume.defaultChunkSize(),
                            () -> null).snapshot();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.UncheckedIOException(new java.io.InterruptedIOException(
                            "Interrupted while waiting for the secondary of " + name));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        Duration freeze = Duration.ofNanos(System.nanoTime() - started);
        return new SequencePoint(name, sequence[0], capture.snapshot(), capture.captured(), Instant.now(), freeze);
    }

    /**
     * Deletes snapshots of this pair's volumes by id, those that exist: what a drill stopped by a
     * crash left behind (see {@link #takeSequencePoint}).
     *
     * @param ids snapshot ids
     * @return how many were deleted
     * @throws IOException if a snapshot's files cannot be removed
     */
    public int discardSnapshots(java.util.Collection<String> ids) throws IOException {
        int deleted = 0;
        for (Volume volume : new Volume[] { originalPrimaryVolume, originalSecondaryVolume }) {
            if (volume == null) {
                continue;
            }
            for (Snapshot snapshot : volume.snapshots()) {
                if (ids.contains(snapshot.id())) {
                    snapshot.delete();
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /**
     * @return the sequence number of the last write given one so far: every write replicated (or to
     *         be) has one, in order; writes made while the link is down have none
     */
    public long highestSequence() {
        return replication.log.highestAssigned();
    }

    /** @return the local secondary volume's name, as engine events name it, or null for a remote secondary */
    public String secondaryVolumeName() {
        Volume secondary = replication.secondaryVolume;
        return secondary == null ? null : secondary.name();
    }

    // ---- roles: demote, drain, switchover, failover, failback ----

    /**
     * Adds a listener told after each change of roles or of whether the primary takes writes (the
     * node's NBD exports follow the primary with it). It is called on the thread that made the
     * change, holding the pair's lock: it must not wait for another thread that uses the pair.
     *
     * @param listener the listener
     */
    void addRolesListener(Runnable listener) {
        rolesListeners.add(listener);
    }

    private void rolesChanged() {
        for (Runnable listener : rolesListeners) {
            listener.run();
        }
    }

    private void publishRole(Volume volume, String change, String detail) {
        context.events().publish(new EngineEvent.RoleChanged(context.clock().now(), volume.name(), change, detail));
    }

    /** @return whether the primary takes writes: it does unless it was {@link #demote demoted} */
    public boolean acceptsWrites() {
        return writeRefusal == null;
    }

    /**
     * @return after an unplanned {@link #failover}, whether the former primary still waits for its
     *         {@link #failback} (it is lost, or refused as split brain); false otherwise
     */
    public boolean failbackPending() {
        PairRoles.OldPrimary old = roles.oldPrimary();
        return old == PairRoles.OldPrimary.LOST || old == PairRoles.OldPrimary.REJOINING;
    }

    /** @return whether a failback resync is bringing the former primary back, not yet finished */
    public boolean failbackRunning() {
        return roles.oldPrimary() == PairRoles.OldPrimary.FAILBACK;
    }

    /**
     * Demotes the primary: stops the write load and refuses every write to the primary from now on
     * (the node's NBD export of it becomes read-only; {@link #write} throws
     * {@link WritesRefusedException}). Writes in progress through {@link #write} end first.
     * Replication goes on, so the secondary can catch up ({@link #drain}). {@link #resumeWrites}
     * undoes it.
     *
     * @param reason why, for the message writers get, e.g. "a planned switchover is under way"
     * @throws InterruptedException if interrupted while waiting for the load's last write
     */
    public synchronized void demote(String reason) throws InterruptedException {
        replication.load.stop();
        writeGate.writeLock().lockInterruptibly();
        try {
            writeRefusal = "The primary " + replication.primaryVolume.name() + " of " + name + " takes no writes: "
                    + reason;
        } finally {
            writeGate.writeLock().unlock();
        }
        publishRole(replication.primaryVolume, "DEMOTED", "writes refused: " + reason);
        rolesChanged();
    }

    /** Lets the primary take writes again after {@link #demote}; nothing else changes. */
    public synchronized void resumeWrites() {
        if (writeRefusal == null) {
            return;
        }
        writeRefusal = null;
        publishRole(replication.primaryVolume, "WRITES_RESUMED", "the primary takes writes again");
        rolesChanged();
    }

    /**
     * How much a drain waited for.
     *
     * @param updates updates not acknowledged by the secondary when the drain began
     * @param bytes their data size
     * @param duration how long the drain took
     */
    public record Drained(long updates, long bytes, Duration duration) {
    }

    /**
     * Waits until the secondary has acknowledged every write the primary made: nothing is
     * unacknowledged. Meant after {@link #demote}, when no write comes in any more.
     *
     * @param timeout how long to wait at most
     * @param cancelled asked every 100 ms; the drain stops when it says yes
     * @return what was drained, or null if cancelled
     * @throws IOException if the link is down (the secondary cannot catch up), or the time is up
     * @throws InterruptedException if interrupted while waiting
     */
    public Drained drain(Duration timeout, BooleanSupplier cancelled) throws IOException, InterruptedException {
        Replication current = replication;
        long started = System.nanoTime();
        long updates = current.log.outstandingUpdates();
        long bytes = current.log.outstandingBytes();
        while (true) {
            long last = current.log.highestAssigned();
            if (current.primary.awaitAcknowledged(last, Duration.ofMillis(100)) && current.primary.outage() == null
                    && current.log.outstandingUpdates() == 0) {
                return new Drained(updates, bytes, Duration.ofNanos(System.nanoTime() - started));
            }
            if (cancelled.getAsBoolean()) {
                return null;
            }
            if (current.primary.outage() != null && current.supervisor.state() != LinkSupervisor.State.CONNECTED) {
                String reason = current.supervisor.lastError();
                throw new IOException("The link of " + name + " is down" + (reason != null ? " (" + reason + ")" : "")
                        + ": the secondary cannot catch up until it is restored");
            }
            if (System.nanoTime() - started > timeout.toNanos()) {
                throw new IOException("The secondary of " + name + " still lacks " + current.log.outstandingUpdates()
                        + " updates after " + timeout.toSeconds() + " s");
            }
        }
    }

    private void requireLocalSecondary(String what) throws IOException {
        if (originalSecondaryVolume == null) {
            throw new IOException("The secondary of " + name + " is on another host (" + secondaryDescription()
                    + "): " + what + " is done only with a secondary on this node in this version; promote a remote"
                    + " secondary on its agent");
        }
    }

    /**
     * The planned switchover: makes the secondary the primary and the primary its secondary, with
     * no resync. The primary must be {@link #demote demoted} and {@link #drain drained}. The
     * secondary is promoted first: a new generation is recorded for it before anything can write
     * to it; the former primary takes over that generation (the two volumes are equal, nothing
     * was written since the drain), so the link comes back in sync. The new direction is recorded
     * with the pair. Writes are then taken by the new primary (the write load does not restart by
     * itself).
     *
     * @throws IOException if the secondary is remote, the primary still takes writes, the secondary
     *         lacks updates, the link is down, a failover awaits its failback, or the new roles'
     *         state cannot be recorded (the roles are then unchanged) or opened
     */
    public synchronized void switchRoles() throws IOException {
        requireLocalSecondary("a switchover");
        Replication old = replication;
        if (roles.oldPrimary() != PairRoles.OldPrimary.NONE) {
            throw new IOException("The former primary of " + name + " was declared lost and is not a copy yet: fail"
                    + " back first");
        }
        if (writeRefusal == null) {
            throw new IOException("The primary " + old.primaryVolume.name() + " still takes writes: demote it first");
        }
        if (old.primary.outage() != null || old.log.outstandingUpdates() > 0
                || old.primary.acknowledged() < old.log.highestAssigned()) {
            throw new IOException("The secondary " + old.secondaryVolume.name() + " lacks updates (" + status().state()
                    + ", " + old.log.outstandingUpdates() + " unacknowledged): drain first");
        }
        Generations shared = old.applier.generations();
        if (shared == null) {
            throw new IOException("The secondary " + old.secondaryVolume.name() + " was never synchronised: it cannot"
                    + " be promoted");
        }
        Generations promoted = shared.startNew(context.newId());
        PairRoles next = new PairRoles(flipped(roles.direction()), roles.epoch() + 1, PairRoles.OldPrimary.NONE, -1);
        Path nextDirectory = next.epochDirectory(directory);
        deleteTree(nextDirectory); // left by a switchover that stopped half-way
        // both sides of the new roles start from the promoted generation: equal volumes, in sync
        promoted.write(context.storage(), nextDirectory.resolve("primary-replication"));
        promoted.write(context.storage(), nextDirectory.resolve("secondary-replication"));
        changeRoles(old, next, () -> {
            publishRole(old.secondaryVolume, "PROMOTED", "generation " + promoted.shortCurrent()
                    + " started before any write; the primary now");
            publishRole(old.primaryVolume, "GENERATIONS_ADOPTED", "took over generation " + promoted.shortCurrent()
                    + " of " + old.secondaryVolume.name() + " (equal volumes after the drain): the secondary now");
        });
        deleteEpochState(roles.epoch() - 1);
        publishRole(replication.primaryVolume, "REVERSED", "replicates to " + replication.secondaryVolume.name());
    }

    /** Closes the current roles, records the next ones (the commit point) and opens them; writes are taken again. */
    private void changeRoles(Replication old, PairRoles next, Runnable committed) throws IOException {
        writeGate.writeLock().lock();
        try {
            old.close();
            next.write(context.storage(), directory);
            roles = next;
            committed.run();
            replication = openReplication(next);
            writeRefusal = null;
        } finally {
            writeGate.writeLock().unlock();
        }
        rolesChanged();
    }

    private static PairDirection flipped(PairDirection direction) {
        return direction == PairDirection.ORIGINAL ? PairDirection.REVERSED : PairDirection.ORIGINAL;
    }

    /**
     * What an unplanned failover found.
     *
     * @param lostUpdates the updates the old primary had made that the secondary had not acknowledged
     *        when it was lost: the data lost, unless a failback brings them back (it does not)
     * @param lostBytes their data size
     * @param oldPrimaryChangedChunks chunks the old primary wrote after its link went down (its outage snapshots)
     */
    public record Failover(long lostUpdates, long lostBytes, long oldPrimaryChangedChunks) {
    }

    /**
     * The unplanned failover: declares the primary lost and promotes the secondary at once. The
     * primary is demoted (if it was not) and its link cut (if it was not): the updates the
     * secondary had not acknowledged at the cut are lost to the new primary, and its outage
     * snapshot lists what it wrote alone. The secondary gets a new generation, then its promotion
     * snapshot (which lists every chunk written on it from now on), and takes writes. The old
     * primary is served no more until {@link #failback} (or {@link #rejoinOldPrimary}).
     *
     * @param reason why the primary is given up, for the events
     * @return what was lost
     * @throws IOException if the secondary is remote or was never synchronised, a failover awaits its
     *         failback already, or the new roles cannot be recorded or opened
     * @throws InterruptedException if interrupted while stopping the load
     */
    public synchronized Failover failover(String reason) throws IOException, InterruptedException {
        requireLocalSecondary("a failover");
        if (roles.oldPrimary() != PairRoles.OldPrimary.NONE) {
            throw new IOException("A failover of " + name + " already awaits its failback: fail back first");
        }
        Replication old = replication;
        Generations ancestor = old.applier.generations();
        if (ancestor == null) {
            throw new IOException("The secondary " + old.secondaryVolume.name() + " was never synchronised: it holds"
                    + " no copy to fail over to");
        }
        if (old.applier.resyncInProgress()) {
            // its volume is still its copy from before the resync (what the resync sent is staged beside it),
            // but it lacks more than the updates unacknowledged at the cut, which a failover measures as lost
            throw new IOException("The secondary " + old.secondaryVolume.name() + " is in the middle of a resync: its"
                    + " volume is still its copy from before the resync, older than the primary by all the resync"
                    + " carries. Let the resync end first (this version does not fail over to that older copy)");
        }
        if (writeRefusal == null) {
            demote("it was declared lost (" + reason + ")");
        }
        if (old.primary.outage() == null) {
            old.supervisor.hold("the primary was declared lost: " + reason);
        }
        Outage outage = old.primary.outage();
        if (outage == null) {
            throw new IOException("The link of " + name + " could not be cut: its outage snapshot failed ("
                    + old.supervisor.lastError() + ")");
        }
        int chunkSize = outage.snapshot().chunkSize();
        java.util.TreeSet<Long> capturedChunks = new java.util.TreeSet<>();
        for (Update update : outage.unacknowledged()) {
            for (long chunk = update.offset() / chunkSize; chunk <= (update.offset() + update.length() - 1)
                    / chunkSize; chunk++) {
                capturedChunks.add(chunk);
            }
        }
        long oldChanged = 0;
        List<String> snapshotIds = new ArrayList<>();
        for (Snapshot snapshot : outage.snapshots()) {
            snapshotIds.add(snapshot.id());
            oldChanged += snapshot.changedChunkCount();
        }
        Generations promoted = ancestor.startNew(context.newId());
        PairRoles next = new PairRoles(flipped(roles.direction()), roles.epoch() + 1, PairRoles.OldPrimary.LOST,
                roles.epoch());
        Path nextDirectory = next.epochDirectory(directory);
        deleteTree(nextDirectory);
        promoted.write(context.storage(), nextDirectory.resolve("primary-replication"));
        ancestor.write(context.storage(), nextDirectory.resolve(FAILBACK_ANCESTOR));
        old.primary.generations().write(context.storage(), nextDirectory.resolve(OLD_PRIMARY_GENERATIONS));
        Properties failback = new Properties();
        failback.setProperty("chunk.size", Integer.toString(chunkSize));
        failback.setProperty("snapshots", String.join(",", snapshotIds));
        failback.setProperty("captured.chunks", String.join(",", capturedChunks.stream().map(String::valueOf).toList()));
        writeProperties(nextDirectory.resolve(FAILBACK_FILE), failback, "What a failback takes back from the former"
                + " primary: its outage snapshots and the chunks of its updates the secondary had not acknowledged");
        Failover found = new Failover(outage.unacknowledged().size(), outage.unacknowledgedBytes(), oldChanged);
        changeRoles(old, next, () -> {
            publishRole(old.primaryVolume, "LOST", reason + "; " + found.lostUpdates() + " updates ("
                    + found.lostBytes() + " bytes) it made were not on the secondary");
            publishRole(old.secondaryVolume, "PROMOTED", "generation " + promoted.shortCurrent()
                    + " started before any write; its promotion snapshot tracks what it writes from now on");
        });
        return found;
    }

    /**
     * Serves the former primary, declared lost by {@link #failover}, as the secondary again with
     * the data history it has: what happens when an old primary comes back by itself. Both sides
     * wrote while apart, so the new primary is refused as a split brain ({@link PairState#REFUSED})
     * and neither volume changes. {@link #failback} is the way to bring it back.
     *
     * @throws IOException if no failover awaits its failback, or the roles cannot be reopened
     */
    public synchronized void rejoinOldPrimary() throws IOException {
        if (!failbackPending()) {
            throw new IOException("No former primary of " + name + " waits to come back");
        }
        Path epoch = roles.epochDirectory(directory);
        Generations own = Generations.read(context.storage(), epoch.resolve(OLD_PRIMARY_GENERATIONS)).orElseThrow(
                () -> new IOException("The former primary's generations are missing under " + epoch));
        own.write(context.storage(), epoch.resolve("secondary-replication"));
        reopen(roles.with(PairRoles.OldPrimary.REJOINING));
        publishRole(replication.secondaryVolume, "REJOINED", "served as the secondary with its own generation "
                + own.shortCurrent());
    }

    /**
     * What a failback sends.
     *
     * @param oldPrimaryChunks chunks the former primary changed that the new primary may not have
     *        (its outage snapshots and the chunks of its unacknowledged updates)
     * @param promotedChunks chunks the new primary wrote since its promotion (its promotion snapshot)
     * @param unionChunks the chunks in either: what the failback resync sends
     * @param chunkSize the chunk size, in bytes
     */
    public record FailbackPlan(long oldPrimaryChunks, long promotedChunks, long unionChunks, int chunkSize) {
        /** @return the most chunk data the failback sends: the union × the chunk size */
        public long unionBytes() {
            return unionChunks * chunkSize;
        }
    }

    /**
     * Fails back after {@link #failover}: the former primary becomes the secondary of the new
     * primary, as the administrator's explicit choice to discard what it wrote alone. It is told
     * the generation both sides shared before the split, so that it is behind, not split; the
     * resync sends, from the new primary's current contents, every chunk changed on either side
     * since the split (the union of the former primary's outage snapshots, the chunks of its
     * captured updates and the promotion snapshot), and nothing else. The former primary's volume
     * keeps its last state until the resync completes (what arrives is staged beside it); then it takes over the new
     * primary's generations, recorded as a {@code GENERATIONS_ADOPTED} event, and its old outage
     * snapshots are deleted.
     *
     * @return what the resync will send
     * @throws IOException if no failover awaits its failback, or the roles cannot be reopened
     */
    public synchronized FailbackPlan failback() throws IOException {
        if (!failbackPending()) {
            throw new IOException("No former primary of " + name + " waits for a failback");
        }
        Path epoch = roles.epochDirectory(directory);
        Generations ancestor = Generations.read(context.storage(), epoch.resolve(FAILBACK_ANCESTOR)).orElseThrow(
                () -> new IOException("The generations before the failover are missing under " + epoch));
        ChangedChunks oldPrimary = oldPrimaryChanges(roles);
        Outage promotion = replication.primary.outage();
        ChangedChunks promoted = ChangedChunks.of(oldPrimary.chunkSize());
        if (promotion != null) {
            for (Snapshot snapshot : promotion.snapshots()) {
                promoted = promoted.union(snapshot.changedChunks());
            }
        }
        FailbackPlan plan = new FailbackPlan(oldPrimary.count(), promoted.count(), oldPrimary.union(promoted).count(),
                oldPrimary.chunkSize());
        ancestor.write(context.storage(), epoch.resolve("secondary-replication"));
        reopen(roles.with(PairRoles.OldPrimary.FAILBACK));
        publishRole(replication.secondaryVolume, "FAILBACK_STARTED", "its own writes since the split are discarded;"
                + " " + plan.unionChunks() + " chunks to resynchronise (" + plan.oldPrimaryChunks() + " changed on it, "
                + plan.promotedChunks() + " on " + replication.primaryVolume.name() + ")");
        return plan;
    }

    /** Closes and reopens the current epoch's replication with other roles of the old primary; the load goes on. */
    private void reopen(PairRoles next) throws IOException {
        boolean loadWasRunning = replication.load.isRunning();
        writeGate.writeLock().lock();
        try {
            replication.close();
            next.write(context.storage(), directory);
            roles = next;
            replication = openReplication(next);
        } finally {
            writeGate.writeLock().unlock();
        }
        if (loadWasRunning && writeRefusal == null) {
            replication.load.start(name);
        }
        rolesChanged();
    }

    /** The former primary's chunks a failback must send back: its outage snapshots' and its captured updates'. */
    private ChangedChunks oldPrimaryChanges(PairRoles current) throws IOException {
        Path file = current.epochDirectory(directory).resolve(FAILBACK_FILE);
        Properties failback = new Properties();
        failback.load(new java.io.StringReader(new String(context.storage().readAll(file),
                java.nio.charset.StandardCharsets.UTF_8)));
        try {
            int chunkSize = Integer.parseInt(failback.getProperty("chunk.size"));
            String captured = failback.getProperty("captured.chunks", "");
            ChangedChunks changes = ChangedChunks.of(chunkSize, captured.isEmpty() ? new long[0]
                    : java.util.Arrays.stream(captured.split(",")).mapToLong(Long::parseLong).toArray());
            List<String> ids = List.of(failback.getProperty("snapshots", "").split(","));
            Volume old = current.direction() == PairDirection.REVERSED ? originalPrimaryVolume : originalSecondaryVolume;
            for (Snapshot snapshot : old.snapshots()) {
                if (ids.contains(snapshot.id())) {
                    changes = changes.union(snapshot.changedChunks());
                }
            }
            return changes;
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** After the failback resync: the former primary took over the generations; its old state goes. */
    private synchronized void finishFailback() throws IOException {
        if (roles.oldPrimary() != PairRoles.OldPrimary.FAILBACK || replication.primary.outage() != null) {
            return;
        }
        Path file = roles.epochDirectory(directory).resolve(FAILBACK_FILE);
        Properties failback = new Properties();
        failback.load(new java.io.StringReader(new String(context.storage().readAll(file),
                java.nio.charset.StandardCharsets.UTF_8)));
        List<String> ids = List.of(failback.getProperty("snapshots", "").split(","));
        Volume old = replication.secondaryVolume;
        for (Snapshot snapshot : old.snapshots()) {
            if (ids.contains(snapshot.id())) {
                snapshot.delete(); // what it wrote alone was replaced by the failback: nothing left to track
            }
        }
        replication.primary.includeInResync(null);
        int previous = roles.previousEpoch();
        PairRoles done = new PairRoles(roles.direction(), roles.epoch(), PairRoles.OldPrimary.NONE, -1);
        done.write(context.storage(), directory);
        roles = done;
        Generations adopted = replication.applier.generations();
        deleteEpochState(previous);
        Path epoch = roles.epochDirectory(directory);
        for (String leftover : new String[] { FAILBACK_FILE, FAILBACK_ANCESTOR, OLD_PRIMARY_GENERATIONS }) {
            deleteTree(epoch.resolve(leftover));
        }
        publishRole(old, "GENERATIONS_ADOPTED", "took over generation " + (adopted != null ? adopted.shortCurrent() : "?")
                + " of " + replication.primaryVolume.name() + " after the failback resync: a copy again");
        rolesChanged();
    }

    /** Deletes the replication state of an epoch no longer used (never the volumes or their snapshots). */
    private void deleteEpochState(int epoch) throws IOException {
        if (epoch < 0 || epoch == roles.epoch()) {
            return;
        }
        Path state = PairRoles.epochDirectory(directory, epoch);
        if (epoch == 0) {
            for (String part : new String[] { "in-flight", "primary-replication", "secondary-replication" }) {
                deleteTree(state.resolve(part));
            }
        } else {
            deleteTree(state);
        }
    }

    private void deleteTree(Path path) throws IOException {
        if (!context.storage().exists(path)) {
            return;
        }
        try {
            for (Path child : context.storage().list(path)) {
                deleteTree(child);
            }
        } catch (java.nio.file.NotDirectoryException e) {
            // a file: deleted below
        }
        context.storage().deleteIfExists(path);
    }

    private void writeProperties(Path file, Properties properties, String comment) throws IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        properties.store(text, comment);
        context.storage().createDirectories(file.getParent());
        context.storage().writeAtomically(file, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
