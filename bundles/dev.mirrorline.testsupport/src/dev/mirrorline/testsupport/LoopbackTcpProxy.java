package dev.mirrorline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A network path between two endpoints on 127.0.0.1 that a test controls: a TCP proxy that
 * forwards connections to a target port until told to swallow everything silently
 * ({@link #blackhole()}, as a dead path does: no reset, no error), to reset the connections
 * ({@link #resetConnections()}), or to cut the path until it is {@linkplain #restore() restored}.
 */
public final class LoopbackTcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesToTarget = new AtomicLong();
    private volatile boolean blackholed;
    private volatile boolean cut;

    /**
     * Starts forwarding.
     *
     * @param targetPort the port on 127.0.0.1 connections go to
     * @throws IOException if no port can be bound
     */
    public LoopbackTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptUntilClosed, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the port to connect to instead of the target's */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return the bytes forwarded to the target so far: what went over the wire towards it */
    public long bytesToTarget() {
        return bytesToTarget.get();
    }

    /** From now on, bytes in either direction are read and thrown away; connections stay open. */
    public void blackhole() {
        blackholed = true;
    }

    /** Resets every connection (both ends see it); new connections are forwarded. */
    public void resetConnections() {
        sockets.forEach(LoopbackTcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Resets every connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        resetConnections();
    }

    /** Forwards new connections again, and their bytes. */
    public void restore() {
        cut = false;
        blackholed = false;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        resetConnections();
    }

    private void acceptUntilClosed() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, bytesToTarget);
                pump(upstream, client, new AtomicLong());
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter) {
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

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is all that is wanted
        }
    }
}
