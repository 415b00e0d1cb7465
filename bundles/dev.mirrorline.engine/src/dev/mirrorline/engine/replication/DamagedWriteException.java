package dev.mirrorline.engine.replication;

import java.io.IOException;

/** A replicated write whose bytes do not match their checksum: damaged on the way. */
public final class DamagedWriteException extends IOException {

    private static final long serialVersionUID = 1L;

    DamagedWriteException(ReplicatedWrite write) {
        super("Write " + write.sequence() + " (" + write.length() + " bytes at offset " + write.offset()
                + ") arrived damaged: its CRC32C is " + Integer.toHexString(ReplicatedWrite.checksum(write.data()))
                + ", the primary sent " + Integer.toHexString(write.crc32c()) + "; nothing of its batch was applied");
    }
}
