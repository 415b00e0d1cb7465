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
 * @param resyncBytesPerSecond at most this many bytes of changed chunks a second during a resync,
 *        so that a resync does not starve live writes of the link; 0 for no limit. Updates the
 *        secondary lacks are resent at full speed: they are few, and they come first.
 */
public record ReplicationSettings(ReplicationMode mode, int chunkSize, Duration linkTimeout,
        long resyncBytesPerSecond) {

    /** Checks the values. */
    public ReplicationSettings {
        Objects.requireNonNull(mode, "mode");
        if (chunkSize < 512 || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("Chunk size " + chunkSize + " is not a power of two of at least 512");
        }
        if (linkTimeout.isNegative() || linkTimeout.isZero()) {
            throw new IllegalArgumentException("Link timeout " + linkTimeout + " must be positive");
        }
        if (resyncBytesPerSecond < 0) {
            throw new IllegalArgumentException("Resync rate limit " + resyncBytesPerSecond
                    + " bytes/s must be positive, or 0 for no limit");
        }
    }

    /**
     * Settings without a resync rate limit.
     *
     * @param mode when a write counts as done
     * @param chunkSize the chunk size of outage snapshots
     * @param linkTimeout how long the secondary may stay silent
     */
    public ReplicationSettings(ReplicationMode mode, int chunkSize, Duration linkTimeout) {
        this(mode, chunkSize, linkTimeout, 0);
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
        return new ReplicationSettings(newMode, chunkSize, linkTimeout, resyncBytesPerSecond);
    }

    /**
     * @param newLinkTimeout the link timeout
     * @return these settings with that timeout
     */
    public ReplicationSettings withLinkTimeout(Duration newLinkTimeout) {
        return new ReplicationSettings(mode, chunkSize, newLinkTimeout, resyncBytesPerSecond);
    }

    /**
     * @param bytesPerSecond the resync rate limit, 0 for none
     * @return these settings with that limit
     */
    public ReplicationSettings withResyncRate(long bytesPerSecond) {
        return new ReplicationSettings(mode, chunkSize, linkTimeout, bytesPerSecond);
    }

    /** @return how often the primary sends a keepalive when it has nothing to send */
    public Duration keepaliveInterval() {
        return linkTimeout.dividedBy(3);
    }
}
