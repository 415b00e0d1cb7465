package dev.mirrorline.engine.volume;

import java.io.IOException;

/** A snapshot's files are not what the engine wrote: a damaged header or a foreign file. */
public final class CorruptSnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    CorruptSnapshotException(String message) {
        super(message);
    }
}
