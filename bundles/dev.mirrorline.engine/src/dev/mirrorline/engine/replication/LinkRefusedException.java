package dev.mirrorline.engine.replication;

import java.io.IOException;

/**
 * The secondary answered and refused this primary for a reason that trying again will not change
 * (both sides wrote while apart, another pair, another volume size): the administrator must act.
 */
public class LinkRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason the secondary's reason, in words
     * @param cause what carried the refusal, or null
     */
    public LinkRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
