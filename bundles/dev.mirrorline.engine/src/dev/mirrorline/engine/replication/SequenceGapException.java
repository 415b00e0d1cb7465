package dev.mirrorline.engine.replication;

import java.io.IOException;

/** Replicated writes arrived out of order or with some missing: applying them would lose data. */
public final class SequenceGapException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long expected;

    SequenceGapException(long expected, long received) {
        super("Expected write " + expected + " next but received write " + received
                + (received > expected ? ": writes " + expected + " to " + (received - 1) + " are missing"
                        : ": writes must arrive in sequence order")
                + "; nothing of the batch was applied");
        this.expected = expected;
    }

    /** @return the sequence number the secondary needs next; the primary resends from there */
    public long expected() {
        return expected;
    }
}
