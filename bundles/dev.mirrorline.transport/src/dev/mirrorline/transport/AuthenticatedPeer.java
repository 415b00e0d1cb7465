package dev.mirrorline.transport;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.grpc.Context;

/**
 * The peer of the current server call, as its TLS certificate shows it; attached to the call's
 * {@link Context} by {@link PeerCertificateCheck}. Plaintext calls have none.
 *
 * @param address the peer's address as text
 * @param certificate the certificate it presented
 * @param fingerprint that certificate's fingerprint
 * @param security the server's security, which holds the pins and hears refusals
 */
record AuthenticatedPeer(String address, X509Certificate certificate, CertificateFingerprint fingerprint,
        TransportSecurity security) {

    static final Context.Key<AuthenticatedPeer> KEY = Context.key("mirrorline-authenticated-peer");

    /** @return the peer of the current call, or null if the call came over plaintext */
    static AuthenticatedPeer current() {
        return KEY.get();
    }

    /**
     * Decides whether the current call's peer may act for a pair; a refusal is reported.
     *
     * @param pairId the pair
     * @return why not, or empty if it may (always empty over plaintext)
     */
    static Optional<String> refusalForCurrentCall(String pairId) {
        AuthenticatedPeer peer = current();
        return peer == null ? Optional.empty() : peer.refusalFor(pairId);
    }

    private Optional<String> refusalFor(String pairId) {
        List<String> pairs = security.pinnedPeers().orElseThrow().pairsOf(fingerprint);
        if (pairs.contains(pairId)) {
            return Optional.empty();
        }
        String reason = "Certificate " + fingerprint + " (" + TransportSecurity.subject(certificate) + ") of the peer at "
                + address + " is pinned on node '" + security.nodeName() + "' for "
                + (pairs.isEmpty() ? "no pair"
                        : pairs.stream().map(pair -> "'" + pair + "'").collect(Collectors.joining(", ", "pair ", ""))
                                + ", not for pair '" + pairId + "'")
                + ": pair the nodes for '" + pairId + "' first";
        security.report(address, fingerprint, reason);
        return Optional.of(reason);
    }
}
