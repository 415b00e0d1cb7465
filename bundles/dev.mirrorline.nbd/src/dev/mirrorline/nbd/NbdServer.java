package dev.mirrorline.nbd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.mirrorline.engine.time.Clock;

/**
 * Serves named exports over the Network Block Device protocol: the fixed newstyle handshake with
 * option haggling ({@code NBD_OPT_GO}, {@code NBD_OPT_INFO}, {@code NBD_OPT_LIST},
 * {@code NBD_OPT_EXPORT_NAME}, {@code NBD_OPT_ABORT}), then the commands {@code READ},
 * {@code WRITE}, {@code FLUSH}, {@code TRIM}, {@code WRITE_ZEROES} and {@code DISC}, with
 * {@code NBD_CMD_FLAG_FUA} honoured, in simple replies. There is no TLS: the server listens on the
 * loopback address unless told otherwise.
 *
 * <p>Each connection has a thread that reads its requests and a few workers that execute them
 * (see {@link NbdServerSettings}), so one slow or hostile client never holds up another. A write's
 * payload is read completely before anything of it is written: a client that disconnects in the
 * middle of a request leaves no partial write behind.
 *
 * <p>Block sizes: a client that asks for block size constraints (libnbd, QEMU) is told the
 * target's block size as the minimum (at most 64 KiB) and must keep to it; requests that do not
 * get {@code EINVAL}. A client that does not ask may send any alignment: unaligned reads and
 * writes are served by reading the surrounding blocks (a read-modify-write, see
 * {@link ByteRangeAccess}). {@code TRIM} writes zeroes through the same path as writes, so that a
 * trimmed range is replicated like any other write.
 *
 * <p>The server can be started and stopped repeatedly; exports stay registered across stops.
 */
