package dev.mirrorline.nbd;

import static dev.mirrorline.nbd.NbdProtocol.*;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One client's connection: the handshake on the connection's own thread, then the transmission
 * phase, where that thread reads requests (and write payloads, completely, before anything is
 * written) and the connection's workers execute them and send the replies.
 *
 * <p>What a hostile or broken client gets: an option it does not know, {@code NBD_REP_ERR_UNSUP};
 * a malformed option, {@code NBD_REP_ERR_INVALID}; an unknown export, {@code NBD_REP_ERR_UNKNOWN};
 * a request out of range, misaligned (after agreeing to the block sizes), with unknown flags or of
 * an unknown type, an error reply ({@code EINVAL}, {@code ENOSPC} for writes beyond the end,
 * {@code EPERM} for writes to a read-only export) and the connection goes on. Anything that leaves
 * the byte stream in doubt — a wrong magic number, unknown client flags, an option or write
 * larger than the limits, a handshake step slower than the handshake timeout, the connection
 * closing in the middle of a message — closes the connection, which is what the protocol calls a
 * hard disconnect.
 */
final class NbdConnection {

    private static final System.Logger LOG = System.getLogger(NbdConnection.class.getName());
    /** Options longer than this are not read: the connection is closed. */
    private static final int MAX_OPTION_BYTES = 64 * 1024;
    /** A client that haggles longer than this many options is closed. */
    private static final int MAX_OPTIONS = 1024;
    private static final long WORKER_DRAIN_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final NbdServer server;
    private final Socket socket;
    private final long id;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Object replies = new Object();
    private DataInputStream in;
    private DataOutputStream out;
    private volatile Thread thread;
    private volatile NbdClient client;
    private volatile String exportName;
    private volatile String shutdownReason;

    /** Ends the connection without a reply: the stream cannot be trusted or the limits were broken. */
    private static final class HardDisconnect extends IOException {
        private static final long serialVersionUID = 1L;

        HardDisconnect(String reason) {
            super(reason);
        }
    }

    /** What the handshake agreed on. */
    private record Session(NbdServer.ExportEntry entry, boolean readOnly, boolean blockSizesAgreed) {
    }

    NbdConnection(NbdServer server, Socket socket, long id) {
        this.server = server;
        this.socket = socket;
        this.id = id;
    }

    long id() {
        return id;
    }

    /** @return the client once it is in the transmission phase, else null */
    NbdClient client() {
        return client;
    }

    /** @return the export it chose, or null during the handshake */
    String exportName() {
        return exportName;
    }

    void startedOn(Thread connectionThread) {
        this.thread = connectionThread;
    }

    /**
     * Stops reading requests; the requests in progress complete and are answered, then the
     * connection closes.
     */
    void shutdown(String reason) {
        if (shutdownReason == null) {
            shutdownReason = reason;
        }
        try {
            socket.shutdownInput(); // the reading thread sees the end of the stream
        } catch (IOException e) {
            NbdServer.closeQuietly(socket);
        }
        Thread reading = thread;
        if (reading != null) {
            reading.interrupt(); // in case it waits for room for another request
        }
    }

