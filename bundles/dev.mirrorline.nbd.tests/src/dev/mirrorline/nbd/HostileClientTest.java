package dev.mirrorline.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile input from a raw socket client: each gets the protocol's error reply or a
 * closed connection, never a partial write, and the other clients go on being served.
 */
class HostileClientTest extends ServerTestBase {

    private static final int EPERM = 1;
    private static final int EINVAL = 22;
    private static final int ENOSPC = 28;

    @Override
    NbdServerSettings settings() {
        return NbdServerSettings.defaults().withLoopbackPort(0).withMaxConnections(6)
                .withHandshakeTimeout(Duration.ofSeconds(2));
    }

    @Test
    void aBadOptionMagicClosesThatConnectionOnly() throws Exception {
        try (RawNbdClient bystander = connect(); RawNbdClient hostile = connect()) {
            bystander.go(EXPORT);
            RawNbdClient.sendExpectingClose(() -> {
                hostile.out.writeLong(0x1122334455667788L);
                hostile.out.writeInt(7);
                hostile.out.writeInt(0);
                hostile.out.flush();
            });
            assertTrue(hostile.closedByServer());
            assertBystanderServed(bystander, 1);
        }
    }

    @Test
    void unknownClientFlagsCloseTheConnection() throws Exception {
        try (RawNbdClient hostile = new RawNbdClient(address())) {
            hostile.out.writeInt(0x80);
            hostile.out.flush();
            assertTrue(hostile.closedByServer());
        }
    }

    @Test
    void anUnknownOptionGetsErrUnsupAndTheHandshakeGoesOn() throws Exception {
        try (RawNbdClient client = connect()) {
            client.sendOption(4242, new byte[] {1, 2, 3});
            RawNbdClient.OptionReply reply = client.readOptionReply();
            assertEquals(4242, reply.option());
            assertEquals(0x80000001, reply.type(), "NBD_REP_ERR_UNSUP");
            client.sendOption(5, new byte[0]);
            assertEquals(0x80000002, client.readOptionReply().type(), "STARTTLS: NBD_REP_ERR_POLICY, no TLS here");
            client.sendOption(3, new byte[] {9});
            assertEquals(0x80000003, client.readOptionReply().type(), "NBD_OPT_LIST with data: NBD_REP_ERR_INVALID");
            assertEquals(SIZE, client.go(EXPORT).size());
        }
    }

    @Test
    void malformedGoRequestsGetErrInvalidAndUnknownExportsErrUnknown() throws Exception {
        try (RawNbdClient client = connect()) {
            ByteBuffer lying = ByteBuffer.allocate(10).putInt(1000).putShort((short) 0);
            client.sendOption(7, lying.array());
            assertEquals(0x80000003, client.readOptionReply().type(), "a name longer than the option");
            byte[] badCount = RawNbdClient.infoRequest(EXPORT, 3);
            badCount[4 + EXPORT.length() + 1] = 9; // claims nine information requests, carries one
            client.sendOption(7, badCount);
            assertEquals(0x80000003, client.readOptionReply().type(), "a request count that does not fit");
            client.sendOption(7, new byte[] {0, 0});
            assertEquals(0x80000003, client.readOptionReply().type(), "too short");
            List<RawNbdClient.OptionReply> unknown = client.infoOrGo(7, "nope");
            assertEquals(1, unknown.size(), "no information about an export that does not exist");
            assertEquals(0x80000006, unknown.get(0).type(), "NBD_REP_ERR_UNKNOWN");
            assertTrue(unknown.get(0).text().contains("nope"), unknown.get(0).text());
            byte[] notUtf8 = ByteBuffer.allocate(4 + 2 + 2).putInt(2).put((byte) 0xc3).put((byte) 0x28)
                    .putShort((short) 0).array();
            client.sendOption(7, notUtf8);
            assertEquals(0x80000003, client.readOptionReply().type(), "a name that is not UTF-8");
            assertEquals(SIZE, client.go(EXPORT).size(), "the client may still go on");
        }
    }

