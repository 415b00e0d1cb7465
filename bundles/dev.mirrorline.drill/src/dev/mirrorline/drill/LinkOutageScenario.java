package dev.mirrorline.drill;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;
import dev.mirrorline.node.PairStatus;

/**
 * Link outage under load: start the write load, cut the replication link for a while, restore it,
 * wait until the resync has brought the secondary up to date, stop the load and compare both
 * volumes byte for byte. Measures the RPO at the cut (the writes the secondary had not
 * acknowledged: bytes, updates, and how old the oldest of them was, from the primary's sequence
 * numbers sampled every 20 ms while the load ran), the write pause of the cut,
 * the chunks changed during the outage, the resync's bytes and duration against the least it had to
 * send, and the checksums. RTO does not apply: the secondary never takes over.
 */
public final class LinkOutageScenario implements DrillScenario {

    /** The scenario's id. */
    public static final String ID = "link-outage";

    static final String OUTAGE = "outage";
    static final String WARMUP = "warmup";
    static final String RESYNC_LIMIT = "resyncLimit";
    /** The write rate assumed for the free space an outage snapshot may take. */
    private static final long ASSUMED_WRITE_BYTES_PER_SECOND = 4L << 20;
    private static final Duration CAPTURE_LIMIT = Duration.ofSeconds(15);
    private static final Duration RECONNECT_LIMIT = Duration.ofSeconds(60);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Link outage under load";
    }

    @Override
    public String description() {
        return "Starts the write load, cuts the replication link for a while, restores it, waits for the resync and"
                + " compares both volumes byte for byte; measures the RPO at the cut and the resync.";
    }

    @Override
    public List<DrillParameter> parameters() {
        return List.of(
                new DrillParameter(OUTAGE, "Outage (seconds)", "5", "How long the link stays cut"),
                new DrillParameter(WARMUP, "Load before the cut (seconds)", "1",
                        "How long the write load runs before the link is cut"),
                new DrillParameter(RESYNC_LIMIT, "Resync time limit (seconds)", "300",
                        "The drill fails if the link is not back and resynchronised within this time"));
    }

    Duration outage(DrillParameters parameters) {
        return parameters.seconds(this, OUTAGE, Duration.ofMillis(100), Duration.ofHours(1));
    }

    Duration warmup(DrillParameters parameters) {
        return parameters.seconds(this, WARMUP, Duration.ZERO, Duration.ofMinutes(10));
    }

    Duration resyncLimit(DrillParameters parameters) {
        return parameters.seconds(this, RESYNC_LIMIT, Duration.ofSeconds(5), Duration.ofHours(24));
    }

    @Override
    public Optional<String> problemWith(DrillParameters parameters) {
        try {
            outage(parameters);
            warmup(parameters);
            resyncLimit(parameters);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public long requiredFreeBytes(Pair pair, DrillParameters parameters) {
        long seconds = outage(parameters).toSeconds() + warmup(parameters).toSeconds() + 60;
        return Math.min(pair.sizeBytes(), seconds * ASSUMED_WRITE_BYTES_PER_SECOND);
    }

    @Override
    public List<DrillStep> steps(DrillParameters parameters) {
        Run run = new Run(outage(parameters), warmup(parameters), resyncLimit(parameters));
        return List.of(new DrillStep("Start the write load", run::startLoad),
                new DrillStep("Cut the link", run::cut),
                new DrillStep("Hold the link down", run::hold),
                new DrillStep("Restore the link", run::restore),
                new DrillStep("Wait for the resync", run::awaitResync),
                new DrillStep("Stop the write load", run::stopLoad),
                new DrillStep("Verify both volumes", run::verify));
    }

    /** The primary's highest sequence number seen at a moment. */
    private record SequenceSample(Instant at, long sequence) {
    }

    /** One run's state, shared by its steps. */
    private static final class Run {
        private final Duration outage;
        private final Duration warmup;
        private final Duration resyncLimit;
        private final List<SequenceSample> sequenceSamples = new java.util.ArrayList<>();
        private boolean loadWasRunning;
        private DrillContext.Rollback stopLoad;
        private DrillContext.Rollback restoreLink;
        private int restoreMark;
        private Instant restoredAt;

        Run(Duration outage, Duration warmup, Duration resyncLimit) {
            this.outage = outage;
            this.warmup = warmup;
            this.resyncLimit = resyncLimit;
        }

        void startLoad(DrillContext context) throws DrillCancelledException {
            Pair pair = context.pair();
            loadWasRunning = pair.status().loadRunning();
            if (loadWasRunning) {
                context.log("The write load was already running");
            } else {
                pair.startLoad();
                stopLoad = context.onRollback("Stop the write load", pair::stopLoad);
                context.log("Write load started");
            }
            // when each sequence number was reached, every 20 ms: the resolution of the RPO in seconds
            sample(pair);
            context.hold(warmup, () -> sample(pair));
            context.detail("Load running for " + warmup.toMillis() / 1000.0 + " s");
        }

        void cut(DrillContext context) throws DrillCancelledException, IOException {
            Pair pair = context.pair();
            int mark = context.eventMark();
            sample(pair);
            pair.interruptLink();
            restoreLink = context.onRollback("Restore the link", pair::restoreLink);
            long highest = pair.highestSequence(); // writes during the outage get no sequence number
            EngineEvent.UnacknowledgedCaptured captured = context.awaitEvent(EngineEvent.UnacknowledgedCaptured.class,
                    event -> event.volume().equals(pair.primaryVolumeName()), mark, CAPTURE_LIMIT,
                    "capture of the unacknowledged updates after the cut");
            // the secondary acknowledges in order: the unacknowledged are the last ones before the cut
            long oldestUnacknowledged = highest - captured.updates() + 1;
            double rpoSeconds = captured.updates() == 0 ? 0
                    : Math.max(0, Duration.between(lastSampleBelow(oldestUnacknowledged), captured.at()).toNanos()
                            / 1e9);
            context.log("Sequence " + highest + " at the cut; " + captured.updates()
                    + " unacknowledged from sequence " + oldestUnacknowledged);
            context.measure("rpo.bytes", "RPO: bytes written but not on the secondary at the cut", captured.bytes(),
                    "bytes");
            context.measure("rpo.updates", "RPO: updates not acknowledged at the cut", captured.updates(), "updates");
            context.measure("rpo.seconds", "RPO: age of the oldest unacknowledged write at the cut (at most; sampled"
                    + " every 20 ms)", rpoSeconds, "s");
            context.events().stream().skip(mark).filter(EngineEvent.WritesResumed.class::isInstance)
                    .map(EngineEvent.WritesResumed.class::cast)
                    .filter(resumed -> resumed.volume().equals(pair.primaryVolumeName())).findFirst()
                    .ifPresent(resumed -> context.measure("cut.pause", "Write pause of the cut (freeze, snapshot,"
                            + " capture)", resumed.pause().toNanos() / 1e9, "s"));
            context.detail(captured.updates() + " updates (" + Measurement.shortBytes(captured.bytes())
                    + ") unacknowledged at the cut");
        }

        /** Notes when the primary's sequence number changed, for the RPO in seconds. */
        private void sample(Pair pair) {
            long sequence = pair.highestSequence();
            if (sequenceSamples.isEmpty() || sequenceSamples.get(sequenceSamples.size() - 1).sequence() != sequence) {
                sequenceSamples.add(new SequenceSample(Instant.now(), sequence));
            }
        }

        /**
         * @return when the primary's sequence number was last seen below {@code sequence}: the write
         *         of that sequence number came after (the first sample if none was below)
         */
        private Instant lastSampleBelow(long sequence) {
            Instant found = sequenceSamples.get(0).at();
            for (SequenceSample sample : sequenceSamples) {
                if (sample.sequence() < sequence) {
                    found = sample.at();
                }
            }
            return found;
        }

        void hold(DrillContext context) throws DrillCancelledException {
            Pair pair = context.pair();
            context.log("Link held down for " + outage.toMillis() / 1000.0 + " s; writes go on locally");
            context.hold(outage, null);
            PairStatus status = pair.status();
            context.measure("outage.snapshotBytes", "Changed during the outage (outage snapshot before the restore)",
                    status.snapshotBytes(), "bytes");
            context.detail(Measurement.shortBytes(status.snapshotBytes()) + " changed while the link was down");
        }

        void restore(DrillContext context) throws DrillCancelledException, IOException {
            Pair pair = context.pair();
            restoreMark = context.eventMark();
            restoredAt = Instant.now();
            pair.restoreLink();
            restoreLink.done();
            EngineEvent.LinkUp up = context.awaitEvent(EngineEvent.LinkUp.class,
                    event -> event.volume().equals(pair.primaryVolumeName()), restoreMark, RECONNECT_LIMIT,
                    "link up after the restore");
            double seconds = Duration.between(restoredAt, up.at()).toNanos() / 1e9;
            context.measure("link.reconnect", "Time from the restore to the link up", Math.max(0, seconds), "s");
            context.detail("Link up to " + up.peer());
        }

        void awaitResync(DrillContext context) throws DrillCancelledException, IOException {
            Pair pair = context.pair();
            String volume = pair.primaryVolumeName();
            long deadline = System.nanoTime() + resyncLimit.toNanos();
            EngineEvent.ResyncStarted started = null;
            EngineEvent.ResyncFinished finished = null;
            while (finished == null) {
                List<EngineEvent> events = context.events();
                for (int i = restoreMark; i < events.size(); i++) {
                    EngineEvent event = events.get(i);
                    if (event instanceof EngineEvent.ResyncStarted s && s.volume().equals(volume) && started == null) {
                        started = s;
                        context.log("Resync started: " + s.changedChunks() + " changed chunks ("
                                + Measurement.shortBytes(s.changedBytes()) + "), " + s.unacknowledgedUpdates()
                                + " unacknowledged updates (" + Measurement.shortBytes(s.unacknowledgedBytes()) + ")");
                    } else if (event instanceof EngineEvent.ResyncProgress p && p.volume().equals(volume)
                            && p.chunksTotal() > 0) {
                        context.progress((double) p.chunksSent() / p.chunksTotal());
                    } else if (event instanceof EngineEvent.ResyncFinished f && f.volume().equals(volume)) {
                        finished = f;
                    }
                }
                if (finished == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("The resync did not finish within " + resyncLimit.toSeconds() + " s: "
                                + pair.status().state());
                    }
                    context.pause(Duration.ofMillis(50));
                }
            }
            if (started == null) {
                throw new IOException("The resync finished without a start event");
            }
            context.awaitState(PairState.CONSISTENT, Duration.ofSeconds(30));
            long chunkSize = started.changedChunks() == 0 ? 0 : started.changedBytes() / started.changedChunks();
            long sent = finished.bytes() + started.unacknowledgedBytes();
            long least = started.changedBytes() + started.unacknowledgedBytes();
            context.measure("resync.changedChunks", "Changed chunks to resynchronise", started.changedChunks(),
                    "chunks");
            context.measure("resync.chunkSize", "Chunk size", chunkSize, "bytes");
            context.measure("resync.changedBytes", "Changed chunks × chunk size", started.changedBytes(), "bytes");
            context.measure("resync.unacknowledgedBytes", "Unacknowledged updates sent again",
                    started.unacknowledgedBytes(), "bytes");
            context.measure("resync.chunkBytesSent", "Chunk data sent by the resync", finished.bytes(), "bytes");
            context.measure("resync.bytes", "Resync bytes sent (chunks and unacknowledged updates)", sent, "bytes");
            context.measure("resync.seconds", "Resync duration", finished.duration().toNanos() / 1e9, "s");
            context.measure("resync.efficiency", "Resync bytes sent ÷ (changed chunks + unacknowledged bytes)",
                    least == 0 ? 1 : (double) sent / least, "ratio");
            context.measure("outage.total", "From the restore to a consistent pair",
                    Duration.between(restoredAt, Instant.now()).toNanos() / 1e9, "s");
            context.detail(Measurement.shortBytes(sent) + " sent in " + finished.duration().toMillis() + " ms");
        }

        void stopLoad(DrillContext context) throws InterruptedException {
            Pair pair = context.pair();
            pair.stopLoad();
            if (stopLoad != null) {
                stopLoad.done();
            }
            if (loadWasRunning) {
                context.atEnd("Start the write load again, as before the drill", pair::startLoad);
            }
            context.detail("Stopped, so that both volumes hold still for the comparison");
        }

        void verify(DrillContext context) throws DrillCancelledException, IOException, InterruptedException {
            Pair pair = context.pair();
            long size = pair.sizeBytes();
            long start = System.nanoTime();
            Pair.VerifyResult result = pair.verify(bytes -> context.progress(bytes / (2.0 * size)),
                    context::cancelled);
            if (result == null) {
                throw new DrillCancelledException();
            }
            context.measure("verify.seconds", "Verification time (both volumes)",
                    (System.nanoTime() - start) / 1e9, "s");
            context.verified(new Verification("Primary and secondary after the resync", "primary",
                    result.primarySha256(), "secondary", result.secondarySha256(), result.bytes()));
            context.detail(result.equal() ? "Equal: " + Measurement.shortBytes(result.bytes()) + " compared"
                    : "The volumes differ");
        }
    }
}
