package dev.mirrorline.ui.tests;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The smallest real NBD client a test needs to be seen by the server: a TCP connection on
 * 127.0.0.1 that does the fixed newstyle handshake, asks for an export by name
 * ({@code NBD_OPT_EXPORT_NAME}), reads blocks, and leaves with {@code NBD_CMD_DISC}. It stays
 * connected between those, as a mounted device or a running VM would.
 */
final class NbdTestClient implements AutoCloseable {

    private static final long INIT_MAGIC = 0x4e42444d41474943L; // "NBDMAGIC"
    private static final long OPTION_MAGIC = 0x49484156454f5054L; // "IHAVEOPT"
    private static final int FLAG_FIXED_NEWSTYLE = 1;
    private static final int FLAG_NO_ZEROES = 1 << 1;
    private static final int OPT_EXPORT_NAME = 1;
    private static final int REQUEST_MAGIC = 0x25609513;
    private static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    private static final int CMD_READ = 0;
    private static final int CMD_DISC = 2;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final long exportSize;
    private long handles;

    private NbdTestClient(Socket socket, long exportSize, DataInputStream in, DataOutputStream out) {
        this.socket = socket;
        this.exportSize = exportSize;
        this.in = in;
        this.out = out;
    }

    /**
     * Connects and enters the transmission phase on an export.
     *
     * @param port the server's port on 127.0.0.1
     * @param exportName the export
     * @return the connected client
     * @throws IOException if the server does not speak NBD or refuses the export (it then closes)
     */
    static NbdTestClient connect(int port, String exportName) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        try {
            socket.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            if (in.readLong() != INIT_MAGIC || in.readLong() != OPTION_MAGIC) {
                throw new IOException("not an NBD server with the newstyle handshake");
            }
            int serverFlags = in.readUnsignedShort();
            if ((serverFlags & FLAG_FIXED_NEWSTYLE) == 0 || (serverFlags & FLAG_NO_ZEROES) == 0) {
                throw new IOException("the server does not offer the fixed newstyle handshake without zeroes");
            }
            out.writeInt(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES);
            byte[] name = exportName.getBytes(StandardCharsets.UTF_8);
            out.writeLong(OPTION_MAGIC);
            out.writeInt(OPT_EXPORT_NAME);
            out.writeInt(name.length);
            out.write(name);
            out.flush();
            long size = in.readLong(); // the server closes the connection for an unknown name
            in.readUnsignedShort(); // transmission flags
            return new NbdTestClient(socket, size, in, out);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** @return the export's size, as the server said */
    long exportSize() {
        return exportSize;
    }

    /** @return the local port of this client's connection: its address as the server sees it */
    int localPort() {
        return socket.getLocalPort();
    }

    /**
     * Reads a block.
     *
     * @param offset where
     * @param length how much
     * @return the bytes
     * @throws IOException if the server answers with an error or not at all
     */
    byte[] read(long offset, int length) throws IOException {
        long handle = ++handles;
        request(CMD_READ, handle, offset, length);
        if (in.readInt() != SIMPLE_REPLY_MAGIC) {
            throw new IOException("not a simple reply");
        }
        int error = in.readInt();
        if (in.readLong() != handle) {
            throw new IOException("a reply to another request");
        }
        if (error != 0) {
            throw new IOException("the server answered error " + error);
        }
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }

    private void request(int type, long handle, long offset, int length) throws IOException {
        out.writeInt(REQUEST_MAGIC);
        out.writeShort(0);
        out.writeShort(type);
        out.writeLong(handle);
        out.writeLong(offset);
        out.writeInt(length);
        out.flush();
    }

    /** Says goodbye ({@code NBD_CMD_DISC}) and closes the connection. */
    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                request(CMD_DISC, ++handles, 0, 0);
            }
        } finally {
            socket.close();
        }
    }
}
