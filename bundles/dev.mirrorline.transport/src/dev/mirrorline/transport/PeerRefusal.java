package dev.mirrorline.transport;

import java.util.Objects;

/**
 * A connection or call this node refused because of the peer's certificate, or its pairing
 * token: what the node's event log records.
 *
 * @param peerAddress the peer's address as text ("unknown" where TLS does not tell it)
 * @param certificate the fingerprint of the certificate the peer presented, or null if it
 *        presented none
 * @param reason why, in words for the administrator
 */
public record PeerRefusal(String peerAddress, CertificateFingerprint certificate, String reason) {

    /** Checks that nothing required is missing. */
    public PeerRefusal {
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(reason, "reason");
    }
}
