package dev.mirrorline.engine.replication;

import java.time.Duration;
import java.util.Objects;

/**
 * How a primary replicates.
 *
 * @param mode when a write counts as done
 * @param chunkSize the chunk size of outage snapshots, which is the resync granularity
 * @param linkTimeout how long the secondary may stay silent after the primary sent it something
 *        (a batch, or a keepalive when there is nothing to send) before the link is declared down
 */
public record ReplicationSettings(ReplicationMode mode, int chunkSize, Duration linkTimeout) {

    /** Checks the values. */
    public ReplicationSettings {
        Objects.requireNonNull(mode, "mode");
        if (chunkSize < 512 || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("Chunk size " + chunkSize + " is not a power of two of at least 512");
        }
        if (linkTimeout.isNegative() || linkTimeout.isZero()) {
            throw new IllegalArgumentException("Link timeout " + linkTimeout + " must be positive");
        }
    }

    /** @return asynchronous, 4 KiB chunks, a link timeout of 10 seconds */
    public static ReplicationSettings defaults() {
        return new ReplicationSettings(ReplicationMode.ASYNCHRONOUS, 4096, Duration.ofSeconds(10));
    }

    /**
     * @param newMode the mode
     * @return these settings with that mode
     */
    public ReplicationSettings withMode(ReplicationMode newMode) {
        return new ReplicationSettings(newMode, chunkSize, linkTimeout);
    }

    /**
     * @param newLinkTimeout the link timeout
     * @return these settings with that timeout
     */
    public ReplicationSettings withLinkTimeout(Duration newLinkTimeout) {
        return new ReplicationSettings(mode, chunkSize, newLinkTimeout);
    }

    /** @return how often the primary sends a keepalive when it has nothing to send */
    public Duration keepaliveInterval() {
        return linkTimeout.dividedBy(3);
    }
}
