package dev.mirrorline.transport;

/**
 * This node refused the peer: the certificate the peer showed is not the one pinned for the pair
 * (or the one its pairing token names), so this node sent it nothing.
 */
public final class UntrustedPeerException extends LinkDownException {

    private static final long serialVersionUID = 1L;

    UntrustedPeerException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
