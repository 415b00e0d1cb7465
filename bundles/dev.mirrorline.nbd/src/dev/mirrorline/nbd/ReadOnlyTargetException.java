package dev.mirrorline.nbd;

import java.io.IOException;

/** A write reached a target that does not accept writes now; clients get {@code EPERM}. */
public final class ReadOnlyTargetException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message names the target and why it is read-only */
    public ReadOnlyTargetException(String message) {
        super(message);
    }
}
