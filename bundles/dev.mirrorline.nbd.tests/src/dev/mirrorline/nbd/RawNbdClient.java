package dev.mirrorline.nbd;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately low-level NBD client for tests: it sends exactly the bytes a test asks for,
 * well-formed or not, and reads the server's answers without interpreting more than needed.
 */
final class RawNbdClient implements AutoCloseable {

    static final long INIT_MAGIC = 0x4e42444d41474943L;
    static final long OPTION_MAGIC = 0x49484156454f5054L;
    static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;

    private final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;
    /** The handshake flags the server sent. */
    final int serverFlags;
    private long nextHandle = 1;

    /** An option reply: its type and data. */
    record OptionReply(int option, int type, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** What the server said about an export when the client entered transmission. */
    record Export(long size, int flags, List<OptionReply> infos) {
        boolean readOnly() {
            return (flags & 2) != 0;
        }
    }

    /** A simple reply. */
    record Reply(int error, long handle, byte[] data) {
    }

    /** Connects and reads the server's greeting. */
    RawNbdClient(InetSocketAddress server) throws IOException {
        socket = new Socket(server.getAddress(), server.getPort());
        socket.setSoTimeout(20_000); // a test never waits forever for a server that hangs
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        // buffered: each message leaves in one piece at flush, as real clients send them
        out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        long init = in.readLong();
        long newstyle = in.readLong();
        if (init != INIT_MAGIC || newstyle != OPTION_MAGIC) {
            throw new IOException(String.format("not an NBD newstyle server: %x %x", init, newstyle));
        }
        serverFlags = in.readUnsignedShort();
    }

    /** Sends the client flags: fixed newstyle and no zeroes. */
    RawNbdClient fixedNewstyle() throws IOException {
        out.writeInt(3);
        out.flush();
        return this;
    }

    void sendOption(int option, byte[] data) throws IOException {
        out.writeLong(OPTION_MAGIC);
        out.writeInt(option);
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    OptionReply readOptionReply() throws IOException {
        long magic = in.readLong();
        if (magic != OPTION_REPLY_MAGIC) {
            throw new IOException(String.format("bad option reply magic %x", magic));
        }
        int option = in.readInt();
        int type = in.readInt();
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        return new OptionReply(option, type, data);
    }

    /** Sends NBD_OPT_LIST and returns the export names. */
    List<String> list() throws IOException {
        sendOption(3, new byte[0]);
        List<String> names = new ArrayList<>();
        while (true) {
            OptionReply reply = readOptionReply();
            if (reply.type() == 1) {
                return names;
            }
            if (reply.type() != 2) {
                throw new IOException("unexpected reply " + reply.type() + ": " + reply.text());
            }
            ByteBuffer data = ByteBuffer.wrap(reply.data());
            byte[] name = new byte[data.getInt()];
            data.get(name);
            names.add(new String(name, StandardCharsets.UTF_8));
        }
    }

    static byte[] infoRequest(String name, int... infos) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer data = ByteBuffer.allocate(4 + nameBytes.length + 2 + 2 * infos.length);
        data.putInt(nameBytes.length).put(nameBytes).putShort((short) infos.length);
        for (int info : infos) {
            data.putShort((short) info);
        }
        return data.array();
    }

    /**
     * Sends NBD_OPT_INFO (6) or NBD_OPT_GO (7) and reads the replies up to the final one.
     *
     * @return all replies; the last is the final one
     */
    List<OptionReply> infoOrGo(int option, String name, int... infos) throws IOException {
        sendOption(option, infoRequest(name, infos));
        List<OptionReply> replies = new ArrayList<>();
        OptionReply reply;
        do {
            reply = readOptionReply();
            replies.add(reply);
        } while (reply.type() == 3);
        return replies;
    }

    /** NBD_OPT_GO asking for block sizes: the client promises to keep to them. */
    Export go(String name) throws IOException {
        return go(name, 3);
    }

    Export go(String name, int... infos) throws IOException {
        List<OptionReply> replies = infoOrGo(7, name, infos);
        OptionReply last = replies.get(replies.size() - 1);
        if (last.type() != 1) {
            throw new IOException(String.format("NBD_OPT_GO refused (0x%08x): %s", last.type(), last.text()));
        }
        for (OptionReply reply : replies) {
            ByteBuffer data = ByteBuffer.wrap(reply.data());
            if (reply.type() == 3 && data.getShort() == 0) {
                return new Export(data.getLong(), Short.toUnsignedInt(data.getShort()), replies);
            }
        }
        throw new IOException("no NBD_INFO_EXPORT in " + replies);
    }

    /** The old way in: NBD_OPT_EXPORT_NAME, which agrees on no block sizes. */
    Export exportName(String name) throws IOException {
        sendOption(1, name.getBytes(StandardCharsets.UTF_8));
        long size = in.readLong();
        int flags = in.readUnsignedShort();
        return new Export(size, flags, List.of());
    }

    long sendRequest(int flags, int type, long offset, int length, byte[] payload) throws IOException {
        long handle = nextHandle++;
        out.writeInt(REQUEST_MAGIC);
        out.writeShort(flags);
        out.writeShort(type);
        out.writeLong(handle);
        out.writeLong(offset);
        out.writeInt(length);
        if (payload != null) {
            out.write(payload);
        }
        out.flush();
        return handle;
    }

    /** Reads a simple reply, with {@code dataLength} bytes of data if it reports success. */
    Reply readReply(int dataLength) throws IOException {
        int magic = in.readInt();
        if (magic != SIMPLE_REPLY_MAGIC) {
            throw new IOException(String.format("bad reply magic %x", magic));
        }
        int error = in.readInt();
        long handle = in.readLong();
        byte[] data = new byte[error == 0 ? dataLength : 0];
        in.readFully(data);
        return new Reply(error, handle, data);
    }

    Reply read(long offset, int length) throws IOException {
        long handle = sendRequest(0, 0, offset, length, null);
        Reply reply = readReply(length);
        check(handle, reply);
        return reply;
    }

    Reply write(long offset, byte[] data) throws IOException {
        return write(0, offset, data);
    }

    Reply write(int flags, long offset, byte[] data) throws IOException {
        long handle = sendRequest(flags, 1, offset, data.length, data);
        Reply reply = readReply(0);
        check(handle, reply);
        return reply;
    }

    Reply command(int flags, int type, long offset, int length) throws IOException {
        long handle = sendRequest(flags, type, offset, length, null);
        Reply reply = readReply(0);
        check(handle, reply);
        return reply;
    }

    void disconnect() throws IOException {
        sendRequest(0, 2, 0, 0, null);
    }

    private static void check(long handle, Reply reply) throws IOException {
        if (reply.handle() != handle) {
            throw new IOException("reply for handle " + reply.handle() + ", expected " + handle);
        }
    }

    /**
     * @return whether the server closed the connection (end of stream or reset) within the
     *     socket timeout, having sent nothing more
     */
    boolean closedByServer() throws IOException {
        try {
            InputStream raw = in;
            return raw.read() < 0;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Something a test sends to a server that may close the connection before it is all sent. */
    interface Sending {
        void send() throws IOException;
    }

    /** Sends, and takes the server closing the connection meanwhile as the expected answer. */
    static void sendExpectingClose(Sending sending) throws IOException {
        try {
            sending.send();
        } catch (java.net.SocketException e) {
            // closed (reset or broken pipe) while sending: what the test expects the server to do
        }
    }

    void setTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
