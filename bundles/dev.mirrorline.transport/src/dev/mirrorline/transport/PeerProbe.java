package dev.mirrorline.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.mirrorline.transport.proto.GetStatusRequest;
import dev.mirrorline.transport.proto.GetStatusResponse;
import dev.mirrorline.transport.proto.NodeStatusServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * What a look at a peer found before pairing: the certificate it presents (whether or not it is
 * pinned here), and its status if it admits this node. A probe sends nothing but the status call,
 * so it may trust any certificate; the administrator compares the fingerprint with the peer's own
 * before pinning it.
 *
 * @param certificate the fingerprint of the certificate the peer presented; null if the peer was
 *        not reached or did not speak TLS
 * @param status the peer's status; null if it was not given (the peer refused this node, or failed)
 * @param failure why the status call failed, in words; null if it succeeded
 * @param refusedThisNode whether the peer refused this node's certificate (it has not pinned it):
 *        the peer is a node that speaks mutual TLS, not yet paired with this one
 */
public record PeerProbe(CertificateFingerprint certificate, NodeStatus status, String failure,
        boolean refusedThisNode) {

    /**
     * Connects to a peer over mutual TLS, notes its certificate and asks for its status.
     *
     * @param peerAddress the peer's address
     * @param security this node's mutual TLS security
     * @param callerName this node's name, for the peer's log
     * @param deadline how long to wait for the answer
     * @return what the probe found; failures are described in it, not thrown
     * @throws IOException if this node's TLS context cannot be made
     * @throws IllegalStateException if the security is plaintext
     */
    public static PeerProbe probe(InetSocketAddress peerAddress, TransportSecurity security, String callerName,
            Duration deadline) throws IOException {
        GrpcRuntime.ensureInitialised();
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        ManagedChannel channel = NettyChannelBuilder.forAddress(peerAddress)
                .sslContext(security.probingClientContext(seen::set)).build();
        String peer = "Peer " + peerAddress.getHostString() + ":" + peerAddress.getPort();
        try {
            GetStatusResponse response = NodeStatusServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getStatus(GetStatusRequest.newBuilder().setCallerName(callerName).build());
            return new PeerProbe(fingerprint(seen), new NodeStatus(response.getNodeName(),
                    response.getSoftwareVersion(), response.getProtocolVersion(),
                    java.time.Instant.ofEpochMilli(response.getStartedAtEpochMillis())), null, false);
        } catch (StatusRuntimeException e) {
            Optional<LinkDownException> explained = TlsFailures.explain(e, peer, security);
            if (explained.isPresent()) {
                return new PeerProbe(fingerprint(seen), null, explained.get().getMessage(),
                        explained.get() instanceof PeerRefusedException);
            }
            Status status = e.getStatus();
            String reason = status.getCode() == Status.Code.DEADLINE_EXCEEDED
                    ? "no answer within " + deadline.toMillis() + " ms"
                    : status.getCode() + (status.getCause() != null && status.getCause().getMessage() != null
                            ? " (" + status.getCause().getMessage() + ")"
                            : status.getDescription() != null ? " (" + status.getDescription() + ")" : "");
            return new PeerProbe(fingerprint(seen), null, peer + " is unreachable: " + reason, false);
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static CertificateFingerprint fingerprint(AtomicReference<X509Certificate> seen) {
        X509Certificate certificate = seen.get();
        return certificate == null ? null : CertificateFingerprint.of(certificate);
    }
}
