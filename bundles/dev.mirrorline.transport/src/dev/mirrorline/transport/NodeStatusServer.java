package dev.mirrorline.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import dev.mirrorline.transport.proto.GetStatusRequest;
import dev.mirrorline.transport.proto.GetStatusResponse;
import dev.mirrorline.transport.proto.NodeStatusServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A gRPC server that answers the status call for one node.
 *
 * <p>The Netty builder is used directly: gRPC's {@code ServerProvider} look-up does not work across
 * OSGi class loaders.
 */
public final class NodeStatusServer implements AutoCloseable {

    private final Server server;

    private NodeStatusServer(Server server) {
        this.server = server;
    }

    /**
     * Starts a server.
     *
     * @param bindAddress where to listen; port 0 picks a free port
     * @param status what the server reports about its node
     * @return the running server
     * @throws IOException if the address cannot be bound, for example because the port is in use
     */
    public static NodeStatusServer start(InetSocketAddress bindAddress, NodeStatus status) throws IOException {
        GrpcRuntime.ensureInitialised();
        Server server = NettyServerBuilder.forAddress(bindAddress)
                .addService(new StatusService(status))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("Cannot listen on " + bindAddress.getHostString() + ":" + bindAddress.getPort()
                    + ": " + e.getMessage(), e);
        }
        return new NodeStatusServer(server);
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
