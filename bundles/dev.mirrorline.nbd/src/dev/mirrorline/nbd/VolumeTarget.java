package dev.mirrorline.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.volume.Volume;

/**
 * A plain {@link Volume} as an export: reads and writes go straight to the volume. This is the
 * export of a secondary volume, read-only while it is a secondary (its applier writes it) and made
 * writable with {@link #setWritable} when it is promoted. Whoever promotes it starts the new
 * generation on the secondary (see {@code SecondaryApplier.startNewGeneration}) before letting
 * clients write.
 */
public final class VolumeTarget implements BlockTarget {

    private final Volume volume;
    private volatile boolean writable;

    private VolumeTarget(Volume volume, boolean writable) {
        this.volume = Objects.requireNonNull(volume, "volume");
        this.writable = writable;
    }

    /**
     * @param volume the volume, open; its owner closes it after the export is removed
     * @return a target that refuses writes until {@link #setWritable} allows them
     */
    public static VolumeTarget readOnly(Volume volume) {
        return new VolumeTarget(volume, false);
    }

    /**
     * @param volume the volume, open; its owner closes it after the export is removed
     * @return a target that accepts writes
     */
    public static VolumeTarget writable(Volume volume) {
        return new VolumeTarget(volume, true);
    }

    /**
     * Allows or refuses writes from now on: clients connecting afterwards are told, and writes
     * already connected clients send are checked against the new setting.
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
    public void write(long offset, ByteBuffer src) throws IOException {
        if (!writable) {
            throw new ReadOnlyTargetException("Volume " + volume.name() + " is read-only");
        }
        volume.write(offset, src);
    }

    @Override
    public void flush() throws IOException {
        volume.flush();
    }

    @Override
    public String description() {
        return "Mirrorline volume " + volume.name() + (writable ? "" : " (read-only)");
    }
}
