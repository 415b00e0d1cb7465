package dev.mirrorline.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEventListener;
import dev.mirrorline.engine.replication.LinkSupervisor;
import dev.mirrorline.engine.replication.Outage;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.PrimaryReplicator;
import dev.mirrorline.engine.replication.ReplicationSettings;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.volume.Snapshot;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;
import dev.mirrorline.transport.GrpcLinkConnector;
import dev.mirrorline.transport.NodeServer;
import dev.mirrorline.transport.TransportSecurity;

/**
 * One running pair on this node: the primary volume with its in-flight log, replicator and link
 * supervisor; for a local secondary, the secondary volume with its applier, served over gRPC on
 * loopback; and a write-load generator. Everything the console does to a pair goes through here.
 */
public final class Pair implements AutoCloseable {

    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAXIMUM_BACKOFF = Duration.ofSeconds(5);
    private static final int LOAD_WRITES_PER_SECOND = 200;

    private final String name;
    private volatile PairSpec spec;
    private final Path directory;
    private final EngineContext context;
    private final Volume primaryVolume;
    private final InFlightLog log;
    private final PrimaryReplicator primary;
    private final Volume secondaryVolume;
    private final SecondaryApplier applier;
    private final NodeServer secondaryServer;
    private final LinkSupervisor supervisor;
    private final WriteLoad load;
    private final EngineEventListener progressListener;
    private volatile long resyncSent;
    private volatile long resyncTotal;
    private volatile boolean resyncRunning;
    private volatile String loadFailure;

    private Pair(Builder parts) {
        this.name = parts.spec.name();
        this.spec = parts.spec;
        this.directory = parts.directory;
        this.context = parts.context;
        this.primaryVolume = parts.primaryVolume;
        this.log = parts.log;
        this.primary = parts.primary;
        this.secondaryVolume = parts.secondaryVolume;
        this.applier = parts.applier;
        this.secondaryServer = parts.secondaryServer;
        this.supervisor = parts.supervisor;
        this.load = new WriteLoad(primary, primaryVolume.geometry().sizeBytes(), LOAD_WRITES_PER_SECOND,
                failure -> loadFailure = "the write load stopped: " + failure.getMessage());
        this.progressListener = this::follow;
        context.events().addListener(progressListener);
    }

    /** What {@link #start} opens, closed again if a later part fails. */
    private static final class Builder implements AutoCloseable {
        PairSpec spec;
        Path directory;
        EngineContext context;
        Volume primaryVolume;
        InFlightLog log;
        PrimaryReplicator primary;
        Volume secondaryVolume;
        SecondaryApplier applier;
        NodeServer secondaryServer;
        LinkSupervisor supervisor;

        @Override
        public void close() {
            try {
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
            for (AutoCloseable part : new AutoCloseable[] { log, primaryVolume, secondaryVolume }) {
                try {
                    if (part != null) {
                        part.close();
                    }
                } catch (Exception e) {
                    // closing after a failure: the failure is what is reported
                }
            }
        }
    }

    /**
     * Opens a pair's volumes and starts replicating.
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
        Builder parts = new Builder();
        parts.spec = spec;
        parts.directory = directory;
        parts.context = context;
        try {
            parts.primaryVolume = Volume.open(context, spec.primaryImage(), VolumeGeometry.DEFAULT_BLOCK_SIZE,
                    directory.resolve("primary-volume"));
            parts.log = InFlightLog.open(context.storage(), directory.resolve("in-flight"),
                    InFlightLogConfig.defaults().withWindowBytes(spec.inFlightWindowBytes()), context.clock());
            parts.primary = new PrimaryReplicator(parts.primaryVolume, parts.log,
                    new ReplicationSettings(spec.mode(), spec.chunkSize(), spec.linkTimeout(),
                            spec.resyncBytesPerSecond()),
                    directory.resolve("primary-replication"), task -> daemon(task, "mirrorline-" + spec.name()));
            PairHandshake handshake = new PairHandshake(spec.name(), parts.primaryVolume.geometry(), spec.chunkSize(),
                    PairHandshake.PROTOCOL_VERSION);
            InetSocketAddress secondaryAddress;
            if (spec.secondary() instanceof PairSpec.LocalSecondary local) {
                parts.secondaryVolume = Volume.open(context, local.image(), VolumeGeometry.DEFAULT_BLOCK_SIZE,
                        directory.resolve("secondary-volume"));
                parts.applier = SecondaryApplier.open(context, parts.secondaryVolume,
                        directory.resolve("secondary-replication"));
                parts.secondaryServer = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0),
                        security, handshake, parts.applier);
                secondaryAddress = new InetSocketAddress("127.0.0.1", parts.secondaryServer.port());
            } else {
                PairSpec.RemoteSecondary remote = (PairSpec.RemoteSecondary) spec.secondary();
                secondaryAddress = new InetSocketAddress(remote.host(), remote.port());
            }
            parts.supervisor = new LinkSupervisor(parts.primary, parts.primaryVolume,
                    new GrpcLinkConnector(secondaryAddress, handshake, spec.linkTimeout(), security), INITIAL_BACKOFF,
                    MAXIMUM_BACKOFF, task -> daemon(task, "mirrorline-link-" + spec.name()));
            return new Pair(parts);
        } catch (IOException | RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void follow(EngineEvent event) {
        if (event instanceof EngineEvent.ResyncStarted started && started.volume().equals(primaryVolume.name())) {
            resyncTotal = started.changedChunks();
            resyncSent = 0;
            resyncRunning = true;
        } else if (event instanceof EngineEvent.ResyncProgress progress
                && progress.volume().equals(primaryVolume.name())) {
            resyncSent = progress.chunksSent();
            resyncTotal = progress.chunksTotal();
        } else if (event instanceof EngineEvent.ResyncFinished finished
                && finished.volume().equals(primaryVolume.name())) {
            resyncRunning = false;
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

    /** @return the primary volume's name, as engine events name it */
    public String primaryVolumeName() {
        return primaryVolume.name();
    }

