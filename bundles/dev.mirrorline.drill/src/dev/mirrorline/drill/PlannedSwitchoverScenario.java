package dev.mirrorline.drill;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;

/**
 * Planned switchover: with the write load running, quiesce writes on the primary (demote it),
 * drain until the secondary has acknowledged everything, compare both volumes byte for byte,
 * promote the secondary and reverse the replication, then let writes resume on the new primary
 * (a probe write that must be acknowledged by the new secondary), and optionally switch back the
 * same way. Measures the write outage (RTO: from the quiesce to the new primary's first write
 * accepted), the drain, the probe's round trip and the checksums. Nothing is lost: RPO is 0 by
 * construction, and the drain proves it.
 */
public final class PlannedSwitchoverScenario implements DrillScenario {

    /** The scenario's id. */
    public static final String ID = "planned-switchover";

    static final String WARMUP = "warmup";
    static final String DRAIN_LIMIT = "drainLimit";
    static final String PROBE = "probe";
    static final String STAY = "stay";
    static final String SWITCH_BACK = "switchBack";
    private static final Duration ROLLBACK_DRAIN = Duration.ofSeconds(60);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Planned switchover";
    }

    @Override
    public String description() {
        return "Quiesces writes, drains until nothing is unacknowledged, verifies both volumes, promotes the secondary"
                + " and reverses the replication, resumes writes on the new primary and optionally switches back;"
                + " measures the write outage (RTO) and the drain.";
    }

    @Override
    public boolean changesRoles() {
        return true;
    }

    @Override
    public List<DrillParameter> parameters() {
        return List.of(
                new DrillParameter(WARMUP, "Load before the switchover (seconds)", "1",
                        "How long the write load runs before writes are quiesced"),
                new DrillParameter(DRAIN_LIMIT, "Drain time limit (seconds)", "60",
                        "The drill fails (and writes resume on the primary) if the drain takes longer"),
                new DrillParameter(PROBE, "Probe write (yes/no)", "yes",
                        "Write one block on the new primary (its own contents) and wait for the new secondary"
                                + " to acknowledge it"),
                new DrillParameter(STAY, "Time in the new roles (seconds)", "0",
                        "How long the pair stays switched before the switch back"),
                new DrillParameter(SWITCH_BACK, "Switch back (yes/no)", "yes",
                        "Switch back to the original roles at the end, the same way"));
    }

    @Override
    public Optional<String> problemWith(DrillParameters parameters) {
        try {
            parameters.seconds(this, WARMUP, Duration.ZERO, Duration.ofMinutes(10));
            parameters.seconds(this, DRAIN_LIMIT, Duration.ofSeconds(1), Duration.ofHours(1));
            parameters.seconds(this, STAY, Duration.ZERO, Duration.ofHours(1));
            parameters.yesNo(this, PROBE);
            parameters.yesNo(this, SWITCH_BACK);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public long requiredFreeBytes(Pair pair, DrillParameters parameters) {
        return 1L << 20; // no snapshot: the roles' state files only
    }

    @Override
    public List<DrillStep> steps(DrillParameters parameters) {
        Run run = new Run(parameters.seconds(this, WARMUP, Duration.ZERO, Duration.ofMinutes(10)),
                parameters.seconds(this, DRAIN_LIMIT, Duration.ofSeconds(1), Duration.ofHours(1)),
                parameters.yesNo(this, PROBE), parameters.seconds(this, STAY, Duration.ZERO, Duration.ofHours(1)),
                parameters.yesNo(this, SWITCH_BACK));
        return List.of(new DrillStep("Start the write load", run::startLoad),
                new DrillStep("Quiesce, drain, verify and switch the roles", run::switchover),
                new DrillStep("Resume writes on the new primary", run::resume),
                new DrillStep("Stay in the new roles", run::stay),
                new DrillStep("Switch back to the original roles", run::switchBack));
    }

    /** One run's state, shared by its steps. */
    private static final class Run {
        private final Duration warmup;
        private final Duration drainLimit;
        private final boolean probe;
        private final Duration stay;
        private final boolean switchBack;
        private DrillContext.Rollback stopLoad;
        private DrillContext.Rollback restoreRoles;
        private Switchover.Done switched;

        Run(Duration warmup, Duration drainLimit, boolean probe, Duration stay, boolean switchBack) {
            this.warmup = warmup;
            this.drainLimit = drainLimit;
            this.probe = probe;
            this.stay = stay;
            this.switchBack = switchBack;
        }

        void startLoad(DrillContext context) throws DrillCancelledException {
            stopLoad = context.startLoadForTheDrill();
            context.hold(warmup, null);
            context.detail("Load running for " + warmup.toMillis() / 1000.0 + " s");
        }

        void switchover(DrillContext context) throws Exception {
            Pair pair = context.pair();
            String original = pair.primaryVolumeName();
            switched = Switchover.run(context, "Primary and secondary before the switchover", drainLimit, 0, 0.9);
            if (stopLoad != null) {
                stopLoad.done(); // the demotion stopped it
            }
            restoreRoles = context.onRollback("Switch back to the original roles, " + original + " primary",
                    () -> Switchover.switchNow(pair, "the drill " + context.drillId() + " restores the roles",
                            ROLLBACK_DRAIN));
            context.measure("drain.updates", "Updates drained (unacknowledged when writes were quiesced)",
                    switched.drained().updates(), "updates");
            context.measure("drain.bytes", "Bytes drained", switched.drained().bytes(), "bytes");
            context.measure("drain.seconds", "Drain time", switched.drained().duration().toNanos() / 1e9, "s");
            context.detail(pair.primaryVolumeName() + " primary, " + pair.secondaryVolumeName() + " secondary");
        }

        void resume(DrillContext context) throws Exception {
            Pair pair = context.pair();
            context.awaitState(PairState.CONSISTENT, Duration.ofSeconds(30));
            if (!probe) {
                context.measure("rto.seconds", "RTO: write outage, from the quiesce to the new primary taking writes",
                        switched.writeOutage().toNanos() / 1e9, "s");
                context.skip("No probe write asked for; the new primary takes writes");
                return;
            }
            long before = System.nanoTime();
            long sequence = pair.probeWrite(0);
            long accepted = System.nanoTime();
            double rto = switched.writeOutage().toNanos() / 1e9 + (accepted - before) / 1e9;
            context.measure("rto.seconds", "RTO: write outage, from the quiesce to the first write accepted by the new"
                    + " primary", rto, "s");
            if (!pair.awaitAcknowledged(sequence, PROBE_LIMIT)) {
                throw new IOException("The new secondary " + pair.secondaryVolumeName() + " did not acknowledge the"
                        + " probe write within " + PROBE_LIMIT.toSeconds() + " s");
            }
            double latency = (System.nanoTime() - before) / 1e9;
            context.measure("probe.seconds", "Probe write on the new primary until acknowledged by the new secondary",
                    latency, "s");
            context.detail("Probe write (sequence " + sequence + ") acknowledged by " + pair.secondaryVolumeName()
                    + " in " + Math.round(latency * 1000) + " ms");
        }

        void stay(DrillContext context) throws DrillCancelledException {
            if (stay.isZero()) {
                context.skip("Not asked for");
                return;
            }
            context.hold(stay, null);
            context.detail("Switched for " + stay.toMillis() / 1000.0 + " s");
        }

        void switchBack(DrillContext context) throws Exception {
            if (!switchBack) {
                restoreRoles.done();
                context.skip("Not asked for: " + context.pair().primaryVolumeName() + " stays the primary");
                return;
            }
            Switchover.Done back = Switchover.run(context, "Primary and secondary before the switch back", drainLimit,
                    0, 1);
            restoreRoles.done();
            context.measure("switchBack.rto", "Write outage of the switch back", back.writeOutage().toNanos() / 1e9,
                    "s");
            context.detail(context.pair().primaryVolumeName() + " is the primary again");
        }
    }
}
