package dev.mirrorline.transport;

/** The peer answered but refused to replicate with this node, and said why. */
public final class PeerRefusedException extends LinkDownException {

    private static final long serialVersionUID = 1L;

    PeerRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