    /** @return the primary volume's size in bytes */
    public long sizeBytes() {
        return primaryVolume.geometry().sizeBytes();
    }

    /** @return the secondary, in words: an image path or host:port */
    public String secondaryDescription() {
        if (spec.secondary() instanceof PairSpec.LocalSecondary local) {
            return local.image().toString();
        }
        PairSpec.RemoteSecondary remote = (PairSpec.RemoteSecondary) spec.secondary();
        return remote.host() + ":" + remote.port();
    }

    /** @return the pair's state now */
    public PairStatus status() {
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
                load.isRunning(), Instant.now());
    }

    /**
     * Takes the link down and keeps it down (a real disconnect, for drills): writes go on locally,
     * tracked by the outage snapshot.
     *
     * @throws IOException if the outage snapshot cannot be taken
     */
    public void interruptLink() throws IOException {
        supervisor.hold("the administrator interrupted the link");
    }

    /**
     * Whether the administrator holds the link down: {@link #interruptLink} was called and
     * {@link #restoreLink} not yet. A link that dropped by itself is not held, and neither is one the
     * secondary refused; both show as {@link PairState#INTERRUPTED} or {@link PairState#REFUSED} too.
     *
     * @return whether the link is held down
     */
    public boolean linkHeld() {
        return supervisor.isHeld(); // not the state, which says HELD until the supervisor wakes up
    }

    /** Lets the link come back after {@link #interruptLink}; the resync starts when it is up. */
    public void restoreLink() {
        supervisor.release();
        supervisor.retry();
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
        primary.setResyncRate(bytesPerSecond);
    }

    /** Tries to connect and resynchronise at once, instead of waiting for the backoff or after a refusal. */
    public void resyncNow() {
        supervisor.retry();
    }

    /**
     * Writes to the primary volume, replicated like every write to it (what an NBD client or a
     * test does; the write load does the same).
     *
     * @param offset where, block-aligned
     * @param data what, a whole number of blocks
     * @throws IOException if the volume or the in-flight log fails
     * @throws InterruptedException if interrupted while waiting for room in the in-flight window
     */
    public void write(long offset, ByteBuffer data) throws IOException, InterruptedException {
        primary.write(offset, data);
    }

    /** Starts the write-load generator. */
    public void startLoad() {
        loadFailure = null;
        load.start(name);
    }

    /**
     * Stops the write-load generator.
     *
     * @throws InterruptedException if interrupted while waiting for its last write
     */
    public void stopLoad() throws InterruptedException {
        load.stop();
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
    public void close() throws IOException {
        context.events().removeListener(progressListener);
        try {
            load.stop();
            supervisor.close();
            primary.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (secondaryServer != null) {
            secondaryServer.close();
        }
        log.close();
        primaryVolume.close();
        if (secondaryVolume != null) {
            secondaryVolume.close();
        }
    }

    /** @return the primary volume, for the node's NBD export of it (written through {@link #primaryReplicator()}) */
    Volume primaryVolume() {
        return primaryVolume;
    }

    /** @return the primary's replication write path, which the NBD export of the primary writes through */
    PrimaryReplicator primaryReplicator() {
        return primary;
    }

    /** @return the secondary volume if it is held on this node, for its (read-only) NBD export */
    java.util.Optional<Volume> localSecondaryVolume() {
        return java.util.Optional.ofNullable(secondaryVolume);
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
        for (Volume volume : new Volume[] { primaryVolume, secondaryVolume }) {
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
        return log.highestAssigned();
    }

    /** @return the local secondary volume's name, as engine events name it, or null for a remote secondary */
    public String secondaryVolumeName() {
        return secondaryVolume == null ? null : secondaryVolume.name();
    }
}
