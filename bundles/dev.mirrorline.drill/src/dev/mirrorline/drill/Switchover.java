package dev.mirrorline.drill;

import java.io.IOException;
import java.time.Duration;

import dev.mirrorline.node.Pair;

/**
 * The planned switchover on a pair, as both role-changing drills do it: demote the primary, drain,
 * compare both volumes, switch the roles. Shared by the switchover's steps, the switch back and
 * the rollbacks that restore the original roles.
 */
final class Switchover {

    private Switchover() {
    }

    /**
     * What a switchover measured.
     *
     * @param drained what the drain waited for
     * @param verification both volumes compared before the switch
     * @param writeOutage from the demotion to the new primary taking writes
     */
    record Done(Pair.Drained drained, Verification verification, Duration writeOutage) {
    }

    /**
     * Switches the roles of a pair now, with no drill context (for rollbacks): demote, drain,
     * switch; the volumes are not compared (a rollback does what it can).
     *
     * @param pair the pair
     * @param reason why, for the writers refused meanwhile
     * @param drainLimit how long the drain may take
     * @throws IOException if the drain or the switch fails (writes are then taken again by the primary)
     * @throws InterruptedException if interrupted
     */
    static void switchNow(Pair pair, String reason, Duration drainLimit) throws IOException, InterruptedException {
        pair.demote(reason);
        try {
            pair.drain(drainLimit, () -> false);
            pair.switchRoles();
        } catch (IOException | RuntimeException e) {
            pair.resumeWrites();
            throw e;
        }
    }

    /**
     * Switches the roles within a drill step: demote, drain, verify byte for byte, switch. A cancel
     * or failure before the switch lets the primary take writes again; nothing else changed.
     *
     * @param context the drill
     * @param label names the verification, e.g. "Before the switchover"
     * @param drainLimit how long the drain may take
     * @param progressFrom the step's progress at the start (0 to 1)
     * @param progressTo the step's progress at the end
     * @return what it measured
     * @throws DrillCancelledException if cancelled (the primary takes writes again)
     * @throws IOException if the drain fails, the volumes differ, or the switch fails
     * @throws InterruptedException if interrupted
     */
    static Done run(DrillContext context, String label, Duration drainLimit, double progressFrom, double progressTo)
            throws DrillCancelledException, IOException, InterruptedException {
        Pair pair = context.pair();
        long demoted = System.nanoTime();
        String from = pair.primaryVolumeName();
        pair.demote("a planned switchover (drill " + context.drillId() + ") is under way");
        boolean switched = false;
        try {
            context.log("Writes to " + from + " refused; draining");
            Pair.Drained drained = pair.drain(drainLimit, context::cancelled);
            if (drained == null) {
                throw new DrillCancelledException();
            }
            context.log("Drained " + drained.updates() + " updates (" + Measurement.shortBytes(drained.bytes())
                    + ") in " + drained.duration().toMillis() + " ms");
            long size = pair.sizeBytes();
            double span = progressTo - progressFrom;
            Pair.VerifyResult result = pair.verify(bytes -> context.progress(progressFrom + span * bytes / (2.0 * size)),
                    context::cancelled);
            if (result == null) {
                throw new DrillCancelledException();
            }
            Verification verification = new Verification(label, "primary " + from, result.primarySha256(),
                    "secondary " + pair.secondaryVolumeName(), result.secondarySha256(), result.bytes());
            context.verified(verification);
            if (!result.equal()) {
                throw new IOException(label + ": the volumes differ, the roles were not switched");
            }
            context.checkCancelled();
            pair.switchRoles();
            switched = true;
            Duration outage = Duration.ofNanos(System.nanoTime() - demoted);
            context.log(pair.primaryVolumeName() + " is the primary now, replicating to " + pair.secondaryVolumeName());
            return new Done(drained, verification, outage);
        } finally {
            if (!switched) {
                pair.resumeWrites();
            }
        }
    }
}
