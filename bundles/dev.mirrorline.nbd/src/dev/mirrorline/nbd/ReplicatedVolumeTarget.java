package dev.mirrorline.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import dev.mirrorline.engine.replication.PrimaryReplicator;
import dev.mirrorline.engine.volume.Volume;

/**
 * The primary volume as an export, written through the replication write path: every client
 * write goes through {@link PrimaryReplicator#write}, so it is sequenced, journaled and
 * replicated, or, while the link is down, tracked by the outage snapshot. Reads come from the
 * primary volume. A flush makes the volume durable locally; in synchronous mode every write the
 * client had an answer for was already acknowledged by the secondary (or fell into a declared
 * outage), so a flush covers the secondary too.
 */
public final class ReplicatedVolumeTarget extends VolumeBackedTarget {

    private final PrimaryReplicator replicator;

    /**
     * @param volume the primary volume, the one {@code replicator} writes to
     * @param replicator the primary's write path; its owner closes it after the export is removed
     */
    public ReplicatedVolumeTarget(Volume volume, PrimaryReplicator replicator) {
        super(volume, true);
        this.replicator = Objects.requireNonNull(replicator, "replicator");
    }

    @Override
    void writeAllowed(long offset, ByteBuffer src) throws IOException, InterruptedException {
        replicator.write(offset, src);
    }

    @Override
    String refusal() {
        return "Primary volume " + volume().name() + " is not taking writes";
    }

    @Override
    public String description() {
        return "Mirrorline primary volume " + volume().name() + ", replicated" + (isWritable() ? "" : " (read-only)");
    }
}
