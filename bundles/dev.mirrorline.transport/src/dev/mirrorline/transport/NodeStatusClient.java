package dev.mirrorline.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.mirrorline.transport.proto.GetStatusRequest;
import dev.mirrorline.transport.proto.GetStatusResponse;
import dev.mirrorline.transport.proto.NodeStatusServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Asks a peer node for its status over one gRPC channel.
 *
 * <p>With mutual TLS the peer must present a certificate pinned for one of this node's pairs.
 */
public final class NodeStatusClient implements AutoCloseable {

    private final InetSocketAddress peerAddress;
    private final TransportSecurity security;
    private final ManagedChannel channel;

    /**
     * Prepares a channel to a peer; no connection is made until the first call.
     *
     * @param peerAddress the peer's address
     * @param security how the connection is protected
     * @throws IOException if the TLS context cannot be made
     * @throws IllegalArgumentException if plaintext is asked for to an address that is not a loopback address
     */
    public NodeStatusClient(InetSocketAddress peerAddress, TransportSecurity security) throws IOException {
        security.checkAddress(peerAddress);
        GrpcRuntime.ensureInitialised();
        this.peerAddress = peerAddress;
        this.security = security;
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(peerAddress);
        this.channel = (security.isPlaintext() ? builder.usePlaintext()
                : builder.sslContext(security.clientContext(null))).build();
    }

    /**
     * Asks the peer for its status.
     *
     * @param callerName this node's name, for the peer's log
     * @param deadline how long to wait for the answer
     * @return the peer's status
     * @throws PeerUnreachableException if the peer does not answer within the deadline
     * @throws PeerRefusedException if the peer refuses this node's certificate, with why
     * @throws UntrustedPeerException if the peer's certificate is not pinned here, with why
     * @throws LinkDownException if the TLS handshake fails for another reason
     */
    public NodeStatus getStatus(String callerName, Duration deadline) throws PeerUnreachableException,
            LinkDownException {
        try {
            GetStatusResponse response = NodeStatusServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getStatus(GetStatusRequest.newBuilder().setCallerName(callerName).build());
            return new NodeStatus(response.getNodeName(), response.getSoftwareVersion(),
                    response.getProtocolVersion(), Instant.ofEpochMilli(response.getStartedAtEpochMillis()));
        } catch (StatusRuntimeException e) {
            LinkDownException refused = TlsFailures.explain(e,
                    "Peer " + peerAddress.getHostString() + ":" + peerAddress.getPort(), security).orElse(null);
            if (refused != null) {
                throw refused;
            }
            throw new PeerUnreachableException(peerAddress, describe(e.getStatus(), deadline), e);
        }
    }

    private static String describe(Status status, Duration deadline) {
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "no answer within " + deadline.toMillis() + " ms";
        }
        Throwable cause = status.getCause();
        String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : status.getDescription();
        return status.getCode() + (detail != null ? " (" + detail + ")" : "");
    }

    /** Closes the channel and waits up to five seconds for it to end. */
    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
