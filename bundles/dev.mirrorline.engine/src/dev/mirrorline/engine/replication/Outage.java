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
 * @param since when the link went down
 * @param reason what failed
 * @param snapshot the outage snapshot
 * @param unacknowledged the updates that were unacknowledged, in sequence order
 */
public record Outage(Instant since, String reason, Snapshot snapshot, List<Update> unacknowledged) {

    /** Copies the list. */
    public Outage {
        unacknowledged = List.copyOf(unacknowledged);
    }

    /** @return the data size of the unacknowledged updates */
    public long unacknowledgedBytes() {
        return unacknowledged.stream().mapToLong(Update::length).sum();
    }
}