public final class NbdServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NbdServer.class.getName());
    /** How long {@link #stop} waits for one connection to finish its requests and close. */
    private static final long STOP_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(10);

    private final NbdServerSettings settings;
    private final ThreadFactory threads;
    private final Clock clock;
    private final Map<String, ExportEntry> exports = new LinkedHashMap<>();
    private final List<NbdServerListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<NbdConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Object lifecycle = new Object();
    private ServerSocket listener;
    private Thread acceptor;

    /** An export and the byte-range access all its connections share. */
    record ExportEntry(NbdExport export, ByteRangeAccess access) {
    }

    /**
     * A server with daemon threads and the system clock.
     *
     * @param settings where to listen and the limits
     */
    public NbdServer(NbdServerSettings settings) {
        this(settings, runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        }, Clock.system());
    }

    /**
     * @param settings where to listen and the limits
     * @param threads makes the acceptor, connection and worker threads (the server names them)
     * @param clock stamps client connections
     */
    public NbdServer(NbdServerSettings settings, ThreadFactory threads, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return where and how this server listens */
    public NbdServerSettings settings() {
        return settings;
    }

    /**
     * Adds an export; clients can use it at once if the server is running.
     *
     * @param name the name clients ask for
     * @param target what it reads and writes
     * @return the export
     * @throws IllegalArgumentException if the name is taken or not allowed
     */
    public NbdExport addExport(String name, BlockTarget target) {
        NbdExport export = new NbdExport(name, target);
        synchronized (exports) {
            if (exports.containsKey(name)) {
                throw new IllegalArgumentException("There is already an export named " + name);
            }
            exports.put(name, new ExportEntry(export, new ByteRangeAccess(target)));
        }
        return export;
    }

    /**
     * Removes an export and disconnects its clients, after their requests in progress complete.
     *
     * @param name the export's name
     * @return whether there was such an export
     */
    public boolean removeExport(String name) {
        synchronized (exports) {
            if (exports.remove(name) == null) {
                return false;
            }
        }
        List<NbdConnection> closing = new ArrayList<>();
        for (NbdConnection connection : connections) {
            if (name.equals(connection.exportName())) {
                connection.shutdown("the export " + name + " was removed");
                closing.add(connection);
            }
        }
        closing.forEach(connection -> connection.awaitClosed(STOP_WAIT_MILLIS));
        return true;
    }

    /** @return the exports, in the order they were added */
    public List<NbdExport> exports() {
        synchronized (exports) {
            return exports.values().stream().map(ExportEntry::export).toList();
        }
    }

    /**
     * @param name an export name
     * @return the export of that name, if any
     */
    public Optional<NbdExport> export(String name) {
        synchronized (exports) {
            return Optional.ofNullable(exports.get(name)).map(ExportEntry::export);
        }
    }

    /**
     * Finds what a client asked for: a name, or the empty name for the default export, which is
     * the only export when there is exactly one.
     */
    ExportEntry lookUp(String name) {
        synchronized (exports) {
            if (name.isEmpty() && exports.size() == 1) {
                return exports.values().iterator().next();
            }
            return exports.get(name);
        }
    }

    /** @return whether this very export is still registered (not removed, not replaced) */
    boolean isExported(ExportEntry entry) {
        synchronized (exports) {
            return exports.get(entry.export().name()) == entry;
        }
    }

        /** @return the names of the exports, for messages to clients */
    String exportNames() {
        synchronized (exports) {
            return exports.isEmpty() ? "(none)" : String.join(", ", exports.keySet());
        }
    }

    /**
     * Starts listening.
     *
     * @throws IOException if the address cannot be bound (in use, not local, no permission)
     * @throws IllegalStateException if the server is running already
     */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (listener != null) {
                throw new IllegalStateException("The NBD server is running already, on " + address());
            }
            ServerSocket socket = new ServerSocket();
            try {
                socket.setReuseAddress(true);
                socket.bind(settings.address(), 50);
            } catch (IOException e) {
                socket.close();
                throw new IOException("Cannot listen for NBD clients on " + describe(settings.address()) + ": "
                        + e.getMessage(), e);
            }
            listener = socket;
            acceptor = newThread("nbd-accept-" + socket.getLocalPort(), () -> acceptUntilClosed(socket));
            acceptor.start();
        }
        LOG.log(System.Logger.Level.INFO, "NBD server listening on {0}", describe(address()));
        listeners.forEach(each -> each.started(this));
    }

    /**
     * Stops listening and closes every connection, after the requests in progress complete (each
     * connection gets a few seconds). Does nothing if the server is not running.
     */
    public void stop() {
        ServerSocket closing;
        Thread closingAcceptor;
        synchronized (lifecycle) {
            closing = listener;
            closingAcceptor = acceptor;
            listener = null;
            acceptor = null;
        }
        if (closing == null) {
            return;
        }
        try {
            closing.close();
        } catch (IOException e) {
            // closing a listener that is closed already or broken: nothing left to release
        }
        try {
            closingAcceptor.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<NbdConnection> open = new ArrayList<>(connections);
        open.forEach(connection -> connection.shutdown("the server is stopping"));
        open.forEach(connection -> connection.awaitClosed(STOP_WAIT_MILLIS));
        LOG.log(System.Logger.Level.INFO, "NBD server on {0} stopped", describe(closing.getLocalSocketAddress()));
        listeners.forEach(each -> each.stopped(this));
    }

    /** Same as {@link #stop}. */
    @Override
    public void close() {
        stop();
    }

    /** @return whether the server is listening */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return listener != null;
        }
    }

    /** @return where the server listens (with the actual port if port 0 was asked for), or will listen */
    public InetSocketAddress address() {
        synchronized (lifecycle) {
            if (listener != null) {
                return (InetSocketAddress) listener.getLocalSocketAddress();
            }
        }
        return settings.address();
    }

    /** @return the clients connected to any export, oldest first */
    public List<NbdClient> clients() {
        return connections.stream().map(NbdConnection::client).filter(Objects::nonNull)
                .sorted(java.util.Comparator.comparingLong(NbdClient::id)).toList();
    }

    /**
     * @param exportName an export's name
     * @return the clients connected to that export, oldest first
     */
    public List<NbdClient> clients(String exportName) {
        return clients().stream().filter(client -> client.exportName().equals(exportName)).toList();
    }

    /** @param listener hears about starts, stops, connections and disconnections from now on */
    public void addListener(NbdServerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener hears nothing more */
    public void removeListener(NbdServerListener listener) {
        listeners.remove(listener);
    }

    private void acceptUntilClosed(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket accepted;
            try {
                accepted = socket.accept();
            } catch (SocketException e) {
                return; // closed by stop()
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Accepting an NBD client failed", e);
                continue;
            }
            if (connections.size() >= settings.maxConnections()) {
                LOG.log(System.Logger.Level.WARNING, "Refused NBD client {0}: {1} connections are open already",
                        accepted.getRemoteSocketAddress(), settings.maxConnections());
                closeQuietly(accepted);
                continue;
            }
            NbdConnection connection = new NbdConnection(this, accepted, connectionIds.incrementAndGet());
            connections.add(connection);
            Thread thread = newThread("nbd-connection-" + connection.id(), connection::run);
            connection.startedOn(thread);
            thread.start();
        }
    }

    Thread newThread(String name, Runnable body) {
        Thread thread = threads.newThread(body);
        thread.setName(name);
        return thread;
    }

    ThreadFactory namedThreads(String prefix) {
        AtomicLong numbers = new AtomicLong();
        return runnable -> newThread(prefix + "-" + numbers.incrementAndGet(), runnable);
    }

    Clock clock() {
        return clock;
    }

    void clientConnected(NbdClient client) {
        LOG.log(System.Logger.Level.DEBUG, "{0} connected", client);
        listeners.forEach(each -> each.clientConnected(client));
    }

    void connectionClosed(NbdConnection connection, NbdClient client, String reason) {
        connections.remove(connection);
        if (client != null) {
            LOG.log(System.Logger.Level.DEBUG, "{0} disconnected: {1}", client, reason);
            listeners.forEach(each -> each.clientDisconnected(client, reason));
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing more can be done about a socket that fails to close
        }
    }

    private static String describe(java.net.SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
