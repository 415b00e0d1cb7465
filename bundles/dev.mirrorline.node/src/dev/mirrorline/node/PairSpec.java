package dev.mirrorline.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import dev.mirrorline.engine.replication.ReplicationMode;

/**
 * What a pair is made of, as the New Pair wizard or the command line states it.
 *
 * @param name the pair's name, unique on this node (letters, digits, '-', '_' and '.')
 * @param primaryImage the primary volume: an image file or a block device
 * @param createPrimaryBytes if positive, the primary image is created with this size (it must not exist)
 * @param secondary where the secondary volume is
 * @param mode asynchronous or synchronous replication
 * @param inFlightWindowBytes at most this much data unacknowledged (asynchronous mode)
 * @param chunkSize the outage snapshots' chunk size, the granularity of the resync
 * @param linkTimeout how long the secondary may stay silent before the link is declared down
 * @param resyncBytesPerSecond at most this many bytes a second of changed chunks during a resync,
 *        so that a resync leaves room for live writes; 0 for no limit
 */
public record PairSpec(String name, Path primaryImage, long createPrimaryBytes, SecondaryLocation secondary,
        ReplicationMode mode, long inFlightWindowBytes, int chunkSize, Duration linkTimeout,
        long resyncBytesPerSecond) {

    /** Checks that nothing is missing. */
    public PairSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(primaryImage, "primaryImage");
        Objects.requireNonNull(secondary, "secondary");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(linkTimeout, "linkTimeout");
    }

    /**
     * A pair whose resync has no rate limit.
     *
     * @param name the pair's name
     * @param primaryImage the primary volume
     * @param createPrimaryBytes if positive, the primary image is created with this size
     * @param secondary where the secondary volume is
     * @param mode asynchronous or synchronous replication
     * @param inFlightWindowBytes at most this much data unacknowledged
     * @param chunkSize the outage snapshots' chunk size
     * @param linkTimeout how long the secondary may stay silent
     */
    public PairSpec(String name, Path primaryImage, long createPrimaryBytes, SecondaryLocation secondary,
            ReplicationMode mode, long inFlightWindowBytes, int chunkSize, Duration linkTimeout) {
        this(name, primaryImage, createPrimaryBytes, secondary, mode, inFlightWindowBytes, chunkSize, linkTimeout, 0);
    }

    /**
     * @param bytesPerSecond the resync rate limit, 0 for none
     * @return this pair's settings with that limit
     */
    public PairSpec withResyncRate(long bytesPerSecond) {
        return new PairSpec(name, primaryImage, createPrimaryBytes, secondary, mode, inFlightWindowBytes, chunkSize,
                linkTimeout, bytesPerSecond);
    }

    /** Where a pair's secondary volume is. */
    public sealed interface SecondaryLocation {
    }

    /**
     * A secondary volume on this machine, served by this node on loopback.
     *
     * @param image the secondary's image file or block device
     * @param create whether to create the image with the primary's size (it must not exist)
     */
    public record LocalSecondary(Path image, boolean create) implements SecondaryLocation {
    }

    /**
     * A secondary volume served by an agent on another host.
     *
     * @param host the agent's host name or address
     * @param port its port
     * @param peerFingerprint the agent's certificate fingerprint, as the administrator confirmed it
     *        (see {@link MirrorlineNode#probeRemote}); pinned for the pair when it is created
     */
    public record RemoteSecondary(String host, int port, String peerFingerprint) implements SecondaryLocation {
        /** Checks that nothing is missing. */
        public RemoteSecondary {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(peerFingerprint, "peerFingerprint");
        }
    }

    /**
     * The parts of a pair's settings, in the order the New Pair wizard asks for them, so that each
     * of its pages can ask {@link MirrorlineNode#problemWith(PairSpec, Part)} about its own part.
     */
    public enum Part {
        /** The name and the primary volume. */
        NAME_AND_PRIMARY,
        /** The secondary: a local volume, or a remote agent and its fingerprint. */
        SECONDARY,
        /** Mode, in-flight window, chunk size, link timeout and resync rate limit. */
        REPLICATION
    }
}
