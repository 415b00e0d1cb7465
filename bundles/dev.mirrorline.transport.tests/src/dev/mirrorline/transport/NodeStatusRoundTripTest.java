package dev.mirrorline.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

class NodeStatusRoundTripTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final NodeStatus primaryStatus = new NodeStatus("primary-1", "0.1.0", NodeStatus.PROTOCOL_VERSION,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));

    private static final TransportSecurity PLAINTEXT = TransportSecurity.plaintextForLoopbackTesting();

    @TempDir
    Path directory;

    @Test
    void aClientGetsTheServersStatusOverRealGrpcWithMutualTlsOnLoopback() throws Exception {
        PairedNodes nodes = PairedNodes.forPair(directory, "db-pair");
        try (NodeServer server = NodeServer.start(ANY_LOOPBACK_PORT, primaryStatus, nodes.primary);
                NodeStatusClient client = new NodeStatusClient(loopback(server.port()), nodes.secondary)) {

            NodeStatus answer = client.getStatus("secondary-1", DEADLINE);

            assertEquals(primaryStatus, answer);
        }
    }

    @Test
    void aClientGetsTheServersStatusInPlaintextWhenBothChoseItExplicitly() throws Exception {
        try (NodeServer server = NodeServer.start(ANY_LOOPBACK_PORT, primaryStatus, PLAINTEXT);
                NodeStatusClient client = new NodeStatusClient(loopback(server.port()), PLAINTEXT)) {

            assertEquals(primaryStatus, client.getStatus("secondary-1", DEADLINE));
        }
    }

    @Test
    void plaintextIsRefusedForAnAddressThatIsNotLoopback() {
        IllegalArgumentException server = assertThrows(IllegalArgumentException.class,
                () -> NodeServer.start(new InetSocketAddress("0.0.0.0", 0), primaryStatus, PLAINTEXT).close());
        IllegalArgumentException client = assertThrows(IllegalArgumentException.class,
                () -> new NodeStatusClient(new InetSocketAddress("192.0.2.1", 7000), PLAINTEXT).close());

        assertEquals("Plaintext connections are for loopback testing only, and 0.0.0.0 is not a loopback address:"
                + " use mutual TLS", server.getMessage());
        assertTrue(client.getMessage().contains("192.0.2.1 is not a loopback address"), client.getMessage());
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

        try (NodeStatusClient client = new NodeStatusClient(loopback(closedPort), PLAINTEXT)) {
            PeerUnreachableException error = assertThrows(PeerUnreachableException.class,
                    () -> client.getStatus("secondary-1", DEADLINE));

            assertTrue(error.getMessage().startsWith("Peer 127.0.0.1:" + closedPort + " is unreachable: UNAVAILABLE"),
                    error.getMessage());
            assertEquals(closedPort, error.peerAddress().getPort());
        }
    }

    @Test
    void startingASecondServerOnAPortInUseFailsAndNamesTheAddress() throws Exception {
        try (NodeServer first = NodeServer.start(ANY_LOOPBACK_PORT, primaryStatus, PLAINTEXT)) {
            IOException error = assertThrows(IOException.class,
                    () -> NodeServer.start(loopback(first.port()), primaryStatus, PLAINTEXT).close());

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
