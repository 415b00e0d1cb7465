package dev.mirrorline.transport;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.net.ssl.SSLException;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * How a node's connections are protected: mutual TLS with pinned peer certificates (the default
 * of every Mirrorline connection), or plaintext, which must be chosen explicitly and is refused for
 * any address that is not a loopback address.
 *
 * <p>With mutual TLS (TLS 1.3, the JDK's own provider), each side presents its
 * {@link NodeIdentity}'s certificate and trusts the other by fingerprint, as pinned in its
 * {@link PinnedPeers}: a client trusts only a server pinned for the pair it connects for; a server
 * admits in the handshake only certificates pinned for one of its pairs (or, while one of its
 * {@link PairingTokens} is outstanding, any certificate, which may then only ask to be paired), and
 * then accepts a call for a pair only from a certificate pinned for that pair. A peer without a
 * certificate completes the handshake but every call of it is refused: that way its refusal reaches
 * the {@linkplain #reportingRefusalsTo event log} and the peer with a reason, which a failed
 * handshake cannot carry.
 */
public final class TransportSecurity {

    private final NodeIdentity identity;
    private final PinnedPeers pins;
    private final PairingTokens pairingTokens;
    private final PeerRefusalListener refusalListener;

    private TransportSecurity(NodeIdentity identity, PinnedPeers pins, PairingTokens pairingTokens,
            PeerRefusalListener refusalListener) {
        this.identity = identity;
        this.pins = pins;
        this.pairingTokens = pairingTokens;
        this.refusalListener = refusalListener;
    }

    /**
     * Mutual TLS: this node presents its identity and trusts the peers pinned in {@code pins}.
     *
     * @param identity this node's key and certificate
     * @param pins the peers it trusts, pair by pair
     * @return the security
     */
    public static TransportSecurity mutualTls(NodeIdentity identity, PinnedPeers pins) {
        return new TransportSecurity(Objects.requireNonNull(identity, "identity"), Objects.requireNonNull(pins, "pins"),
                null, refusal -> {
                });
    }

    /**
     * No encryption and no authentication, for tests on one machine: servers and clients with it
     * refuse any address that is not a loopback address.
     *
     * @return the security
     */
    public static TransportSecurity plaintextForLoopbackTesting() {
        return new TransportSecurity(null, null, null, refusal -> {
        });
    }

    /**
     * @param tokens the pairing tokens this node issues; a server with them serves the pairing call
     * @return a copy of this security whose server pins a peer that presents one of the tokens
     */
    public TransportSecurity withPairingTokens(PairingTokens tokens) {
        requireTls("pairing tokens");
        return new TransportSecurity(identity, pins, Objects.requireNonNull(tokens, "tokens"), refusalListener);
    }

    /**
     * @param listener told about each peer a server with this security refuses, and why
     * @return a copy of this security that reports to the listener
     */
    public TransportSecurity reportingRefusalsTo(PeerRefusalListener listener) {
        return new TransportSecurity(identity, pins, pairingTokens, Objects.requireNonNull(listener, "listener"));
    }

    /** @return whether connections go unencrypted and unauthenticated (loopback tests only) */
    public boolean isPlaintext() {
        return identity == null;
    }

    /** @return this node's identity, empty for plaintext */
    public Optional<NodeIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    /** @return the pinned peers, empty for plaintext */
    public Optional<PinnedPeers> pinnedPeers() {
        return Optional.ofNullable(pins);
    }

    Optional<PairingTokens> pairingTokens() {
        return Optional.ofNullable(pairingTokens);
    }

    /**
     * Refuses plaintext for an address that is not a loopback address.
     *
     * @param address where a server would listen or a client would connect
     * @throws IllegalArgumentException if plaintext was chosen for another address
     */
    void checkAddress(InetSocketAddress address) {
        if (isPlaintext() && (address.getAddress() == null || !address.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("Plaintext connections are for loopback testing only, and "
                    + address.getHostString() + " is not a loopback address: use mutual TLS");
        }
    }

    void report(String peerAddress, CertificateFingerprint certificate, String reason) {
        refusalListener.peerRefused(new PeerRefusal(peerAddress, certificate, reason));
    }

    /** @return the TLS context of a server: it presents this node's certificate and admits pinned peers */
    SslContext serverContext() throws SSLException {
        requireTls("a TLS server");
        PinnedPeerTrustManager trust = new PinnedPeerTrustManager((certificate, fingerprint) -> {
            if (pins.isPinned(fingerprint) || (pairingTokens != null && pairingTokens.anyOutstanding())) {
                return;
            }
            String reason = "A peer presented certificate " + fingerprint + " (" + subject(certificate)
                    + "), which is pinned for no pair on node '" + identity.nodeName() + "': pair the nodes first";
            report("unknown", fingerprint, reason);
            throw new PinnedPeerTrustManager.PeerCertificateRejectedException(reason);
        });
        SslContextBuilder builder = SslContextBuilder.forServer(identity.privateKey(), identity.certificate())
                .trustManager(trust)
                .clientAuth(ClientAuth.OPTIONAL); // see the class comment: a missing certificate is refused per call
        return configure(builder);
    }

    /**
     * @param pairId the pair whose pinned peers the server must be one of; null for any pair's
     * @return the TLS context of a client: it presents this node's certificate and trusts the server
     *         only if it is pinned for the pair
     */
    SslContext clientContext(String pairId) throws SSLException {
        requireTls("a TLS client");
        return client(new PinnedPeerTrustManager((certificate, fingerprint) -> {
            Set<CertificateFingerprint> pinned = pairId != null ? pins.pinnedFor(pairId) : null;
            boolean trusted = pairId != null ? pinned.contains(fingerprint) : pins.isPinned(fingerprint);
            if (trusted) {
                return;
            }
            if (pairId == null) {
                throw new PinnedPeerTrustManager.PeerCertificateRejectedException("The peer's certificate fingerprint "
                        + fingerprint + " (" + subject(certificate) + ") is pinned for no pair on this node");
            }
            throw new PinnedPeerTrustManager.PeerCertificateRejectedException(pinned.isEmpty()
                    ? "No peer certificate is pinned for pair '" + pairId + "' on this node (the peer presented "
                            + fingerprint + "): pair the nodes first"
                    : "The peer's certificate fingerprint " + fingerprint + " (" + subject(certificate)
                            + ") is not the one pinned for pair '" + pairId + "' ("
                            + pinned.stream().map(CertificateFingerprint::shortForm).collect(Collectors.joining(", "))
                            + "): the address may be another node's, or the peer's identity was made anew");
        }));
    }

    /**
     * @param issuerPrefix the first bytes of the fingerprint the pairing token names
     * @param seen told the server's certificate once it is trusted
     * @return the TLS context of a client that presents a pairing token: it trusts only a server
     *         whose fingerprint begins as the token says
     */
    SslContext pairingClientContext(byte[] issuerPrefix, Consumer<X509Certificate> seen) throws SSLException {
        requireTls("pairing");
        return client(new PinnedPeerTrustManager((certificate, fingerprint) -> {
            if (!fingerprint.startsWith(issuerPrefix)) {
                throw new PinnedPeerTrustManager.PeerCertificateRejectedException("The peer's certificate fingerprint "
                        + fingerprint + " (" + subject(certificate) + ") is not the one the pairing token names ("
                        + prefixText(issuerPrefix)
                        + "\u2026): the address is not the node that issued the token");
            }
            seen.accept(certificate);
        }));
    }

    /**
     * @param seen told the server's certificate, whatever it is
     * @return the TLS context of a client that only looks: it presents this node's certificate and
     *         accepts any server's, so that a probe can show a peer's fingerprint before it is pinned.
     *         Only the status call may use it: it sends nothing but this node's name.
     */
    SslContext probingClientContext(Consumer<X509Certificate> seen) throws SSLException {
        requireTls("a probe");
        return client(new PinnedPeerTrustManager((certificate, fingerprint) -> seen.accept(certificate)));
    }

    private SslContext client(PinnedPeerTrustManager trust) throws SSLException {
        return configure(SslContextBuilder.forClient().keyManager(identity.privateKey(), identity.certificate())
                .trustManager(trust));
    }

    private static SslContext configure(SslContextBuilder builder) throws SSLException {
        return GrpcSslContexts.configure(builder, SslProvider.JDK).protocols("TLSv1.3").build();
    }

    private void requireTls(String what) {
        if (isPlaintext()) {
            throw new IllegalStateException("Plaintext transport security has no identity for " + what);
        }
    }

    /** @return this node's name, as its certificate states it */
    String nodeName() {
        return identity.nodeName();
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static String prefixText(byte[] prefix) {
        return java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(prefix);
    }
}