    @Test
    void anOversizedOptionOrAnUnknownExportNameClosesTheConnection() throws Exception {
        try (RawNbdClient hostile = connect()) {
            hostile.out.writeLong(RawNbdClient.OPTION_MAGIC);
            hostile.out.writeInt(7);
            hostile.out.writeInt(0x7fff_ffff); // announces 2 GiB of option data
            hostile.out.flush();
            assertTrue(hostile.closedByServer());
        }
        try (RawNbdClient hostile = connect()) {
            hostile.sendOption(1, "nope".getBytes(StandardCharsets.UTF_8));
            assertTrue(hostile.closedByServer(), "NBD_OPT_EXPORT_NAME cannot fail politely: hard disconnect");
        }
    }

    @Test
    void outOfRangeRequestsGetErrorsAndTheConnectionGoesOn() throws Exception {
        try (RawNbdClient client = connect()) {
            client.go(EXPORT);
            assertEquals(EINVAL, client.read(SIZE - BLOCK, 2 * BLOCK).error(), "a read past the end");
            assertEquals(EINVAL, client.read(-BLOCK, BLOCK).error(), "an offset beyond 2^63");
            assertEquals(ENOSPC, client.write(SIZE, randomBytes(1, BLOCK)).error(), "a write past the end");
            assertEquals(ENOSPC, client.write(-BLOCK, randomBytes(1, BLOCK)).error(), "a write at 2^64 - 4096");
            assertEquals(ENOSPC, client.command(0, 4, SIZE - BLOCK, 2 * BLOCK).error(), "a trim past the end");
            assertEquals(EINVAL, client.read(0, 64 << 20).error(), "a read larger than the largest request");
            assertBystanderServed(client, 2);
        }
        assertArrayEquals(new byte[SIZE - 2 * BLOCK], volumeBytes(2 * BLOCK, SIZE - 2 * BLOCK),
                "nothing but the bystander's block was written");
    }

    @Test
    void requestsOffTheAgreedBlockSizeGetEinvalAndWriteNothing() throws Exception {
        try (RawNbdClient client = connect()) {
            client.go(EXPORT); // asks for NBD_INFO_BLOCK_SIZE: promises 4096-byte alignment
            assertEquals(EINVAL, client.read(512, BLOCK).error());
            assertEquals(EINVAL, client.write(BLOCK, randomBytes(2, 512)).error());
            assertEquals(EINVAL, client.command(0, 6, 100, BLOCK).error());
            assertBystanderServed(client, 3);
        }
        assertArrayEquals(new byte[SIZE - BLOCK], volumeBytes(BLOCK, SIZE - BLOCK));
    }

    @Test
    void unknownCommandsFlagsAndFlushArgumentsGetEinval() throws Exception {
        try (RawNbdClient client = connect()) {
            client.go(EXPORT);
            assertEquals(EINVAL, client.command(0, 99, 0, 0).error(), "an unknown command");
            assertEquals(EINVAL, client.command(0x40, 0, 0, BLOCK).error(), "an unknown flag on a read");
            assertEquals(EINVAL, client.command(0, 3, 0, BLOCK).error(), "a flush with a length");
            assertEquals(EINVAL, client.command(0, 5, 0, BLOCK).error(), "NBD_CMD_CACHE is not offered");
            assertBystanderServed(client, 4);
        }
    }

    @Test
    void writesToAReadOnlyExportGetEpermAndTheirPayloadIsSkipped() throws Exception {
        target.setWritable(false);
        try (RawNbdClient client = connect()) {
            client.go(EXPORT);
            assertEquals(EPERM, client.write(0, randomBytes(5, 8 * BLOCK)).error());
            assertEquals(0, client.read(0, BLOCK).error(), "the payload was consumed: the next request parses");
        }
        assertArrayEquals(new byte[8 * BLOCK], volumeBytes(0, 8 * BLOCK));
    }

    @Test
    void aBadRequestMagicClosesTheConnection() throws Exception {
        try (RawNbdClient bystander = connect(); RawNbdClient hostile = connect()) {
            bystander.go(EXPORT);
            hostile.go(EXPORT);
            RawNbdClient.sendExpectingClose(() -> {
                hostile.out.write(new byte[28]);
                hostile.out.flush();
            });
            assertTrue(hostile.closedByServer());
            assertBystanderServed(bystander, 5);
        }
    }