    void awaitClosed(long millis) {
        try {
            if (!closed.await(millis, TimeUnit.MILLISECONDS)) {
                NbdServer.closeQuietly(socket);
                LOG.log(System.Logger.Level.WARNING, "NBD connection {0} did not finish in time; closed it", id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void run() {
        String reason;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(Math.toIntExact(Math.max(1, server.settings().handshakeTimeout().toMillis())));
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            Session session = handshake();
            if (session == null) {
                reason = "the client aborted the handshake";
            } else {
                socket.setSoTimeout(0); // a connected client may stay idle as long as it likes
                reason = transmit(session);
            }
        } catch (HardDisconnect e) {
            reason = e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "NBD connection {0} from {1} closed: {2}", id,
                    socket.getRemoteSocketAddress(), reason);
        } catch (SocketTimeoutException e) {
            reason = "the client took longer than " + server.settings().handshakeTimeout().toMillis()
                    + " ms over a handshake step";
        } catch (EOFException e) {
            reason = "the client closed the connection in the middle of a message";
        } catch (IOException e) {
            reason = "the connection failed: " + e.getMessage();
        } catch (RuntimeException e) {
            reason = "internal error: " + e;
            LOG.log(System.Logger.Level.ERROR, "NBD connection " + id + " failed", e);
        }
        if (shutdownReason != null) {
            reason = shutdownReason;
        }
        NbdServer.closeQuietly(socket);
        server.connectionClosed(this, client, reason);
        closed.countDown();
    }

    // ---------------------------------------------------------------- handshake

    private Session handshake() throws IOException {
        out.writeLong(INIT_MAGIC);
        out.writeLong(OPTION_MAGIC);
        out.writeShort(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES);
        out.flush();
        int clientFlags = in.readInt();
        if ((clientFlags & ~(CLIENT_FLAG_FIXED_NEWSTYLE | CLIENT_FLAG_NO_ZEROES)) != 0) {
            throw new HardDisconnect(String.format("unknown client flags 0x%08x", clientFlags));
        }
        boolean noZeroes = (clientFlags & CLIENT_FLAG_NO_ZEROES) != 0;
        for (int count = 0;; count++) {
            long magic = in.readLong();
            if (magic != OPTION_MAGIC) {
                throw new HardDisconnect(String.format("bad option magic 0x%016x", magic));
            }
            int option = in.readInt();
            long length = Integer.toUnsignedLong(in.readInt());
            if (length > MAX_OPTION_BYTES) {
                throw new HardDisconnect("option " + option + " carries " + length + " bytes, more than the "
                        + MAX_OPTION_BYTES + " this server reads");
            }
            if (count >= MAX_OPTIONS) {
                throw new HardDisconnect("more than " + MAX_OPTIONS + " options in one handshake");
            }
            byte[] data = new byte[(int) length];
            in.readFully(data);
            switch (option) {
                case OPT_EXPORT_NAME -> {
                    return exportName(data, noZeroes);
                }
                case OPT_ABORT -> {
                    optionReply(option, REP_ACK, new byte[0]);
                    return null;
                }
                case OPT_LIST -> list(data);
                case OPT_STARTTLS -> optionError(option, REP_ERR_POLICY, "this server does not offer TLS");
                case OPT_INFO, OPT_GO -> {
                    Session session = infoOrGo(option, data);
                    if (session != null && option == OPT_GO) {
                        return session;
                    }
                }
                default -> optionError(option, REP_ERR_UNSUP, "option " + option + " is not supported");
            }
        }
    }

    private Session exportName(byte[] data, boolean noZeroes) throws IOException {
        String name = decodeString(data);
        if (name == null) {
            throw new HardDisconnect("NBD_OPT_EXPORT_NAME with a name that is not valid UTF-8");
        }
        NbdServer.ExportEntry entry = server.lookUp(name);
        if (entry == null) {
            throw new HardDisconnect("NBD_OPT_EXPORT_NAME asked for the export '" + name
                    + "', which does not exist (exports: " + server.exportNames() + ")");
        }
        boolean readOnly = !entry.export().target().isWritable();
        if (!enterTransmission(entry, readOnly)) {
            throw new HardDisconnect("NBD_OPT_EXPORT_NAME asked for the export '" + name
                    + "', which was removed during the handshake");
        }
        out.writeLong(entry.export().sizeBytes());
        out.writeShort(transmissionFlags(readOnly));
        if (!noZeroes) {
            out.write(new byte[124]);
        }
        out.flush();
        return new Session(entry, readOnly, false);
    }

    private void list(byte[] data) throws IOException {
        if (data.length != 0) {
            optionError(OPT_LIST, REP_ERR_INVALID, "NBD_OPT_LIST takes no data");
            return;
        }
        for (NbdExport export : server.exports()) {
            byte[] name = export.name().getBytes(StandardCharsets.UTF_8);
            byte[] description = truncated(export.target().description(), MAX_STRING_BYTES);
            ByteBuffer reply = ByteBuffer.allocate(4 + name.length + description.length);
            reply.putInt(name.length).put(name).put(description);
            optionReply(OPT_LIST, REP_SERVER, reply.array());
        }
        optionReply(OPT_LIST, REP_ACK, new byte[0]);
    }

    /** @return the session if the export exists and the request was well formed, else null (error sent) */
    private Session infoOrGo(int option, byte[] data) throws IOException {
        ByteBuffer request = ByteBuffer.wrap(data);
        if (data.length < 6) {
            optionError(option, REP_ERR_INVALID, "the option data is too short");
            return null;
        }
        long nameLength = Integer.toUnsignedLong(request.getInt());
        if (nameLength > data.length - 6 || nameLength > MAX_STRING_BYTES) {
            optionError(option, REP_ERR_INVALID, "the export name length " + nameLength + " does not fit the option");
            return null;
        }
        byte[] nameBytes = new byte[(int) nameLength];
        request.get(nameBytes);
        int requests = Short.toUnsignedInt(request.getShort());
        if (request.remaining() != 2 * requests) {
            optionError(option, REP_ERR_INVALID, requests + " information requests do not match the option length");
            return null;
        }
        boolean[] wanted = new boolean[4];
        for (int i = 0; i < requests; i++) {
            int type = Short.toUnsignedInt(request.getShort());
            if (type < wanted.length) {
                wanted[type] = true;
            }
        }
        String name = decodeString(nameBytes);
        if (name == null) {
            optionError(option, REP_ERR_INVALID, "the export name is not valid UTF-8");
            return null;
        }
        NbdServer.ExportEntry entry = server.lookUp(name);
        if (entry == null) {
            optionError(option, REP_ERR_UNKNOWN, "no export named '" + name + "' (exports: " + server.exportNames()
                    + ")");
            return null;
        }
        NbdExport export = entry.export();
        boolean readOnly = !export.target().isWritable();
        ByteBuffer info = ByteBuffer.allocate(12);
        info.putShort((short) INFO_EXPORT).putLong(export.sizeBytes()).putShort((short) transmissionFlags(readOnly));
        optionReply(option, REP_INFO, info.array());
        if (wanted[INFO_NAME]) {
            byte[] canonical = export.name().getBytes(StandardCharsets.UTF_8);
            optionReply(option, REP_INFO, ByteBuffer.allocate(2 + canonical.length).putShort((short) INFO_NAME)
                    .put(canonical).array());
        }
        if (wanted[INFO_DESCRIPTION]) {
            byte[] description = truncated(export.target().description(), MAX_STRING_BYTES);
            optionReply(option, REP_INFO, ByteBuffer.allocate(2 + description.length)
                    .putShort((short) INFO_DESCRIPTION).put(description).array());
        }
        // sent whether asked for or not; binding only on clients that asked
        int blockSize = export.target().geometry().blockSize();
        ByteBuffer sizes = ByteBuffer.allocate(14);
        sizes.putShort((short) INFO_BLOCK_SIZE).putInt(advertisedMinimumBlock(blockSize))
                .putInt(Math.max(blockSize, 4096)).putInt(server.settings().maxRequestBytes());
        optionReply(option, REP_INFO, sizes.array());
        if (option == OPT_GO && !enterTransmission(entry, readOnly)) {
            optionError(option, REP_ERR_UNKNOWN, "the export '" + name + "' was removed during the handshake");
            return null;
        }
        optionReply(option, REP_ACK, new byte[0]);
        return new Session(entry, readOnly, wanted[INFO_BLOCK_SIZE]);
    }

    /**
     * Lists the client on its export before it hears that it may send requests, so that whoever
     * lists clients or removes the export after that sees it.
     *
     * @return false if the export was removed meanwhile
     */
    private boolean enterTransmission(NbdServer.ExportEntry entry, boolean readOnly) {
        exportName = entry.export().name();
        if (!server.isExported(entry)) {
            exportName = null; // removeExport() may have looked before the name was set: do not go on
            return false;
        }
        NbdClient connected = new NbdClient(id, entry.export().name(),
                (InetSocketAddress) socket.getRemoteSocketAddress(), server.clock().now(), readOnly);
        client = connected;
        server.clientConnected(connected);
        return true;
    }

    static int advertisedMinimumBlock(int blockSize) {
        return Math.min(blockSize, MAX_ADVERTISED_MINIMUM_BLOCK);
    }

    private static int transmissionFlags(boolean readOnly) {
        int flags = TRANSMISSION_HAS_FLAGS | TRANSMISSION_SEND_FLUSH | TRANSMISSION_SEND_FUA
                | TRANSMISSION_CAN_MULTI_CONN;
        if (readOnly) {
            flags |= TRANSMISSION_READ_ONLY;
        } else {
            flags |= TRANSMISSION_SEND_TRIM | TRANSMISSION_SEND_WRITE_ZEROES;
        }
        return flags;
    }

    private void optionError(int option, int type, String message) throws IOException {
        optionReply(option, type, truncated(message, MAX_STRING_BYTES));
    }

    private void optionReply(int option, int type, byte[] data) throws IOException {
        out.writeLong(OPTION_REPLY_MAGIC);
        out.writeInt(option);
        out.writeInt(type);
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    /** @return the string, or null if it is not valid UTF-8 or contains NUL */
    private static String decodeString(byte[] bytes) {
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return decoded.indexOf('\0') >= 0 ? null : decoded;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] truncated(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return bytes;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xc0) == 0x80) {
            end--; // do not cut a character in two
        }
        return Arrays.copyOf(bytes, end);
    }

    // ---------------------------------------------------------------- transmission

    /** @return why the connection ends */
    private String transmit(Session session) throws IOException {
        int workerCount = server.settings().workersPerConnection();
        int maxRequest = server.settings().maxRequestBytes();
        ExecutorService workers = Executors.newFixedThreadPool(workerCount,
                server.namedThreads("nbd-connection-" + id + "-worker"));
        // bounds what one connection holds: requests queued or running, and their payload bytes
        Semaphore slots = new Semaphore(2 * workerCount);
        Semaphore bytes = new Semaphore(2 * maxRequest);
        byte[] header = new byte[REQUEST_HEADER_BYTES];
        try {
            while (true) {
                if (!readHeader(header)) {
                    return "the client closed the connection";
                }
                ByteBuffer fields = ByteBuffer.wrap(header);
                int magic = fields.getInt();
                if (magic != REQUEST_MAGIC) {
                    throw new HardDisconnect(String.format("bad request magic 0x%08x", magic));
                }
                int flags = Short.toUnsignedInt(fields.getShort());
                int type = Short.toUnsignedInt(fields.getShort());
                long handle = fields.getLong();
                long offset = fields.getLong();
                long length = Integer.toUnsignedLong(fields.getInt());
                if (type == CMD_DISC) {
                    return "the client disconnected";
                }
                if (type == CMD_WRITE && length > maxRequest) {
                    throw new HardDisconnect("a write of " + length + " bytes, more than the largest request ("
                            + maxRequest + " bytes)");
                }
                int cost = (type == CMD_WRITE || type == CMD_READ) && length <= maxRequest ? (int) length : 0;
                try {
                    slots.acquire();
                    try {
                        bytes.acquire(cost);
                    } catch (InterruptedException e) {
                        slots.release();
                        throw e;
                    }
                } catch (InterruptedException e) {
                    return "the connection was interrupted";
                }
                Runnable release = () -> {
                    bytes.release(cost);
                    slots.release();
                };
                byte[] payload = null;
                if (type == CMD_WRITE) {
                    payload = new byte[(int) length];
                    try {
                        in.readFully(payload);
                    } catch (IOException e) {
                        release.run();
                        if (e instanceof EOFException) {
                            return "the client closed the connection in the middle of a write of " + length
                                    + " bytes at offset " + offset + ", of which nothing was written";
                        }
                        throw e;
                    }
                }
                int error = check(session, type, flags, offset, length);
                if (error != 0) {
                    try {
                        reply(handle, error, null);
                    } finally {
                        release.run();
                    }
                    continue;
                }
                Request request = new Request(type, flags, handle, offset, length, payload);
                workers.execute(() -> {
                    try {
                        execute(session, request);
                    } finally {
                        release.run();
                    }
                });
            }
        } finally {
            drain(workers);
        }
    }

    /** A request that passed the checks, for a worker. */
    private record Request(int type, int flags, long handle, long offset, long length, byte[] payload) {
    }

    /** @return false at the end of the stream before the first byte of a header */
    private boolean readHeader(byte[] header) throws IOException {
        int first = in.read();
        if (first < 0) {
            return false;
        }
        header[0] = (byte) first;
        in.readFully(header, 1, header.length - 1);
        return true;
    }

    /** @return 0 if the request may be executed, else the error to answer it with */
    private int check(Session session, int type, int flags, long offset, long length) {
        BlockTarget target = session.entry().export().target();
        long size = target.geometry().sizeBytes();
        int allowedFlags = switch (type) {
            case CMD_READ, CMD_WRITE, CMD_FLUSH, CMD_TRIM -> CMD_FLAG_FUA;
            case CMD_WRITE_ZEROES -> CMD_FLAG_FUA | CMD_FLAG_NO_HOLE;
            default -> -1;
        };
        if (allowedFlags == -1 || (flags & ~allowedFlags) != 0) {
            return EINVAL; // unknown command, or a flag that does not belong to it
        }
        if (type == CMD_FLUSH) {
            return offset == 0 && length == 0 ? 0 : EINVAL;
        }
        boolean writes = type != CMD_READ;
        if (writes && (session.readOnly() || !target.isWritable())) {
            return EPERM;
        }
        if (type == CMD_READ && length > server.settings().maxRequestBytes()) {
            return EINVAL;
        }
        if (offset < 0 || offset > size || length > size - offset) {
            return writes ? ENOSPC : EINVAL;
        }
        if (session.blockSizesAgreed()) {
            int minimum = advertisedMinimumBlock(target.geometry().blockSize());
            if (offset % minimum != 0 || length % minimum != 0) {
                return EINVAL;
            }
        }
        return 0;
    }

    private void execute(Session session, Request request) {
        ByteRangeAccess access = session.entry().access();
        BlockTarget target = access.target();
        NbdClient counters = client;
        int error = 0;
        ByteBuffer data = null;
        try {
            switch (request.type()) {
                case CMD_READ -> {
                    data = ByteBuffer.allocate((int) request.length());
                    access.read(request.offset(), data);
                    data.flip();
                    counters.bytesRead.addAndGet(request.length());
                }
                case CMD_WRITE -> {
                    access.write(request.offset(), ByteBuffer.wrap(request.payload()));
                    counters.bytesWritten.addAndGet(request.length());
                }
                case CMD_FLUSH -> target.flush();
                case CMD_TRIM, CMD_WRITE_ZEROES -> {
                    access.writeZeroes(request.offset(), request.length());
                    counters.bytesWritten.addAndGet(request.length());
                }
                default -> throw new IllegalStateException("unchecked command " + request.type());
            }
            if ((request.flags() & CMD_FLAG_FUA) != 0 && request.type() != CMD_READ && request.type() != CMD_FLUSH) {
                target.flush();
            }
        } catch (ReadOnlyTargetException e) {
            error = EPERM;
            data = null;
        } catch (IllegalArgumentException e) {
            error = EINVAL;
            data = null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "NBD export " + exportName + ": command " + request.type()
                    + " at offset " + request.offset() + " failed", e);
            error = EIO;
            data = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = ESHUTDOWN;
            data = null;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "NBD export " + exportName + ": command " + request.type()
                    + " failed", e);
            error = EIO;
            data = null;
        }
        counters.requests.incrementAndGet();
        reply(request.handle(), error, data);
    }

    private void reply(long handle, int error, ByteBuffer data) {
        synchronized (replies) {
            try {
                out.writeInt(SIMPLE_REPLY_MAGIC);
                out.writeInt(error);
                out.writeLong(handle);
                if (data != null) {
                    out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                }
                out.flush();
            } catch (IOException e) {
                shutdown("the client stopped taking replies: " + e.getMessage());
            }
        }
    }

    /** Lets the requests in progress finish and be answered; gives up on them after a while. */
    private void drain(ExecutorService workers) {
        workers.shutdown();
        Thread.interrupted(); // an interrupt from shutdown() was meant for a wait for room, not for this
        if (!awaitTermination(workers)) {
            NbdServer.closeQuietly(socket); // unblocks replies to a client that does not read them
            workers.shutdownNow();
            awaitTermination(workers);
        }
    }

    private static boolean awaitTermination(ExecutorService workers) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WORKER_DRAIN_MILLIS);
        while (!workers.isTerminated()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                workers.awaitTermination(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // keep waiting: requests in progress are answered before the connection closes
            }
        }
        return true;
    }
}
