package dev.mirrorline.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.volume.Volume;

/** The protocol as well-behaved clients use it, over real sockets on 127.0.0.1. */
class NbdServerTest extends ServerTestBase {

    @Test
    void optListNamesEveryExport() throws Exception {
        try (Volume second = Volume.create(context, directory.resolve("second.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("second-state"))) {
            server.addExport("second", VolumeTarget.readOnly(second));
            try (RawNbdClient client = connect()) {
                assertEquals(List.of(EXPORT, "second"), client.list());
            }
        }
    }

    @Test
    void optInfoDescribesTheExportAndGoEntersTransmission() throws Exception {
        try (RawNbdClient client = connect()) {
            List<RawNbdClient.OptionReply> info = client.infoOrGo(6, EXPORT, 1, 2, 3);
            assertEquals(1, info.get(info.size() - 1).type(), "NBD_REP_ACK ends a successful NBD_OPT_INFO");
            ByteBuffer sizes = infoOfType(info, 3);
            assertEquals(BLOCK, sizes.getInt(), "minimum block size");
            assertEquals(BLOCK, sizes.getInt(), "preferred block size");
            assertEquals(NbdServerSettings.DEFAULT_MAX_REQUEST_BYTES, sizes.getInt(), "maximum block size");
            ByteBuffer name = infoOfType(info, 1);
            assertEquals(EXPORT, new String(name.array(), 2, name.remaining(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(new String(infoOfType(info, 2).array()).contains("disk.img"));

            RawNbdClient.Export export = client.go(EXPORT);
            assertEquals(SIZE, export.size());
            assertFalse(export.readOnly());
            int flags = export.flags();
            assertEquals(1 | 4 | 8 | 32 | 64 | 256, flags & (1 | 4 | 8 | 32 | 64 | 256),
                    "has flags, flush, FUA, trim, write zeroes, multi-conn");
            byte[] data = randomBytes(1, 3 * BLOCK);
            assertEquals(0, client.write(5 * BLOCK, data).error());
            assertArrayEquals(data, client.read(5 * BLOCK, data.length).data());
            assertArrayEquals(data, volumeBytes(5 * BLOCK, data.length), "the volume holds what the client wrote");
            client.disconnect();
            assertTrue(client.closedByServer(), "NBD_CMD_DISC closes the connection");
        }
    }

    @Test
    void theEmptyNameIsTheOnlyExport() throws Exception {
        try (RawNbdClient client = connect()) {
            assertEquals(SIZE, client.go("").size());
        }
    }

    @Test
    void optExportNameEntersTransmissionWithoutZeroesWhenTheClientSaidSo() throws Exception {
        try (RawNbdClient client = connect()) {
            RawNbdClient.Export export = client.exportName(EXPORT);
            assertEquals(SIZE, export.size());
            // no 124 zero bytes follow: the first bytes after the flags are a reply to our request
            byte[] data = randomBytes(2, BLOCK);
            assertEquals(0, client.write(0, data).error());
            assertArrayEquals(data, client.read(0, BLOCK).data());
        }
    }

    @Test
    void trimAndWriteZeroesLeaveZeroesOnTheVolume() throws Exception {
        volume.write(0, ByteBuffer.wrap(randomBytes(3, 64 * BLOCK)));
        try (RawNbdClient client = connect()) {
            client.go(EXPORT);
            assertEquals(0, client.command(0, 4, 4 * BLOCK, 8 * BLOCK).error(), "NBD_CMD_TRIM");
            assertEquals(0, client.command(2, 6, 20 * BLOCK, 300 * BLOCK).error(), "NBD_CMD_WRITE_ZEROES, NO_HOLE");
        }
        byte[] after = volumeBytes(0, 400 * BLOCK);
        byte[] expected = new byte[400 * BLOCK];
        System.arraycopy(randomBytes(3, 64 * BLOCK), 0, expected, 0, 64 * BLOCK);
        Arrays.fill(expected, 4 * BLOCK, 12 * BLOCK, (byte) 0);
        Arrays.fill(expected, 20 * BLOCK, 320 * BLOCK, (byte) 0);
        assertArrayEquals(expected, after);
    }

    @Test
    void fuaAndFlushReachTheTargetsFlushBeforeTheReply() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        server.addExport("counted", new CountingTarget(target, flushes));
        try (RawNbdClient client = connect()) {
            client.go("counted");
            client.write(0, randomBytes(4, BLOCK));
            assertEquals(0, flushes.get(), "a write without FUA does not flush");
            client.write(1, BLOCK, randomBytes(5, BLOCK));
            assertEquals(1, flushes.get(), "a write with FUA is durable before its reply");
            assertEquals(0, client.command(0, 3, 0, 0).error());
            assertEquals(2, flushes.get(), "NBD_CMD_FLUSH flushes");
            client.command(1, 4, 0, BLOCK);
            assertEquals(3, flushes.get(), "a trim with FUA flushes");
        }
    }

    @Test
    void unalignedWritesFromAClientThatAgreedToNoBlockSizeAreReadModifyWrites() throws Exception {
        byte[] before = randomBytes(6, 4 * BLOCK);
        volume.write(0, ByteBuffer.wrap(before));
        byte[] data = randomBytes(7, 5000);
        try (RawNbdClient client = connect()) {
            client.exportName(EXPORT);
            assertEquals(0, client.write(3000, data).error());
            assertArrayEquals(Arrays.copyOfRange(data, 100, 612), client.read(3100, 512).data());
        }
        byte[] expected = before.clone();
        System.arraycopy(data, 0, expected, 3000, data.length);
        assertArrayEquals(expected, volumeBytes(0, 4 * BLOCK), "bytes around the write are kept");
    }

    @Test
    void aReadOnlyExportRefusesWritesUntilPromotedThenNewClientsWrite() throws Exception {
        target.setWritable(false);
        try (RawNbdClient client = connect()) {
            RawNbdClient.Export export = client.go(EXPORT);
            assertTrue(export.readOnly());
            assertEquals(0, export.flags() & (32 | 64), "no trim or write zeroes on a read-only export");
            assertEquals(1, client.write(0, randomBytes(8, BLOCK)).error(), "EPERM");
            assertEquals(1, client.command(0, 4, 0, BLOCK).error(), "EPERM for trim too");
            assertArrayEquals(new byte[BLOCK], volumeBytes(0, BLOCK));

            target.setWritable(true); // promoted
            assertEquals(1, client.write(0, randomBytes(8, BLOCK)).error(),
                    "a client told the export is read-only stays read-only");
        }
        try (RawNbdClient client = connect()) {
            assertFalse(client.go(EXPORT).readOnly());
            assertEquals(0, client.write(0, randomBytes(8, BLOCK)).error());
        }
        assertArrayEquals(randomBytes(8, BLOCK), volumeBytes(0, BLOCK));
    }

    @Test
    void manyRequestsInFlightOnOneConnectionAreAllAnswered() throws Exception {
        try (RawNbdClient client = connect()) {
            client.go(EXPORT);
            Set<Long> handles = new HashSet<>();
            for (int i = 0; i < 64; i++) {
                handles.add(client.sendRequest(0, 1, (long) i * BLOCK, BLOCK, randomBytes(100 + i, BLOCK)));
            }
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < 64; i++) {
                RawNbdClient.Reply reply = client.readReply(0);
                assertEquals(0, reply.error());
                answered.add(reply.handle());
            }
            assertEquals(handles, answered);
        }
        for (int i = 0; i < 64; i++) {
            assertArrayEquals(randomBytes(100 + i, BLOCK), volumeBytes((long) i * BLOCK, BLOCK));
        }
    }

    @Test
    void severalClientsWriteAtOnceAndEachFindsItsData() throws Exception {
        int clients = 8;
        int blocksEach = 32;
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int c = 0; c < clients; c++) {
            int first = c * blocksEach;
            Thread thread = new Thread(() -> {
                try (RawNbdClient client = connect()) {
                    client.go(EXPORT);
                    for (int b = first; b < first + blocksEach; b++) {
                        assertEquals(0, client.write((long) b * BLOCK, randomBytes(b, BLOCK)).error());
                    }
                    for (int b = first; b < first + blocksEach; b++) {
                        assertArrayEquals(randomBytes(b, BLOCK), client.read((long) b * BLOCK, BLOCK).data());
                    }
                    client.disconnect();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("a client failed", failure.get());
        }
        for (int b = 0; b < clients * blocksEach; b++) {
            assertArrayEquals(randomBytes(b, BLOCK), volumeBytes((long) b * BLOCK, BLOCK));
        }
    }

    @Test
    void theServerListsConnectedClientsAndTellsListenersAboutThem() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        server.addListener(new NbdServerListener() {
            @Override
            public void clientConnected(NbdClient client) {
                heard.add("connected " + client.exportName());
            }

            @Override
            public void clientDisconnected(NbdClient client, String reason) {
                heard.add("disconnected " + client.exportName() + ": " + reason);
            }
        });
        try (RawNbdClient first = connect(); RawNbdClient second = connect()) {
            first.go(EXPORT);
            assertEquals(1, server.clients(EXPORT).size(),
                    "a client is listed before it hears it may send requests; one in the handshake is not");
            second.go(EXPORT);
            assertEquals(2, server.clients(EXPORT).size());
            first.write(0, randomBytes(9, 2 * BLOCK));
            first.read(0, BLOCK);
            NbdClient listed = server.clients(EXPORT).get(0);
            assertEquals(2, listed.requests());
            assertEquals(2 * BLOCK, listed.bytesWritten());
            assertEquals(BLOCK, listed.bytesRead());
            assertEquals("127.0.0.1", listed.remoteAddress().getAddress().getHostAddress());
            first.disconnect();
            await("the first client gone", Duration.ofSeconds(5), () -> server.clients(EXPORT).size() == 1);
        }
        await("both gone", Duration.ofSeconds(5), () -> server.clients().isEmpty());
        // a client leaves the list before its listeners hear of it, on the connection's own thread
        await("both disconnections heard", Duration.ofSeconds(5), () -> heard.size() == 4);
        assertEquals(List.of("connected disk", "connected disk", "disconnected disk: the client disconnected",
                "disconnected disk: the client closed the connection"), heard);
    }

    @Test
    void stopClosesClientsAndStartServesAgain() throws Exception {
        try (RawNbdClient client = connect()) {
            client.go(EXPORT);
            client.write(0, randomBytes(10, BLOCK));
            long started = System.nanoTime();
            server.stop();
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "stop is prompt");
            assertFalse(server.isRunning());
            assertTrue(client.closedByServer());
            assertTrue(server.clients().isEmpty());
        }
        server.start();
        try (RawNbdClient client = connect()) {
            client.go(EXPORT);
            assertArrayEquals(randomBytes(10, BLOCK), client.read(0, BLOCK).data());
        }
        assertThrows(IllegalStateException.class, server::start);
    }

    @Test
    void removingAnExportDisconnectsItsClients() throws Exception {
        try (RawNbdClient client = connect()) {
            client.go(EXPORT);
            assertTrue(server.removeExport(EXPORT));
            assertTrue(client.closedByServer());
        }
        assertTrue(server.exports().isEmpty());
        try (RawNbdClient client = connect()) {
            List<RawNbdClient.OptionReply> replies = client.infoOrGo(7, EXPORT);
            assertEquals(0x80000006, replies.get(replies.size() - 1).type(), "NBD_REP_ERR_UNKNOWN");
        }
    }

    @Test
    void badSettingsAndNamesAreRefusedWithAMessage() {
        assertEquals("There is already an export named disk",
                assertThrows(IllegalArgumentException.class, () -> server.addExport(EXPORT, target)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> server.addExport("", target));
        assertThrows(IllegalArgumentException.class, () -> NbdServerSettings.defaults().withMaxConnections(0));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> NbdServerSettings.defaults().withMaxRequestBytes(1000)).getMessage().contains("power of two"));
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws Exception {
        NbdServer second = new NbdServer(NbdServerSettings.defaults().withAddress(address()));
        IOException failure = assertThrows(IOException.class, second::start);
        assertTrue(failure.getMessage().startsWith("Cannot listen for NBD clients on 127.0.0.1:" + address().getPort()),
                failure.getMessage());
    }

    private static ByteBuffer infoOfType(List<RawNbdClient.OptionReply> replies, int type) {
        for (RawNbdClient.OptionReply reply : replies) {
            ByteBuffer data = ByteBuffer.wrap(reply.data());
            if (reply.type() == 3 && data.getShort() == type) {
                return data;
            }
        }
        throw new AssertionError("no information of type " + type);
    }

    /** Counts flushes of another target. */
    private record CountingTarget(BlockTarget delegate, AtomicInteger flushes) implements BlockTarget {
        @Override
        public VolumeGeometry geometry() {
            return delegate.geometry();
        }

        @Override
        public boolean isWritable() {
            return delegate.isWritable();
        }

        @Override
        public void read(long offset, ByteBuffer dst) throws IOException {
            delegate.read(offset, dst);
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException, InterruptedException {
            delegate.write(offset, src);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
            flushes.incrementAndGet();
        }

        @Override
        public String description() {
            return "counting";
        }
    }
}