    @Test
    void anOversizedWriteClosesTheConnectionWithoutReadingOrWritingIt() throws Exception {
        try (RawNbdClient bystander = connect(); RawNbdClient hostile = connect()) {
            bystander.go(EXPORT);
            hostile.go(EXPORT);
            RawNbdClient.sendExpectingClose(() -> hostile.sendRequest(0, 1, 0, 64 << 20, randomBytes(6, 1 << 20)));
            assertTrue(hostile.closedByServer());
            assertBystanderServed(bystander, 6);
        }
        assertArrayEquals(new byte[SIZE - BLOCK], volumeBytes(BLOCK, SIZE - BLOCK));
    }

    @Test
    void aClientThatDisconnectsInTheMiddleOfAWriteLeavesNoPartialWrite() throws Exception {
        try (RawNbdClient bystander = connect()) {
            bystander.go(EXPORT);
            for (int round = 0; round < 5; round++) {
                try (RawNbdClient hostile = connect()) {
                    hostile.go(EXPORT);
                    await("the client listed", Duration.ofSeconds(5), () -> server.clients(EXPORT).size() == 2);
                    long id = server.clients(EXPORT).stream().mapToLong(NbdClient::id).max().orElseThrow();
                    // announces 1 MiB at 1 MiB, sends half of it, and goes away
                    hostile.out.writeInt(RawNbdClient.REQUEST_MAGIC);
                    hostile.out.writeShort(0);
                    hostile.out.writeShort(1);
                    hostile.out.writeLong(77);
                    hostile.out.writeLong(1 << 20);
                    hostile.out.writeInt(1 << 20);
                    hostile.out.write(randomBytes(7, 512 * 1024));
                    hostile.out.flush();
                    hostile.close();
                    await("the server to drop the half-written request", Duration.ofSeconds(10),
                            () -> server.clients(EXPORT).stream().noneMatch(client -> client.id() == id));
                }
                assertArrayEquals(new byte[1 << 20], volumeBytes(1 << 20, 1 << 20), "not a byte of it was written");
                assertBystanderServed(bystander, 10 + round);
            }
        }
    }

    @Test
    void aClientThatStopsReadingRepliesDoesNotHoldUpOthersOrTheStop() throws Exception {
        try (RawNbdClient bystander = connect(); RawNbdClient hog = connect()) {
            bystander.go(EXPORT);
            hog.go(EXPORT);
            // 1 MiB reads, replies never read: the socket buffers fill and the hog's workers block
            for (int i = 0; i < 64; i++) {
                hog.sendRequest(0, 0, 0, 1 << 20, null);
            }
            for (int i = 0; i < 20; i++) {
                assertBystanderServed(bystander, 20 + i);
            }
            long started = System.nanoTime();
            server.stop();
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 15_000, "stop took " + tookMillis + " ms");
            assertTrue(server.clients().isEmpty());
        }
    }

    @Test
    void aClientSilentInTheHandshakeIsClosedAfterTheTimeoutAndBlocksNobody() throws Exception {
        try (RawNbdClient silent = new RawNbdClient(address()); RawNbdClient bystander = connect()) {
            bystander.go(EXPORT);
            assertBystanderServed(bystander, 40);
            silent.setTimeoutMillis(10_000);
            long started = System.nanoTime();
            assertTrue(silent.closedByServer(), "the silent client is closed");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis >= 1_000 && tookMillis < 9_000, "closed after " + tookMillis + " ms");
            assertBystanderServed(bystander, 41);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
        List<RawNbdClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                RawNbdClient client = connect();
                client.go(EXPORT);
                open.add(client);
            }
            await("six clients", Duration.ofSeconds(5), () -> server.clients().size() == 6);
            IOException refused = null;
            try (RawNbdClient extra = new RawNbdClient(address())) {
                assertFalse(true, "the seventh connection got a greeting");
            } catch (IOException e) {
                refused = e;
            }
            assertTrue(refused != null);
            assertBystanderServed(open.get(0), 50);
        } finally {
            for (RawNbdClient client : open) {
                client.close();
            }
        }
    }

    /** The bystander can still write and read back a block: the server serves it. */
    private void assertBystanderServed(RawNbdClient bystander, int seed) throws IOException {
        byte[] data = randomBytes(seed, BLOCK);
        assertEquals(0, bystander.write(0, data).error());
        assertArrayEquals(data, bystander.read(0, BLOCK).data());
    }
}
