package dev.mirrorline.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.testsupport.LoopbackTcpProxy;
import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.PrimaryReplicator;
import dev.mirrorline.engine.replication.ReplicationSettings;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.engine.write.InFlightLog;
import dev.mirrorline.engine.write.InFlightLogConfig;

/**
 * Prints replication figures: steady-state replicated write throughput, over mutual TLS and over
 * plaintext, against the same writes without replication, and, for a 1 GiB volume with 1% and 10% of its 4 KiB blocks rewritten at
 * random during an outage, the resync's time and bytes on the wire (counted by a TCP proxy on
 * loopback) next to copying exactly those blocks locally, rsync, and a full copy. Not part of the
 * test run: scripts/run-benchmarks runs it. Bounded in count and time.
 */
class ReplicationBenchmark {

    private static final long GIB = 1L << 30;
    private static final int BLOCK = 4096;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path directory;

    private final EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
    }));

    @Test
    void steadyStateThroughputAgainstNoReplication() throws Exception {
        if (Boolean.getBoolean("bench.resyncOnly")) {
            return; // -Dbench.resyncOnly=true: only the resync rounds
        }
        int writes = 20_000;
        long plainNanos;
        try (Volume plain = Volume.create(context, directory.resolve("plain.img"), VolumeGeometry.ofSize(GIB),
                directory.resolve("plain"))) {
            Random random = new Random(1);
            long start = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                plain.write(randomBlock(random), block(random));
            }
            plain.flush();
            plainNanos = System.nanoTime() - start;
        }
        for (boolean tls : new boolean[] { true, false }) {
            Path root = Files.createDirectories(directory.resolve(tls ? "tls" : "plaintext"));
            try (Pair pair = new Pair(GIB, root, tls)) {
                Random random = new Random(1);
                long start = System.nanoTime();
                for (int i = 0; i < writes; i++) {
                    pair.primary.write(randomBlock(random), block(random));
                }
                pair.primary.awaitAcknowledged(pair.log.highestAssigned(), TIMEOUT);
                long replicatedNanos = System.nanoTime() - start;
                System.out.printf(Locale.ROOT, "BENCH steady state, %d random 4 KiB writes, one writer: %.0f writes/s"
                        + " replicated over %s (durable in the in-flight log, acknowledged by the secondary) vs %.0f"
                        + " writes/s unreplicated (one flush at the end): ratio %.2f%n", writes,
                        writes / (replicatedNanos / 1e9), tls ? "mutual TLS" : "plaintext", writes / (plainNanos / 1e9),
                        (double) plainNanos / replicatedNanos);
            }
        }
    }

    @Test
    void resyncAfterOnePercentAndTenPercentOfTheBlocksChanged() throws Exception {
        // -Dbench.resyncFractions=0.01,0.01,0.01 (through tycho.testArgLine) repeats a round to see the spread
        String[] fractions = System.getProperty("bench.resyncFractions", "0.01,0.10").split(",");
        resync(-1, 0.01, false); // warms up the JIT (TLS, protobuf, the engine's paths); not printed
        for (int i = 0; i < fractions.length; i++) {
            resync(i, Double.parseDouble(fractions[i].trim()), true);
        }
    }

    private void resync(int index, double fraction, boolean print) throws Exception {
        Path round = Files.createDirectories(directory.resolve("round-" + index + "-" + fraction));
        try (Pair pair = new Pair(GIB, round)) {
            pair.primary.declareLinkDown("benchmark outage");
            Files.copy(round.resolve("secondary.img"), round.resolve("rsync-target.img"));
            long blocks = (long) (GIB / BLOCK * fraction);
            Random random = new Random(7);
            long[] changed = new long[(int) blocks];
            for (int i = 0; i < blocks; i++) {
                changed[i] = randomBlock(random);
                pair.primary.write(changed[i], block(random));
            }
            pair.primaryVolume.flush();
            long changedBytes = pair.primary.outage().snapshot().changedChunkCount() * BLOCK;

            pair.link.close(); // the old link: closed when it went down, long before the reconnect

            long wireBefore = pair.proxy.bytesToTarget();
            ResyncPhases phases = new ResyncPhases();
            context.events().addListener(phases);
            long start = System.nanoTime();
            pair.reconnect();
            while (pair.primary.outage() != null && System.nanoTime() - start < TIMEOUT.toNanos()) {
                Thread.sleep(2);
            }
            long resyncNanos = System.nanoTime() - start;
            long wireBytes = pair.proxy.bytesToTarget() - wireBefore;
            context.events().removeListener(phases);

            if (!print) {
                return;
            }
            long floorNanos = copyBlocks(round.resolve("primary.img"), round.resolve("floor.img"), changed);
            long rsyncNanos = rsync(round.resolve("primary.img"), round.resolve("rsync-target.img"));
            long fullNanos = fullCopy(round.resolve("primary.img"), round.resolve("full.img"));

            System.out.printf(Locale.ROOT, "BENCH resync, 1 GiB, %.0f%% of 4 KiB blocks rewritten (%d blocks, %d changed"
                    + " chunks = %.1f MiB): %.2f s, %.1f MiB on the wire (%.3fx the changed data)%n", fraction * 100,
                    blocks, changedBytes / BLOCK, changedBytes / 1048576.0, resyncNanos / 1e9, wireBytes / 1048576.0,
                    (double) wireBytes / changedBytes);
            long afterHandshakeNanos = start + resyncNanos - phases.started;
            System.out.printf(Locale.ROOT, "BENCH   phases: reconnect (TCP, TLS, handshake; the secondary starts"
                    + " staging) %.0f ms; then the resync: every chunk read and sequenced %.0f ms, the last"
                    + " acknowledged and the secondary confirmed (its staged writes applied) %.0f ms, snapshot deleted"
                    + " %.0f ms: %.2f s after the handshake%n", (phases.started - start) / 1e6,
                    (phases.allSequenced - phases.started) / 1e6, (phases.finished - phases.allSequenced) / 1e6,
                    (start + resyncNanos - phases.finished) / 1e6, afterHandshakeNanos / 1e9);
            System.out.printf(Locale.ROOT, "BENCH   floor (copy exactly those blocks locally, fsync): %.2f s;"
                    + " resync/floor %.2fx with the reconnect, %.2fx after the handshake%n", floorNanos / 1e9,
                    (double) resyncNanos / floorNanos, (double) afterHandshakeNanos / floorNanos);
            System.out.printf(Locale.ROOT, "BENCH   rsync --inplace --no-whole-file -B4096: %s%n", rsyncNanos < 0
                    ? "rsync is not installed (scripts/run-benchmarks installs it)"
                    : String.format(Locale.ROOT, "%.2f s; rsync/resync %.1fx", rsyncNanos / 1e9,
                            (double) rsyncNanos / resyncNanos));
            System.out.printf(Locale.ROOT, "BENCH   full copy (1 GiB, fsync): %.2f s%n", fullNanos / 1e9);
        }
    }

    /** When each phase of a resync ended, from the primary's events (nanoTime). */
    private static final class ResyncPhases implements dev.mirrorline.engine.event.EngineEventListener {
        volatile long started;
        volatile long allSequenced;
        volatile long finished;

        @Override
        public void onEvent(dev.mirrorline.engine.event.EngineEvent event) {
            if (event instanceof dev.mirrorline.engine.event.EngineEvent.ResyncStarted) {
                started = System.nanoTime();
            } else if (event instanceof dev.mirrorline.engine.event.EngineEvent.ResyncProgress progress
                    && progress.chunksSent() == progress.chunksTotal()) {
                allSequenced = System.nanoTime();
            } else if (event instanceof dev.mirrorline.engine.event.EngineEvent.ResyncFinished) {
                finished = System.nanoTime();
            }
        }
    }

    private static long randomBlock(Random random) {
        return (long) random.nextInt((int) (GIB / BLOCK)) * BLOCK;
    }

    private static ByteBuffer block(Random random) {
        byte[] bytes = new byte[BLOCK];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private static long copyBlocks(Path from, Path to, long[] offsets) throws IOException {
        long start = System.nanoTime();
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
            for (long offset : offsets) {
                buffer.clear();
                in.read(buffer, offset);
                out.write(buffer.flip(), offset);
            }
            out.force(true);
        }
        return System.nanoTime() - start;
    }

    private static long rsync(Path from, Path to) throws Exception {
        long start = System.nanoTime();
        Process rsync;
        try {
            rsync = new ProcessBuilder("rsync", "--inplace", "--no-whole-file", "-B4096", from.toString(),
                    to.toString()).inheritIO().start();
        } catch (IOException e) {
            return -1;
        }
        if (rsync.waitFor() != 0) {
            return -1;
        }
        return System.nanoTime() - start;
    }

    private static long fullCopy(Path from, Path to) throws IOException {
        long start = System.nanoTime();
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE)) {
            out.force(true);
        }
        return System.nanoTime() - start;
    }

    /** A primary and a secondary over real gRPC, through a counting TCP proxy on loopback. */
    private final class Pair implements AutoCloseable {
        final Volume primaryVolume;
        final Volume secondaryVolume;
        final InFlightLog log;
        final NodeServer secondary;
        final LoopbackTcpProxy proxy;
        final PrimaryReplicator primary;
        final PairHandshake handshake;
        final PairedNodes nodes;
        final boolean tls;
        ReplicationClient link;

        Pair(long size, Path root) throws Exception {
            this(size, root, true);
        }

        /** @param tls whether the two nodes talk over mutual TLS (the default) or plaintext */
        Pair(long size, Path root, boolean tls) throws Exception {
            handshake = new PairHandshake("bench", VolumeGeometry.ofSize(size), BLOCK, PairHandshake.PROTOCOL_VERSION);
            nodes = PairedNodes.forPair(root, handshake.pairId());
            this.tls = tls;
            primaryVolume = Volume.create(context, root.resolve("primary.img"), VolumeGeometry.ofSize(size),
                    root.resolve("p"));
            secondaryVolume = Volume.create(context, root.resolve("secondary.img"), VolumeGeometry.ofSize(size),
                    root.resolve("s"));
            log = InFlightLog.open(context.storage(), root.resolve("log"), InFlightLogConfig.defaults(),
                    Clock.system());
            secondary = NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0),
                    tls ? nodes.secondary : TransportSecurity.plaintextForLoopbackTesting(), handshake,
                            SecondaryApplier.open(context, secondaryVolume, root.resolve("applied")));
            proxy = new LoopbackTcpProxy(secondary.port());
            primary = new PrimaryReplicator(primaryVolume, log, ReplicationSettings.defaults(), root.resolve("r"),
                    Thread::new);
            link = connect();
            primary.connect(link, link.lastAppliedAtConnect());
        }

        private ReplicationClient connect() throws Exception {
            return new GrpcLinkConnector(new InetSocketAddress("127.0.0.1", proxy.port()), handshake,
                    Duration.ofSeconds(30), tls ? nodes.primary : TransportSecurity.plaintextForLoopbackTesting())
                    .open(primary);
        }

        void reconnect() throws Exception {
            link.close(); // idempotent: closed already
            link = connect();
            primary.reconnect(link, link.lastAppliedAtConnect(), link.secondaryGenerations());
        }

        @Override
        public void close() throws Exception {
            primary.close();
            link.close();
            proxy.close();
            secondary.close();
            log.close();
            primaryVolume.close();
            secondaryVolume.close();
        }
    }
}
