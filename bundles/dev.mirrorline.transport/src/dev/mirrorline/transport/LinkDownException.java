package dev.mirrorline.transport;

import java.io.IOException;

/** The replication stream ended: the network failed, the peer went away, or the peer refused. */
public class LinkDownException extends IOException {

    private static final long serialVersionUID = 1L;

    LinkDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
