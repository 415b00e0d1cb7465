package dev.mirrorline.node;

import java.io.IOException;

/** A write to a pair's primary was refused because the primary was demoted (a switchover or failover is under way). */
public final class WritesRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message why, and what to do */
    public WritesRefusedException(String message) {
        super(message);
    }
}
