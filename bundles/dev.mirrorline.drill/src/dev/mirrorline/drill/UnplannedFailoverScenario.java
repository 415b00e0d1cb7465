package dev.mirrorline.drill;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;

/**
 * Unplanned failover and failback: with the write load running, cut the link (the old primary goes
 * on writing alone for a moment), declare the primary lost, promote the secondary, write on it,
 * then fail back: the old primary becomes the secondary of the new one and gets only the chunks
 * changed on either side since the split (its outage snapshot and captured updates, the promotion
 * snapshot), never a full copy; verify both volumes; optionally switch back to the original roles
 * with a planned switchover. Measures the RPO at the cut (the data lost), the RTO (from the
 * decision to the first write accepted by the new primary), the failback's bytes against the union
 * of changed chunks and against the whole volume, and the checksums.
 *
 * <p>Cancelled before the promotion, the link is restored and the primary takes writes again.
 * Cancelled after it, there is no way back to the original roles but to finish: the rollback fails
 * back and switches back, and the rollback log says so.
 */
public final class UnplannedFailoverScenario implements DrillScenario {

    /** The scenario's id. */
    public static final String ID = "unplanned-failover";

    static final String WARMUP = "warmup";
    static final String ALONE = "alone";
    static final String NEW_PRIMARY_LOAD = "newPrimaryLoad";
    static final String RESYNC_LIMIT = "resyncLimit";
    static final String SWITCH_BACK = "switchBack";
    /** The write rate assumed for the free space the snapshots may take. */
    private static final long ASSUMED_WRITE_BYTES_PER_SECOND = 4L << 20;
    private static final Duration ROLLBACK_LIMIT = Duration.ofSeconds(120);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Unplanned failover and failback";
    }

    @Override
    public String description() {
        return "Cuts the link under load, declares the primary lost, promotes the secondary and writes on it, then"
                + " fails back sending only the chunks changed on either side, verifies both volumes and optionally"
                + " switches back; measures RPO (data lost), RTO and the failback's bytes.";
    }

    @Override
    public boolean changesRoles() {
        return true;
    }

    @Override
    public List<DrillParameter> parameters() {
        return List.of(
                new DrillParameter(WARMUP, "Load before the cut (seconds)", "1",
                        "How long the write load runs before the link is cut"),
                new DrillParameter(ALONE, "Old primary alone (seconds)", "0.5",
                        "How long the old primary goes on writing after the cut, before it is declared lost"),
                new DrillParameter(NEW_PRIMARY_LOAD, "Load on the new primary (seconds)", "1",
                        "How long the write load runs on the promoted secondary before the failback"),
                new DrillParameter(RESYNC_LIMIT, "Failback time limit (seconds)", "300",
                        "The drill fails if the failback resync does not end within this time"),
                new DrillParameter(SWITCH_BACK, "Switch back (yes/no)", "yes",
                        "After the failback, make the original primary the primary again (planned switchover)"));
    }

    private Duration seconds(DrillParameters parameters, String key, Duration minimum, Duration maximum) {
        return parameters.seconds(this, key, minimum, maximum);
    }

    @Override
    public Optional<String> problemWith(DrillParameters parameters) {
        try {
            seconds(parameters, WARMUP, Duration.ZERO, Duration.ofMinutes(10));
            seconds(parameters, ALONE, Duration.ZERO, Duration.ofMinutes(10));
            seconds(parameters, NEW_PRIMARY_LOAD, Duration.ZERO, Duration.ofHours(1));
            seconds(parameters, RESYNC_LIMIT, Duration.ofSeconds(5), Duration.ofHours(24));
            parameters.yesNo(this, SWITCH_BACK);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public long requiredFreeBytes(Pair pair, DrillParameters parameters) {
        long seconds = seconds(parameters, WARMUP, Duration.ZERO, Duration.ofMinutes(10)).toSeconds()
                + seconds(parameters, ALONE, Duration.ZERO, Duration.ofMinutes(10)).toSeconds()
                + seconds(parameters, NEW_PRIMARY_LOAD, Duration.ZERO, Duration.ofHours(1)).toSeconds() + 60;
        // the old primary's outage snapshot, the promotion snapshot and the failback's staging
        return Math.min(3 * pair.sizeBytes(), 3 * seconds * ASSUMED_WRITE_BYTES_PER_SECOND);
    }

    @Override
    public List<DrillStep> steps(DrillParameters parameters) {
        Run run = new Run(seconds(parameters, WARMUP, Duration.ZERO, Duration.ofMinutes(10)),
                seconds(parameters, ALONE, Duration.ZERO, Duration.ofMinutes(10)),
                seconds(parameters, NEW_PRIMARY_LOAD, Duration.ZERO, Duration.ofHours(1)),
                seconds(parameters, RESYNC_LIMIT, Duration.ofSeconds(5), Duration.ofHours(24)),
                parameters.yesNo(this, SWITCH_BACK));
        return List.of(new DrillStep("Start the write load", run::startLoad),
                new DrillStep("Cut the link", run::cut),
                new DrillStep("Declare the primary lost", run::declareLost),
                new DrillStep("Promote the secondary", run::promote),
                new DrillStep("Write on the new primary", run::writeOnNewPrimary),
                new DrillStep("Fail back", run::failback),
                new DrillStep("Verify both volumes", run::verify),
                new DrillStep("Switch back to the original roles", run::switchBack));
    }

    /** One run's state, shared by its steps. */
    private static final class Run {
        private final Duration warmup;
        private final Duration alone;
        private final Duration newPrimaryLoad;
        private final Duration resyncLimit;
        private final boolean switchBack;
        private final CutMeasurement cut = new CutMeasurement();
        private EngineEvent.UnacknowledgedCaptured captured;
        private DrillContext.Rollback stopLoad;
        private DrillContext.Rollback restoreLink;
        private DrillContext.Rollback resumeWrites;
        private DrillContext.Rollback failBackAndSwitchBack;
        private DrillContext.Rollback restoreRoles;
        private long decidedAt;

        Run(Duration warmup, Duration alone, Duration newPrimaryLoad, Duration resyncLimit, boolean switchBack) {
            this.warmup = warmup;
            this.alone = alone;
            this.newPrimaryLoad = newPrimaryLoad;
            this.resyncLimit = resyncLimit;
            this.switchBack = switchBack;
        }

        void startLoad(DrillContext context) throws DrillCancelledException {
            Pair pair = context.pair();
            stopLoad = context.startLoadForTheDrill();
            cut.sample(pair);
            context.hold(warmup, () -> cut.sample(pair));
            context.detail("Load running for " + warmup.toMillis() / 1000.0 + " s");
        }

        void cut(DrillContext context) throws DrillCancelledException, IOException {
            Pair pair = context.pair();
            captured = cut.cut(context);
            restoreLink = context.onRollback("Restore the link", pair::restoreLink);
            context.hold(alone, null); // the old primary writes alone: its outage snapshot lists the chunks
            context.detail(captured.updates() + " updates (" + Measurement.shortBytes(captured.bytes())
                    + ") unacknowledged at the cut; " + Measurement.shortBytes(pair.status().snapshotBytes())
                    + " written alone since");
        }

        void declareLost(DrillContext context) throws InterruptedException {
            Pair pair = context.pair();
            decidedAt = System.nanoTime();
            pair.demote("it was declared lost by the drill " + context.drillId());
            resumeWrites = context.onRollback("Let " + pair.primaryVolumeName() + " take writes again",
                    pair::resumeWrites);
            if (stopLoad != null) {
                stopLoad.done(); // the demotion stopped it
            }
            context.measure("oldPrimary.aloneBytes", "Written by the old primary alone after the cut (its outage"
                    + " snapshot)", pair.status().snapshotBytes(), "bytes");
            context.detail(pair.primaryVolumeName() + " takes no writes; " + pair.secondaryVolumeName()
                    + " is to take over");
        }

        void promote(DrillContext context) throws IOException, InterruptedException {
            Pair pair = context.pair();
            String old = pair.primaryVolumeName();
            Pair.Failover failover = pair.failover("declared lost by the drill " + context.drillId());
            resumeWrites.done();
            restoreLink.done();
            failBackAndSwitchBack = context.onRollback("Fail back and switch back to the original roles, " + old
                    + " primary (the only way back after a promotion)", () -> {
                        failBack(pair, resyncLimit);
                        Switchover.switchNow(pair, "the drill " + context.drillId() + " restores the roles",
                                ROLLBACK_LIMIT);
                        pair.restoreLink();
                    });
            context.measure("lost.bytes", "Data lost: bytes the secondary had not acknowledged when the primary was"
                    + " lost", failover.lostBytes(), "bytes");
            context.measure("lost.updates", "Data lost: updates", failover.lostUpdates(), "updates");
            context.detail(pair.primaryVolumeName() + " is the primary; " + failover.lostUpdates() + " updates ("
                    + Measurement.shortBytes(failover.lostBytes()) + ") of " + old + " lost");
            if (failover.lostBytes() != captured.bytes()) {
                throw new IOException("The failover lost " + failover.lostBytes() + " bytes, but " + captured.bytes()
                        + " were unacknowledged at the cut");
            }
        }

        void writeOnNewPrimary(DrillContext context) throws Exception {
            Pair pair = context.pair();
            long sequence = pair.probeWrite(0);
            double rto = (System.nanoTime() - decidedAt) / 1e9;
            context.measure("rto.seconds", "RTO: from the decision to the first write accepted by the new primary",
                    rto, "s");
            context.log("First write accepted by " + pair.primaryVolumeName() + " (sequence " + sequence + ")");
            if (!newPrimaryLoad.isZero()) {
                pair.startLoad();
                DrillContext.Rollback stop = context.onRollback("Stop the write load on the new primary",
                        pair::stopLoad);
                context.hold(newPrimaryLoad, null);
                pair.stopLoad();
                stop.done();
            }
            context.measure("newPrimary.changedBytes", "Written on the new primary since its promotion (promotion"
                    + " snapshot)", pair.status().snapshotBytes(), "bytes");
            context.detail("RTO " + Math.round(rto * 1000) + " ms; " + Measurement.shortBytes(
                    pair.status().snapshotBytes()) + " written on the new primary");
        }

        void failback(DrillContext context) throws Exception {
            Pair pair = context.pair();
            int mark = context.eventMark();
            Pair.FailbackPlan plan = pair.failback();
            context.log("Failback: " + plan.oldPrimaryChunks() + " chunks changed on the old primary, "
                    + plan.promotedChunks() + " on the new one, " + plan.unionChunks() + " in either");
            String volume = pair.primaryVolumeName();
            long deadline = System.nanoTime() + resyncLimit.toNanos();
            EngineEvent.ResyncStarted started = null;
            EngineEvent.ResyncFinished finished = null;
            while (finished == null || pair.failbackRunning()) {
                List<EngineEvent> events = context.events();
                for (int i = mark; i < events.size(); i++) {
                    EngineEvent event = events.get(i);
                    if (event instanceof EngineEvent.ResyncStarted s && s.volume().equals(volume) && started == null) {
                        started = s;
                    } else if (event instanceof EngineEvent.ResyncProgress p && p.volume().equals(volume)
                            && p.chunksTotal() > 0) {
                        context.progress((double) p.chunksSent() / p.chunksTotal());
                    } else if (event instanceof EngineEvent.ResyncFinished f && f.volume().equals(volume)) {
                        finished = f;
                    }
                }
                if (finished == null || pair.failbackRunning()) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("The failback did not finish within " + resyncLimit.toSeconds() + " s: "
                                + pair.status().state() + (pair.status().lastError() != null ? " ("
                                        + pair.status().lastError() + ")" : ""));
                    }
                    context.pause(Duration.ofMillis(50));
                }
            }
            if (started == null) {
                throw new IOException("The failback resync finished without a start event");
            }
            context.awaitState(PairState.CONSISTENT, Duration.ofSeconds(30));
            failBackAndSwitchBack.done();
            String original = pair.secondaryVolumeName();
            restoreRoles = context.onRollback("Switch back to the original roles, " + original + " primary",
                    () -> Switchover.switchNow(pair, "the drill " + context.drillId() + " restores the roles",
                            ROLLBACK_LIMIT));
            long sent = finished.bytes() + started.unacknowledgedBytes();
            long full = pair.sizeBytes();
            context.measure("failback.oldPrimaryChunks", "Chunks changed on the old primary since the split (outage"
                    + " snapshot and captured updates)", plan.oldPrimaryChunks(), "chunks");
            context.measure("failback.promotedChunks", "Chunks written on the new primary (promotion snapshot)",
                    plan.promotedChunks(), "chunks");
            context.measure("failback.unionChunks", "Chunks changed on either side (the union)", plan.unionChunks(),
                    "chunks");
            context.measure("failback.chunkSize", "Chunk size", plan.chunkSize(), "bytes");
            context.measure("failback.unionBytes", "Union × chunk size", plan.unionBytes(), "bytes");
            context.measure("failback.bytes", "Failback bytes sent (chunks and updates)", sent, "bytes");
            context.measure("failback.fullCopyBytes", "A full copy of the volume", full, "bytes");
            context.measure("failback.fractionOfFullCopy", "Failback bytes ÷ full copy", (double) sent / full,
                    "ratio");
            context.measure("failback.seconds", "Failback resync duration", finished.duration().toNanos() / 1e9, "s");
            context.detail(Measurement.shortBytes(sent) + " sent for " + plan.unionChunks() + " changed chunks ("
                    + Measurement.shortBytes(plan.unionBytes()) + "), volume " + Measurement.shortBytes(full));
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
            context.measure("verify.seconds", "Verification time (both volumes)", (System.nanoTime() - start) / 1e9,
                    "s");
            context.verified(new Verification("New primary and the failed-back old primary",
                    "primary " + pair.primaryVolumeName(), result.primarySha256(),
                    "secondary " + pair.secondaryVolumeName(), result.secondarySha256(), result.bytes()));
            context.detail(result.equal() ? "Equal: " + Measurement.shortBytes(result.bytes()) + " compared"
                    : "The volumes differ");
        }

        void switchBack(DrillContext context) throws Exception {
            if (!switchBack) {
                restoreRoles.done();
                context.skip("Not asked for: " + context.pair().primaryVolumeName() + " stays the primary");
                return;
            }
            Switchover.Done back = Switchover.run(context, "Primary and secondary before the switch back",
                    Duration.ofSeconds(60), 0, 1);
            restoreRoles.done();
            context.measure("switchBack.rto", "Write outage of the switch back", back.writeOutage().toNanos() / 1e9,
                    "s");
            context.detail(context.pair().primaryVolumeName() + " is the primary again");
        }
    }

    /** Fails back and waits until it has ended, for a rollback. */
    static void failBack(Pair pair, Duration limit) throws IOException, InterruptedException {
        if (pair.failbackPending()) {
            pair.failback(); // else one runs already (the step that started it failed or was cancelled): wait for it
        }
        long deadline = System.nanoTime() + limit.toNanos();
        while (pair.failbackRunning() || pair.status().state() != PairState.CONSISTENT) {
            if (System.nanoTime() > deadline) {
                throw new IOException("The failback did not end within " + limit.toSeconds() + " s: "
                        + pair.status().state());
            }
            Thread.sleep(50);
        }
    }
}
