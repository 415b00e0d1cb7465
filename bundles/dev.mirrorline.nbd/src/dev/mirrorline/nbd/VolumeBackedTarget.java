package dev.mirrorline.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.volume.Volume;

/**
 * What the exports of a {@link Volume} share: reads and flushes go to the volume, and writes are
 * refused while the export is read-only; subclasses say where allowed writes go.
 */
abstract class VolumeBackedTarget implements BlockTarget {

    private final Volume volume;
    private volatile boolean writable;

    VolumeBackedTarget(Volume volume, boolean writable) {
        this.volume = Objects.requireNonNull(volume, "volume");
        this.writable = writable;
    }

    /** @return the volume behind the export */
    final Volume volume() {
        return volume;
    }

    /**
     * Allows or refuses writes from now on: clients connecting afterwards are told, and writes
     * already connected clients send are checked against the new setting.
     *
     * @param allowed whether writes are allowed
     */
    public final void setWritable(boolean allowed) {
        this.writable = allowed;
    }

    @Override
    public final VolumeGeometry geometry() {
        return volume.geometry();
    }

    @Override
    public final boolean isWritable() {
        return writable;
    }

    @Override
    public final void read(long offset, ByteBuffer dst) throws IOException {
        volume.read(offset, dst);
    }

    @Override
    public final void write(long offset, ByteBuffer src) throws IOException, InterruptedException {
        if (!writable) {
            throw new ReadOnlyTargetException(refusal());
        }
        writeAllowed(offset, src);
    }

    @Override
    public final void flush() throws IOException {
        volume.flush();
    }

    /** Writes what {@link #write} allowed. */
    abstract void writeAllowed(long offset, ByteBuffer src) throws IOException, InterruptedException;

    /** @return why a write is refused while the export is read-only */
    abstract String refusal();
}
