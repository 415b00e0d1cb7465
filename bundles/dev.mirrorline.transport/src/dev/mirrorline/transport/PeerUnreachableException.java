package dev.mirrorline.transport;

import java.net.InetSocketAddress;

/** A peer did not answer: nothing listens at its address, the network failed, or it was too slow. */
public final class PeerUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final InetSocketAddress peerAddress;

    PeerUnreachableException(InetSocketAddress peerAddress, String reason, Throwable cause) {
        super("Peer " + peerAddress.getHostString() + ":" + peerAddress.getPort() + " is unreachable: " + reason,
                cause);
        this.peerAddress = peerAddress;
    }

    /** @return the address that did not answer */
    public InetSocketAddress peerAddress() {
        return peerAddress;
    }
}
