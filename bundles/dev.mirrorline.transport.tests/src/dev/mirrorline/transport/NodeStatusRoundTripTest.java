package dev.mirrorline.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

class NodeStatusRoundTripTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final NodeStatus primaryStatus = new NodeStatus("primary-1", "0.1.0", NodeStatus.PROTOCOL_VERSION,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @Test
    void aClientGetsTheServersStatusOverRealGrpcOnLoopback() throws Exception {
        try (NodeServer server = NodeServer.start(ANY_LOOPBACK_PORT, primaryStatus);
                NodeStatusClient client = new NodeStatusClient(loopback(server.port()))) {

            NodeStatus answer = client.getStatus("secondary-1", DEADLINE);

            assertEquals(primaryStatus, answer);
        }
    }

    @Test
    void theTransportAndGrpcAreLoadedAsOsgiBundles() {
        Bundle transport = FrameworkUtil.getBundle(NodeServer.class);
        Bundle grpcApi = FrameworkUtil.getBundle(io.grpc.Server.class);

        assertNotNull(transport, "the transport should be loaded by an OSGi bundle class loader");
        assertEquals("dev.mirrorline.transport", transport.getSymbolicName());
        assertNotNull(grpcApi, "grpc-api should be a (wrapped) OSGi bundle");
    }

    @Test
    void aPeerThatDoesNotListenIsReportedUnreachableWithItsAddress() throws Exception {
        int closedPort = freePortThatNobodyListensOn();

        try (NodeStatusClient client = new NodeStatusClient(loopback(closedPort))) {
            PeerUnreachableException error = assertThrows(PeerUnreachableException.class,
                    () -> client.getStatus("secondary-1", DEADLINE));

            assertTrue(error.getMessage().startsWith("Peer 127.0.0.1:" + closedPort + " is unreachable: UNAVAILABLE"),
                    error.getMessage());
            assertEquals(closedPort, error.peerAddress().getPort());
        }
    }

    @Test
    void startingASecondServerOnAPortInUseFailsAndNamesTheAddress() throws Exception {
        try (NodeServer first = NodeServer.start(ANY_LOOPBACK_PORT, primaryStatus)) {
            IOException error = assertThrows(IOException.class,
                    () -> NodeServer.start(loopback(first.port()), primaryStatus).close());

            assertTrue(error.getMessage().startsWith("Cannot listen on 127.0.0.1:" + first.port()), error.getMessage());
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static int freePortThatNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
