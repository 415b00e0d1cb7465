package dev.mirrorline.node;

import java.time.Duration;
import java.time.Instant;

/**
 * A pair's state at one moment, for views and the command line.
 *
 * @param state where the pair stands
 * @param lag how long the oldest update the secondary has not acknowledged has waited ({@link Duration#ZERO} if none)
 * @param unacknowledgedBytes the data the secondary has not acknowledged
 * @param unacknowledgedUpdates how many updates that is
 * @param snapshotBytes the data saved in the outage snapshots (0 without an outage)
 * @param resyncChunksSent chunks the running resync has sent so far
 * @param resyncChunksTotal chunks it has to send (0 when no resync runs)
 * @param outageSince when the link went down, or null
 * @param lastError the last failure in words, or null
 * @param loadRunning whether the write-load generator is writing to the primary
 * @param at when this was read
 */
public record PairStatus(PairState state, Duration lag, long unacknowledgedBytes, long unacknowledgedUpdates,
        long snapshotBytes, long resyncChunksSent, long resyncChunksTotal, Instant outageSince, String lastError,
        boolean loadRunning, Instant at) {

    /** @return the resync's progress from 0 to 1, or -1 when no resync runs */
    public double resyncProgress() {
        return resyncChunksTotal <= 0 ? -1 : Math.min(1.0, (double) resyncChunksSent / resyncChunksTotal);
    }
}
