package dev.mirrorline.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.Generations;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.ReplicatedWrite;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.transport.proto.GetStatusRequest;
import dev.mirrorline.transport.proto.NodeStatusServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * Mutual TLS between real nodes on 127.0.0.1: the pinned peer is admitted; an unknown certificate,
 * no certificate and a certificate pinned for another pair are refused, with the reason on the
 * refused side and in the refusing node's event log; identities outlive restarts; pairing tokens
 * pin a newcomer once.
 */
class MutualTlsTest {

    private static final int SIZE = 1 << 20;
    private static final int BLOCK = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final PairHandshake PAIR = new PairHandshake("db-pair", VolumeGeometry.ofSize(SIZE), 4096,
            PairHandshake.PROTOCOL_VERSION);
    private static final Generations GENERATIONS = Generations.initial(UUID.randomUUID());

    @TempDir
    Path directory;

    private final List<EngineEvent.PeerRefused> eventLog = new CopyOnWriteArrayList<>();
    private final EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        throw e;
    }));
    private PairedNodes nodes;
    private Volume secondaryVolume;
    private SecondaryApplier applier;
    private NodeServer secondary;

    @BeforeEach
    void startTheSecondary() throws IOException {
        context.events().addListener(event -> {
            if (event instanceof EngineEvent.PeerRefused refused) {
                eventLog.add(refused);
            }
        });
        nodes = PairedNodes.forPair(directory, PAIR.pairId());
        secondaryVolume = Volume.create(context, directory.resolve("secondary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("secondary-state"));
        applier = SecondaryApplier.open(context, secondaryVolume, directory.resolve("replication"));
        secondary = startSecondary(nodes.secondary);
    }

    private NodeServer startSecondary(TransportSecurity security) throws IOException {
        return NodeServer.startSecondary(new InetSocketAddress("127.0.0.1", 0),
                security.reportingRefusalsTo(PeerRefusalListener.publishingTo(context)), PAIR, applier);
    }

    @AfterEach
    void stopTheSecondary() throws IOException {
        secondary.close();
        secondaryVolume.close();
    }

    @Test
    void theHandshakeSucceedsWithThePinnedPeerAndItsWritesAreApplied() throws Exception {
        byte[] data = new byte[8 * BLOCK];
        new Random(7).nextBytes(data);

        try (ReplicationClient client = ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT,
                nodes.primary)) {
            client.send(List.of(ReplicatedWrite.of(1, 4 * BLOCK, ByteBuffer.wrap(data))));
            client.awaitAcknowledged(1, TIMEOUT);
        }

        ByteBuffer applied = ByteBuffer.allocate(data.length);
        secondaryVolume.read(4 * BLOCK, applied);
        assertArrayEquals(data, applied.array());
        assertEquals(List.of(), eventLog);
    }

    @Test
    void aPlaintextClientGetsNothingFromATlsServer() {
        LinkDownException down = assertThrows(LinkDownException.class, () -> ReplicationClient.connect(
                secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, TransportSecurity.plaintextForLoopbackTesting()));

        assertTrue(down.getMessage().contains("UNAVAILABLE"), down.getMessage());
        assertEquals(0, applier.lastAppliedSequence());
    }

    @Test
    void anUnknownCertificateFailsTheHandshakeWithTheReasonOnBothSides() throws Exception {
        NodeIdentity stranger = NodeIdentity.loadOrCreate(directory.resolve("stranger"), "stranger");
        PinnedPeers strangerPins = PinnedPeers.open(directory.resolve("stranger").resolve("pinned-peers"));
        strangerPins.pin(PAIR.pairId(), nodes.secondaryIdentity.fingerprint()); // it trusts the secondary

        PeerRefusedException refusal = assertThrows(PeerRefusedException.class, () -> ReplicationClient.connect(
                secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, TransportSecurity.mutualTls(stranger, strangerPins)));

        assertTrue(refusal.getMessage().startsWith("Secondary 127.0.0.1:" + secondary.port()
                + " refused this node's certificate " + stranger.fingerprint() + " in the TLS handshake"),
                refusal.getMessage());
        EngineEvent.PeerRefused logged = awaitOneRefusal();
        assertEquals(stranger.fingerprint().toString(), logged.certificate());
        assertEquals("A peer presented certificate " + stranger.fingerprint() + " (CN=Mirrorline node stranger),"
                + " which is pinned for no pair on node 'secondary': pair the nodes first", logged.reason());
        assertEquals(0, applier.lastAppliedSequence());
    }

    @Test
    void aSecondaryWhoseCertificateIsNotThePinnedOneIsRefusedByThePrimary() throws Exception {
        NodeIdentity expected = NodeIdentity.loadOrCreate(directory.resolve("expected"), "expected");
        PinnedPeers pins = PinnedPeers.open(directory.resolve("primary-elsewhere-pins"));
        pins.pin(PAIR.pairId(), expected.fingerprint()); // the primary was paired with another node

        UntrustedPeerException refusal = assertThrows(UntrustedPeerException.class, () -> ReplicationClient.connect(
                secondaryAddress(), PAIR, GENERATIONS, TIMEOUT,
                TransportSecurity.mutualTls(nodes.primaryIdentity, pins)));

        assertEquals("Secondary 127.0.0.1:" + secondary.port() + " is not trusted: The peer's certificate fingerprint "
                + nodes.secondaryIdentity.fingerprint() + " (CN=Mirrorline node secondary) is not the one pinned for"
                + " pair 'db-pair' (" + expected.fingerprint().shortForm() + "): the address may be another node's,"
                + " or the peer's identity was made anew", refusal.getMessage());
    }

    @Test
    void aPeerWithoutACertificateIsRefusedWithTheReasonOnBothSides() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress(secondaryAddress())
                .sslContext(GrpcSslContexts.configure(GrpcSslContexts.forClient().trustManager(new TrustingAnyone()),
                        SslProvider.JDK).build())
                .build();
        try {
            StatusRuntimeException refusal = assertThrows(StatusRuntimeException.class,
                    () -> NodeStatusServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .getStatus(GetStatusRequest.newBuilder().setCallerName("anonymous").build()));

            assertEquals(Status.Code.UNAUTHENTICATED, refusal.getStatus().getCode());
            assertTrue(refusal.getStatus().getDescription().matches("The peer at 127\\.0\\.0\\.1:\\d+ presented no"
                    + " certificate: only Mirrorline nodes paired with node 'secondary' may connect"),
                    refusal.getStatus().getDescription());
            EngineEvent.PeerRefused logged = awaitOneRefusal();
            assertNull(logged.certificate());
            assertEquals(refusal.getStatus().getDescription(), logged.reason());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCertificatePinnedForAnotherPairIsRefusedForThisOne() throws Exception {
        NodeIdentity webPrimary = NodeIdentity.loadOrCreate(directory.resolve("web-primary"), "web-primary");
        nodes.secondaryPins.pin("web-pair", webPrimary.fingerprint());
        PinnedPeers webPins = PinnedPeers.open(directory.resolve("web-primary").resolve("pinned-peers"));
        webPins.pin(PAIR.pairId(), nodes.secondaryIdentity.fingerprint()); // it trusts the secondary

        PeerRefusedException refusal = assertThrows(PeerRefusedException.class, () -> ReplicationClient.connect(
                secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, TransportSecurity.mutualTls(webPrimary, webPins)));

        String reason = "Certificate " + webPrimary.fingerprint() + " (CN=Mirrorline node web-primary) of the peer at"
                + " 127.0.0.1:";
        assertTrue(refusal.getMessage().startsWith("Secondary 127.0.0.1:" + secondary.port() + " refused this node: "
                + reason), refusal.getMessage());
        assertTrue(refusal.getMessage().endsWith(" is pinned on node 'secondary' for pair 'web-pair', not for pair"
                + " 'db-pair': pair the nodes for 'db-pair' first"), refusal.getMessage());
        EngineEvent.PeerRefused logged = awaitOneRefusal();
        assertEquals(webPrimary.fingerprint().toString(), logged.certificate());
        assertTrue(refusal.getMessage().endsWith(logged.reason()), logged.reason());
        assertEquals(0, applier.lastAppliedSequence());
    }

    @Test
    void theIdentityAndThePinsOutliveARestartOfBothNodes() throws Exception {
        Path primaryState = directory.resolve("primary-node");
        Path secondaryState = directory.resolve("secondary-node");
        Path identityFile = secondaryState.resolve(NodeIdentity.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identityFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secondaryState)));
        byte[] before = Files.readAllBytes(identityFile);
        secondary.close();

        NodeIdentity secondaryAgain = NodeIdentity.loadOrCreate(secondaryState, "renamed");
        NodeIdentity primaryAgain = NodeIdentity.loadOrCreate(primaryState, "primary");
        secondary = startSecondary(TransportSecurity.mutualTls(secondaryAgain,
                PinnedPeers.open(secondaryState.resolve("pinned-peers"))));

        assertEquals(nodes.secondaryIdentity.fingerprint(), secondaryAgain.fingerprint());
        assertEquals(nodes.secondaryIdentity.certificate(), secondaryAgain.certificate());
        assertEquals("CN=Mirrorline node secondary", secondaryAgain.subjectName(), "the name it was made with");
        assertEquals("secondary", secondaryAgain.nodeName());
        assertArrayEquals(before, Files.readAllBytes(identityFile), "loading does not rewrite the identity");
        try (ReplicationClient client = ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT,
                TransportSecurity.mutualTls(primaryAgain, PinnedPeers.open(primaryState.resolve("pinned-peers"))))) {
            client.send(List.of(ReplicatedWrite.of(1, 0, ByteBuffer.wrap(new byte[BLOCK]))));
            client.awaitAcknowledged(1, TIMEOUT);
        }
        assertNotEquals(nodes.secondaryIdentity.fingerprint(),
                NodeIdentity.loadOrCreate(directory.resolve("another-node"), "secondary").fingerprint(),
                "each node makes its own key");
    }

    @Test
    void pinsAreKeptInTheirFileAndAnUnpinnedPeerIsRefusedAtItsNextConnection() throws Exception {
        Path file = nodes.secondaryPins.file();
        CertificateFingerprint primary = nodes.primaryIdentity.fingerprint();
        nodes.secondaryPins.pin("web-pair", primary);
        assertEquals(List.of(PAIR.pairId(), "web-pair"), PinnedPeers.open(file).pairsOf(primary));

        assertTrue(nodes.secondaryPins.unpin(PAIR.pairId(), primary));
        assertTrue(!nodes.secondaryPins.unpin(PAIR.pairId(), primary), "it was no longer pinned");
        assertEquals(List.of("web-pair"), PinnedPeers.open(file).pairsOf(primary));
        PeerRefusedException refusal = assertThrows(PeerRefusedException.class, () -> ReplicationClient.connect(
                secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, nodes.primary));
        assertTrue(refusal.getMessage().endsWith(" is pinned on node 'secondary' for pair 'web-pair', not for pair"
                + " 'db-pair': pair the nodes for 'db-pair' first"), refusal.getMessage());

        IllegalArgumentException badPair = assertThrows(IllegalArgumentException.class,
                () -> nodes.secondaryPins.pin("db\tpair", primary));
        assertEquals("A pair id must not hold tabs or line breaks: 'db\tpair'", badPair.getMessage());
        Files.writeString(file, "db-pair\tnot a fingerprint\n", java.nio.file.StandardOpenOption.APPEND);
        IOException damaged = assertThrows(IOException.class, () -> PinnedPeers.open(file));
        assertEquals("Line 3 of the pinned peers " + file + " is damaged: A certificate fingerprint is hex digits,"
                + " optionally separated by colons: 'not a fingerprint' is not", damaged.getMessage());
    }

    @Test
    void aDamagedIdentityIsReportedAndLeftAsItWas() throws Exception {
        Path state = directory.resolve("damaged");
        NodeIdentity.loadOrCreate(state, "damaged");
        Path file = state.resolve(NodeIdentity.FILE_NAME);
        String text = Files.readString(file);
        String damaged = text.replace("-----END CERTIFICATE-----", "");
        Files.writeString(file, damaged);

        IOException error = assertThrows(IOException.class, () -> NodeIdentity.loadOrCreate(state, "damaged"));

        assertEquals("The node identity " + file + " is damaged: it holds no whole '-----BEGIN CERTIFICATE-----'"
                + " block; restore it from a backup", error.getMessage());
        assertEquals(damaged, Files.readString(file), "a damaged identity is never replaced by a new one");
    }

    @Test
    void aPairingTokenPinsANewPrimaryOnceAndTellsItTheSecondarysFingerprint() throws Exception {
        PairingTokens tokens = openPairing();
        NodeIdentity newcomer = NodeIdentity.loadOrCreate(directory.resolve("newcomer"), "newcomer");
        TransportSecurity newcomerSecurity = securityOf(newcomer);
        String token = tokens.issue(PAIR.pairId(), Duration.ofMinutes(10));
        assertTrue(token.matches("([0-9A-Z]{4}-){5}[0-9A-Z]{4}\\.[0-9A-F]{16}"), token);

        PairingClient.PairingResult result = PairingClient.pair(secondaryAddress(), newcomerSecurity, token, TIMEOUT);

        assertEquals(PAIR.pairId(), result.pairId());
        assertEquals(nodes.secondaryIdentity.fingerprint(), result.secondary());
        assertEquals(java.util.Set.of(newcomer.fingerprint(), nodes.primaryIdentity.fingerprint()),
                PinnedPeers.open(nodes.secondaryPins.file()).pinnedFor(PAIR.pairId()), "pinned on the secondary, durably");
        assertEquals(java.util.Set.of(nodes.secondaryIdentity.fingerprint()),
                newcomerSecurity.pinnedPeers().orElseThrow().pinnedFor(PAIR.pairId()), "pinned on the newcomer");
        try (ReplicationClient client = ReplicationClient.connect(secondaryAddress(), PAIR, GENERATIONS, TIMEOUT,
                newcomerSecurity)) {
            client.send(List.of(ReplicatedWrite.of(1, 0, ByteBuffer.wrap(new byte[BLOCK]))));
            client.awaitAcknowledged(1, TIMEOUT);
        }

        NodeIdentity latecomer = NodeIdentity.loadOrCreate(directory.resolve("latecomer"), "latecomer");
        TransportSecurity latecomerSecurity = securityOf(latecomer);
        tokens.issue("other-pair", Duration.ofMinutes(10)); // keeps pairing open, so the token itself is checked
        PeerRefusedException reused = assertThrows(PeerRefusedException.class,
                () -> PairingClient.pair(secondaryAddress(), latecomerSecurity, token, TIMEOUT));
        assertTrue(reused.getMessage().contains("This pairing token was already used at "), reused.getMessage());
        assertTrue(reused.getMessage().endsWith("(by certificate " + newcomer.fingerprint().shortForm()
                + "): a token pins one peer only; issue a new one"), reused.getMessage());
        assertTrue(latecomerSecurity.pinnedPeers().orElseThrow().pinnedFor(PAIR.pairId()).isEmpty());
        assertTrue(nodes.secondaryPins.pairsOf(latecomer.fingerprint()).isEmpty());
        EngineEvent.PeerRefused logged = awaitOneRefusal();
        assertEquals(latecomer.fingerprint().toString(), logged.certificate());
        assertTrue(logged.reason().startsWith("Pairing refused: This pairing token was already used"), logged.reason());
    }

    @Test
    void aWrongTokenIsRefusedAndATokenNamingAnotherNodeIsNeverSent() throws Exception {
        PairingTokens tokens = openPairing();
        NodeIdentity newcomer = NodeIdentity.loadOrCreate(directory.resolve("newcomer"), "newcomer");
        TransportSecurity newcomerSecurity = securityOf(newcomer);
        String token = tokens.issue(PAIR.pairId(), Duration.ofMinutes(10));
        String secret = token.substring(0, token.indexOf('.'));

        // while pairing is open an unknown certificate passes the handshake, but may do nothing but pair
        newcomerSecurity.pinnedPeers().orElseThrow().pin(PAIR.pairId(), nodes.secondaryIdentity.fingerprint());
        PeerRefusedException unpaired = assertThrows(PeerRefusedException.class, () -> ReplicationClient.connect(
                secondaryAddress(), PAIR, GENERATIONS, TIMEOUT, newcomerSecurity));
        assertTrue(unpaired.getMessage().startsWith("Secondary 127.0.0.1:" + secondary.port() + " refused this node:"
                + " Certificate " + newcomer.fingerprint() + " (CN=Mirrorline node newcomer) of the peer at 127.0.0.1:"),
                unpaired.getMessage());
        assertTrue(unpaired.getMessage().endsWith(" is pinned for no pair on node 'secondary': pair the nodes first"),
                unpaired.getMessage());
        assertEquals(0, applier.lastAppliedSequence());
        String fingerprintPart = token.substring(token.indexOf('.'));

        String wrong = (secret.charAt(0) == 'A' ? 'B' : 'A') + secret.substring(1) + fingerprintPart;
        PeerRefusedException refused = assertThrows(PeerRefusedException.class,
                () -> PairingClient.pair(secondaryAddress(), newcomerSecurity, wrong, TIMEOUT));
        assertEquals("Secondary 127.0.0.1:" + secondary.port() + " refused this node: Unknown pairing token: check the"
                + " token, or issue a new one", refused.getMessage());

        String namingAnotherNode = secret + "." + "00".repeat(CertificateFingerprint.SHORT_LENGTH);
        UntrustedPeerException untrusted = assertThrows(UntrustedPeerException.class,
                () -> PairingClient.pair(secondaryAddress(), newcomerSecurity, namingAnotherNode, TIMEOUT));
        assertTrue(untrusted.getMessage().contains("is not the one the pairing token names (00:00:00:00:00:00:00:00"
                + "\u2026): the address is not the node that issued the token"), untrusted.getMessage());

        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> PairingClient.pair(secondaryAddress(), newcomerSecurity, "not a token", TIMEOUT));
        assertTrue(malformed.getMessage().startsWith("A pairing token is groups of letters and digits"),
                malformed.getMessage());

        // neither the wrong token nor the one that named another node used the real token up
        assertEquals(PAIR.pairId(), PairingClient.pair(secondaryAddress(), newcomerSecurity,
                token.toLowerCase(java.util.Locale.ROOT), TIMEOUT).pairId());
    }

    @Test
    void anExpiredTokenIsRefusedAndClosesPairing() {
        MovableClock clock = new MovableClock();
        PairingTokens tokens = new PairingTokens(nodes.secondaryIdentity.fingerprint(), clock);
        String token = tokens.issue(PAIR.pairId(), Duration.ofMinutes(10));
        assertTrue(tokens.anyOutstanding());

        clock.advance(Duration.ofMinutes(11));

        assertTrue(!tokens.anyOutstanding(), "an expired token no longer admits unknown certificates");
        IllegalArgumentException expired = assertThrows(IllegalArgumentException.class,
                () -> tokens.consume(PairingTokens.parse(token).secret(), nodes.primaryIdentity.fingerprint()));
        assertTrue(expired.getMessage().startsWith("This pairing token expired at "), expired.getMessage());
    }

    @Test
    void fingerprintsReadBackAsTheyArePrinted() {
        CertificateFingerprint fingerprint = nodes.primaryIdentity.fingerprint();

        assertTrue(fingerprint.toString().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint.toString());
        assertEquals(fingerprint.toString().substring(0, 23) + "\u2026", fingerprint.shortForm());
        assertEquals(fingerprint, CertificateFingerprint.parse(fingerprint.toString().toLowerCase(java.util.Locale.ROOT)
                .replace(":", "")));
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> CertificateFingerprint.parse("AB:CD"));
        assertEquals("A certificate fingerprint has 32 bytes (64 hex digits), not 2: 'AB:CD'", tooShort.getMessage());
    }

    private EngineEvent.PeerRefused awaitOneRefusal() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (eventLog.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, eventLog.size(), "refusals in the event log: " + eventLog);
        return eventLog.get(0);
    }

    private InetSocketAddress secondaryAddress() {
        return new InetSocketAddress("127.0.0.1", secondary.port());
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends java.time.Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A client that trusts any server and has no certificate of its own: a stranger's tool. */
    private static final class TrustingAnyone extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Restarts the secondary with pairing tokens, so that a new primary can pair with it. */
    private PairingTokens openPairing() throws Exception {
        PairingTokens tokens = new PairingTokens(nodes.secondaryIdentity);
        secondary.close();
        secondary = startSecondary(nodes.secondary.withPairingTokens(tokens));
        return tokens;
    }

    /** @return mutual TLS for a node that has pinned nobody yet, its pins beside its identity */
    private TransportSecurity securityOf(NodeIdentity node) throws Exception {
        return TransportSecurity.mutualTls(node, PinnedPeers.open(directory.resolve(node.nodeName())
                .resolve("pinned-peers")));
    }
}
