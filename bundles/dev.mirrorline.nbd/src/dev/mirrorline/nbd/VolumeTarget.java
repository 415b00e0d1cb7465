package dev.mirrorline.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.mirrorline.engine.volume.Volume;

/**
 * A plain {@link Volume} as an export: reads and writes go straight to the volume. This is the
 * export of a secondary volume, read-only while it is a secondary (its applier writes it) and made
 * writable with {@link #setWritable} when it is promoted. Whoever promotes it starts the new
 * generation on the secondary (see {@code SecondaryApplier.startNewGeneration}) before letting
 * clients write.
 */
public final class VolumeTarget extends VolumeBackedTarget {

    private VolumeTarget(Volume volume, boolean writable) {
        super(volume, writable);
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

    @Override
    void writeAllowed(long offset, ByteBuffer src) throws IOException {
        volume().write(offset, src);
    }

    @Override
    String refusal() {
        return "Volume " + volume().name() + " is read-only";
    }

    @Override
    public String description() {
        return "Mirrorline volume " + volume().name() + (isWritable() ? "" : " (read-only)");
    }
}
