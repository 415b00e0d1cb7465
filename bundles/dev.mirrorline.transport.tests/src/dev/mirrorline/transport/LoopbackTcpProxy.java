package dev.mirrorline.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 that a test controls: it forwards connections to a target port until
 * told to swallow everything silently ({@link #blackhole()}, as a dead network path does: no
 * reset, no error) or to drop every connection ({@link #cut()}).
 */
final class LoopbackTcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackholed;
    private final java.util.concurrent.atomic.AtomicLong bytesToTarget = new java.util.concurrent.atomic.AtomicLong();

    LoopbackTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptUntilClosed, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** @return the bytes forwarded to the target so far: what went over the wire towards it */
    long bytesToTarget() {
        return bytesToTarget.get();
    }

    /** From now on, bytes in either direction are read and thrown away; connections stay open. */
    void blackhole() {
        blackholed = true;
    }

    /** Closes every connection: both ends see the connection reset. */
    void cut() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        cut();
    }

    private void acceptUntilClosed() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, bytesToTarget);
                pump(upstream, client, new java.util.concurrent.atomic.AtomicLong());
            } catch (IOException e) {
                return; // the listener was closed
            }
        }
    }

    private void pump(Socket from, Socket to, java.util.concurrent.atomic.AtomicLong counter) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (!blackholed) {
                        out.write(buffer, 0, read);
                        out.flush();
                        counter.addAndGet(read);
                    }
                }
            } catch (IOException e) {
                // a socket was closed: this direction ends
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing is all that is wanted
        }
    }
}
