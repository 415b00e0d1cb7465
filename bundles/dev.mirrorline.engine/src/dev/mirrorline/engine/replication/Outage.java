package dev.mirrorline.engine.replication;

import java.time.Instant;
import java.util.List;

import dev.mirrorline.engine.volume.Snapshot;
import dev.mirrorline.engine.write.Update;

/**
 * What a primary holds while its link is down: the snapshot taken when the link went down (its
 * exception table records every chunk written since) and the updates the secondary had not
 * acknowledged at that moment. Together they are exactly what a resync must send.
 *
 * <p>If the link goes down again during the resync, another snapshot is taken: the chunks the
 * secondary already acknowledged are then tracked by it, and the resync resumes above them.
 *
 * @param since when the link first went down
 * @param reason what failed last
 * @param snapshots the outage's snapshots, oldest first; the newest records the writes made now
 * @param unacknowledged the updates that were unacknowledged when the link last went down, in
 *        sequence order
 */
public record Outage(Instant since, String reason, List<Snapshot> snapshots, List<Update> unacknowledged) {

    /** Copies the lists. */
    public Outage {
        snapshots = List.copyOf(snapshots);
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("An outage has at least one snapshot");
        }
        unacknowledged = List.copyOf(unacknowledged);
    }

    /** @return the snapshot taken when the link first went down */
    public Snapshot snapshot() {
        return snapshots.get(0);
    }

    /** @return the data size of the unacknowledged updates */
    public long unacknowledgedBytes() {
        return unacknowledged.stream().mapToLong(Update::length).sum();
    }
}
