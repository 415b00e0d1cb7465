package dev.mirrorline.nbd;

import java.util.Objects;

/**
 * A named export of an {@link NbdServer}: what clients ask for by name, and the target behind it.
 *
 * @param name the export name clients use (for example in {@code nbd://127.0.0.1/name})
 * @param target what the export reads and writes
 */
public record NbdExport(String name, BlockTarget target) {

    /** Checks the name: not empty, at most 4096 bytes of UTF-8, no NUL. */
    public NbdExport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("An export needs a name");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Export name " + name.replace('\0', '?') + " contains a NUL character");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NbdProtocol.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("Export name is longer than " + NbdProtocol.MAX_STRING_BYTES + " bytes");
        }
    }

    /** @return the export's size in bytes */
    public long sizeBytes() {
        return target.geometry().sizeBytes();
    }

    /** @return whether clients connecting now may write */
    public boolean isWritable() {
        return target.isWritable();
    }
}
