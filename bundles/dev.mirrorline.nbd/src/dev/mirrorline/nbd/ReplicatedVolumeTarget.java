package dev.mirrorline.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import dev.mirrorline.engine.VolumeGeometry;
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
public final class ReplicatedVolumeTarget implements BlockTarget {

    private final Volume volume;
    private final PrimaryReplicator replicator;
    private volatile boolean writable = true;

    /**
     * @param volume the primary volume, the one {@code replicator} writes to
     * @param replicator the primary's write path; its owner closes it after the export is removed
     */
    public ReplicatedVolumeTarget(Volume volume, PrimaryReplicator replicator) {
        this.volume = Objects.requireNonNull(volume, "volume");
        this.replicator = Objects.requireNonNull(replicator, "replicator");
    }

    /**
     * Allows or refuses writes from now on (a primary being demoted stops taking writes).
     *
     * @param allowed whether writes are allowed
     */
    public void setWritable(boolean allowed) {
        this.writable = allowed;
    }

    @Override
    public VolumeGeometry geometry() {
        return volume.geometry();
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        volume.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException, InterruptedException {
        if (!writable) {
            throw new ReadOnlyTargetException("Primary volume " + volume.name() + " is not taking writes");
        }
        replicator.write(offset, src);
    }

    @Override
    public void flush() throws IOException {
        volume.flush();
    }

    @Override
    public String description() {
        return "Mirrorline primary volume " + volume.name() + ", replicated" + (writable ? "" : " (read-only)");
    }
}
