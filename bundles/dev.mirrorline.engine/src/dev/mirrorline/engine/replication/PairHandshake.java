package dev.mirrorline.engine.replication;

import java.util.Objects;
import java.util.Optional;

import dev.mirrorline.engine.VolumeGeometry;

/**
 * What each side of a pair states about itself when the replication link connects. Two sides
 * replicate only if they belong to the same pair, their volumes have the same geometry, they use
 * the same chunk size and speak the same protocol; otherwise the connection is refused with a
 * message that says which of these differs.
 *
 * @param pairId the pair's identity, fixed when the pair was created
 * @param geometry the volume's size and block size
 * @param chunkSize the snapshot chunk size, which is the resync granularity
 * @param protocolVersion the replication protocol version the side speaks
 */
public record PairHandshake(String pairId, VolumeGeometry geometry, int chunkSize, int protocolVersion) {

    /** The replication protocol version of this build. */
    public static final int PROTOCOL_VERSION = 1;

    /** Checks that nothing is missing. */
    public PairHandshake {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(geometry, "geometry");
    }

    /**
     * Decides whether this side may replicate with the peer.
     *
     * @param peer what the peer stated
     * @return empty if they match, else why they do not, in words for the administrator
     */
    public Optional<String> refusalFor(PairHandshake peer) {
        if (peer.protocolVersion != protocolVersion) {
            return Optional.of("The peer speaks replication protocol version " + peer.protocolVersion
                    + ", this node version " + protocolVersion + ": install the same Mirrorline version on both");
        }
        if (!peer.pairId.equals(pairId)) {
            return Optional.of("The peer belongs to pair '" + peer.pairId + "', not to pair '" + pairId
                    + "': check the peer's address");
        }
        if (!peer.geometry.equals(geometry)) {
            return Optional.of("The peer's volume is " + peer.geometry.describe() + ", this volume is "
                    + geometry.describe() + ": a pair needs equal sizes and block sizes");
        }
        if (peer.chunkSize != chunkSize) {
            return Optional.of("The peer uses " + peer.chunkSize + "-byte chunks, this node " + chunkSize
                    + "-byte chunks: the pair's configuration differs between the two sides");
        }
        return Optional.empty();
    }
}
