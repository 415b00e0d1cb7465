package dev.mirrorline.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.mirrorline.transport.proto.PairRequest;
import dev.mirrorline.transport.proto.PairResponse;
import dev.mirrorline.transport.proto.PairingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The primary's end of pairing with a token: presents the token to the secondary that issued it,
 * which pins this node's certificate for the token's pair, and pins the secondary's certificate
 * here in turn.
 */
public final class PairingClient {

    /**
     * What pairing fixed.
     *
     * @param pairId the pair the token was issued for
     * @param secondary the fingerprint of the secondary's certificate, now pinned on this node
     */
    public record PairingResult(String pairId, CertificateFingerprint secondary) {
    }

    private PairingClient() {
    }

    /**
     * Pairs this node with the secondary that issued a token.
     *
     * @param secondary the secondary's address
     * @param security this node's mutual TLS security, whose pins receive the secondary's certificate
     * @param token the token's text as the secondary showed it
     * @param timeout how long to wait for the answer
     * @return the pair and the secondary's fingerprint
     * @throws IllegalArgumentException if the token is not a pairing token's text
     * @throws UntrustedPeerException if the node at the address is not the one the token names
     * @throws PeerRefusedException if the secondary refuses the token (wrong, used or expired), with why
     * @throws LinkDownException if the secondary cannot be reached or does not answer in time
     * @throws IOException if the secondary's pin cannot be recorded here
     */
    public static PairingResult pair(InetSocketAddress secondary, TransportSecurity security, String token,
            Duration timeout) throws IOException {
        if (security.isPlaintext()) {
            throw new IllegalArgumentException("Pairing pins certificates: it needs mutual TLS, not plaintext");
        }
        PairingTokens.Parsed parsed = PairingTokens.parse(token);
        GrpcRuntime.ensureInitialised();
        String peer = "Secondary " + secondary.getHostString() + ":" + secondary.getPort();
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        ManagedChannel channel = NettyChannelBuilder.forAddress(secondary)
                .sslContext(security.pairingClientContext(parsed.issuerPrefix(), seen::set)).build();
        try {
            PairResponse response = PairingServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .pair(PairRequest.newBuilder().setTokenSecret(parsed.secret())
                            .setFingerprint(security.identity().orElseThrow().fingerprint().toString()).build());
            CertificateFingerprint presented = CertificateFingerprint.of(seen.get());
            CertificateFingerprint stated = CertificateFingerprint.parse(response.getFingerprint());
            if (!presented.equals(stated)) {
                throw new UntrustedPeerException(peer + " is not trusted: it states fingerprint " + stated
                        + " but presented certificate " + presented, null);
            }
            security.pinnedPeers().orElseThrow().pin(response.getPairId(), presented);
            return new PairingResult(response.getPairId(), presented);
        } catch (StatusRuntimeException e) {
            LinkDownException explained = TlsFailures.explain(e, peer, security).orElse(null);
            if (explained != null) {
                throw explained;
            }
            Status status = e.getStatus();
            throw new LinkDownException(peer + " did not pair: " + (status.getCode() == Status.Code.DEADLINE_EXCEEDED
                    ? "no answer within " + timeout.toMillis() + " ms"
                    : status.getCode() + (status.getDescription() != null ? " (" + status.getDescription() + ")" : "")),
                    e);
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
