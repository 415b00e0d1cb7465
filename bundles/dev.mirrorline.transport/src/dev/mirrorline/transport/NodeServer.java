package dev.mirrorline.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.transport.proto.GetStatusRequest;
import dev.mirrorline.transport.proto.GetStatusResponse;
import dev.mirrorline.transport.proto.NodeStatusServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A node's gRPC server: it always answers the status call, and serves whatever else the node
 * offers (the replication service of a secondary, say).
 *
 * <p>With {@linkplain TransportSecurity#mutualTls mutual TLS} every call must come from a peer
 * whose certificate is pinned for one of the node's pairs (see {@link TransportSecurity}); with
 * pairing tokens the server also serves the pairing call. Plaintext servers listen on loopback
 * addresses only.
 *
 * <p>The Netty builder is used directly: gRPC's {@code ServerProvider} look-up does not work across
 * OSGi class loaders.
 */
public final class NodeServer implements AutoCloseable {

    private final Server server;

    private NodeServer(Server server) {
        this.server = server;
    }

    /**
     * Starts a server.
     *
     * @param bindAddress where to listen; port 0 picks a free port
     * @param status what the server reports about its node
     * @param security how connections are protected and whom they admit
     * @param services the node's other services
     * @return the running server
     * @throws IOException if the address cannot be bound, for example because the port is in use
     * @throws IllegalArgumentException if plaintext is asked for on an address that is not a loopback address
     */
    public static NodeServer start(InetSocketAddress bindAddress, NodeStatus status, TransportSecurity security,
            BindableService... services) throws IOException {
        security.checkAddress(bindAddress);
        GrpcRuntime.ensureInitialised();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(bindAddress)
                .maxInboundMessageSize(Transport.MAX_MESSAGE_BYTES)
                .flowControlWindow(Transport.FLOW_CONTROL_WINDOW_BYTES);
        List<BindableService> all = new ArrayList<>();
        all.add(new StatusService(status));
        all.addAll(List.of(services));
        if (security.isPlaintext()) {
            all.forEach(builder::addService);
        } else {
            builder.sslContext(security.serverContext());
            security.pairingTokens().ifPresent(tokens -> all.add(new PairingService(security, tokens)));
            PeerCertificateCheck check = new PeerCertificateCheck(security);
            all.forEach(service -> builder.addService(ServerInterceptors.intercept(service, check)));
        }
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("Cannot listen on " + bindAddress.getHostString() + ":" + bindAddress.getPort()
                    + ": " + e.getMessage(), e);
        }
        return new NodeServer(server);
    }

    /**
     * Starts a server that serves one pair's secondary volume: the replication service over the
     * applier, and the status call, which names the node "secondary of" the pair.
     *
     * @param bindAddress where to listen; port 0 picks a free port
     * @param security how connections are protected and whom they admit
     * @param pair what the secondary expects of its primary
     * @param applier applies the primary's writes to the secondary volume
     * @return the running server
     * @throws IOException if the address cannot be bound
     * @throws IllegalArgumentException if plaintext is asked for on an address that is not a loopback address
     */
    public static NodeServer startSecondary(InetSocketAddress bindAddress, TransportSecurity security,
            PairHandshake pair, SecondaryApplier applier) throws IOException {
        return start(bindAddress, new NodeStatus("secondary of " + pair.pairId(), NodeStatus.SOFTWARE_VERSION,
                NodeStatus.PROTOCOL_VERSION, java.time.Instant.now()), security,
                new SecondaryReplicationService(pair, applier));
    }

    /** @return the port the server listens on (useful after binding port 0) */
    public int port() {
        return server.getPort();
    }

    /** Stops accepting calls, cancels calls in progress and waits up to five seconds for the end. */
    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class StatusService extends NodeStatusServiceGrpc.NodeStatusServiceImplBase {
        private final GetStatusResponse response;

        StatusService(NodeStatus status) {
            response = GetStatusResponse.newBuilder()
                    .setNodeName(status.nodeName())
                    .setSoftwareVersion(status.softwareVersion())
                    .setProtocolVersion(status.protocolVersion())
                    .setStartedAtEpochMillis(status.startedAt().toEpochMilli())
                    .build();
        }

        @Override
        public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> responses) {
            responses.onNext(response);
            responses.onCompleted();
        }
    }
}
