package dev.mirrorline.transport;

/** The peer answered but refused to replicate with this node, and said why. */
public final class PeerRefusedException extends LinkDownException {

    private static final long serialVersionUID = 1L;

    private final boolean busy;

    PeerRefusedException(String reason, Throwable cause) {
        this(reason, cause, false);
    }

    PeerRefusedException(String reason, Throwable cause, boolean busy) {
        super(reason, cause);
        this.busy = busy;
    }

    /**
     * @return whether the peer refused only because another stream is open to it, which may be this
     *         primary's previous stream, not yet torn down: trying again later can succeed
     */
    public boolean isBusy() {
        return busy;
    }
}
