package dev.mirrorline.node;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import dev.mirrorline.engine.volume.Snapshot;

/**
 * Both volumes of a pair as they were at one sequence point: copy-on-write snapshots of the
 * primary and of the secondary taken in one brief freeze of the primary's writes, after the
 * secondary had acknowledged every write up to {@link #sequence()}. Both snapshots then hold the
 * same data; replication goes on meanwhile. Taken by {@link Pair#takeSequencePoint}; the caller
 * {@linkplain #discard() discards} it when done (the snapshots cost copies on every first write
 * to a chunk while they exist).
 *
 * @param pair the pair's name
 * @param sequence the highest sequence number written to the primary before the point; the
 *        secondary had acknowledged it
 * @param primary the primary's snapshot at that point
 * @param secondary the secondary's snapshot at that point
 * @param at when the point was taken
 * @param freeze how long taking it took, from the freeze request to the resumed writes (the
 *        primary volume's {@code WritesResumed} event has the pause itself)
 */
public record SequencePoint(String pair, long sequence, Snapshot primary, Snapshot secondary, Instant at,
        Duration freeze) {

    /**
     * Deletes both snapshots (those not deleted yet).
     *
     * @throws IOException if a snapshot's files cannot be removed
     */
    public void discard() throws IOException {
        IOException failure = null;
        for (Snapshot snapshot : new Snapshot[] { primary, secondary }) {
            if (snapshot.volume().snapshots().contains(snapshot)) {
                try {
                    snapshot.delete();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
