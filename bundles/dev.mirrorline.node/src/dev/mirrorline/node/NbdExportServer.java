package dev.mirrorline.node;

import java.io.IOException;
import java.io.StringReader;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.nbd.BlockTarget;
import dev.mirrorline.nbd.NbdClient;
import dev.mirrorline.nbd.NbdServer;
import dev.mirrorline.nbd.NbdServerListener;
import dev.mirrorline.nbd.NbdServerSettings;
import dev.mirrorline.nbd.ReplicatedVolumeTarget;
import dev.mirrorline.nbd.VolumeTarget;

/**
 * The node's NBD server: every volume a pair holds on this node as a named export, so that real
 * programs (the kernel's nbd client, QEMU, libnbd, fio) can use it. A pair's primary volume is
 * exported as {@code PAIR/primary}, written through the replication write path; a secondary held
 * on this node as {@code PAIR/secondary}, read-only while it is a secondary. Exports appear when a
 * pair starts and disappear when it is deleted or the node closes.
 *
 * <p>The listen address (127.0.0.1:10809 unless set), whether the server runs and which exports
 * an administrator stopped ({@link #stopExport}) are node settings, kept in {@code node/nbd-server.properties} under the state directory: a node that
 * starts again starts the server again if it was running. A server that cannot listen (the port is
 * taken, the address is not this machine's) leaves the node running without it, and says why in
 * {@link #problem()}.
 *
 * <p>Reading the state ({@link #exports()}, {@link #isRunning()}, ...) never waits for a start or a
 * stop in progress, so a UI thread may poll it. {@link #stop()} and {@link #setAddress} wait for
 * the clients' requests in progress: call them off the UI thread.
 */
public final class NbdExportServer implements AutoCloseable {

    /** The settings file's name, in the node's own directory. */
    public static final String SETTINGS_FILE = "nbd-server.properties";
    /** The address a node listens on unless told otherwise: loopback, the NBD port. */
    public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(),
            NbdServerSettings.DEFAULT_PORT);

    private static final String ADDRESS_KEY = "address";
    private static final String RUNNING_KEY = "running";
    private static final String STOPPED_EXPORTS_KEY = "stoppedExports";
    private static final String ADDRESS_EXAMPLE = "127.0.0.1:" + NbdServerSettings.DEFAULT_PORT;

    /** An export and what it belongs to. */
    private record Export(String name, String pairName, NbdExportStatus.Role role, BlockTarget target) {
    }

    private final Storage storage;
    private final Path settingsFile;
    /** Held by starts, stops, address changes and export changes; never by the readers of the state. */
    private final Object lifecycle = new Object();
    private final Map<String, Export> exports = new LinkedHashMap<>();
    /** The exports an administrator stopped: listed, not served, until started again (kept across restarts). */
    private final java.util.Set<String> stoppedExports = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final NbdServerListener serverListener = new NbdServerListener() {
        @Override
        public void started(NbdServer server) {
            changed();
        }

        @Override
        public void stopped(NbdServer server) {
            changed();
        }

        @Override
        public void clientConnected(NbdClient client) {
            changed();
        }

        @Override
        public void clientDisconnected(NbdClient client, String reason) {
            changed();
        }
    };
    private volatile NbdServer server;
    private volatile boolean configured;
    private volatile boolean runningWanted;
    private volatile String problem;

    /**
     * Reads the settings (the defaults if there are none, or if they cannot be read: then
     * {@link #problem()} says why). Starts nothing: see {@link #startIfItWasRunning()}.
     */
    NbdExportServer(Storage storage, Path nodeDirectory) {
        this.storage = storage;
        this.settingsFile = nodeDirectory.resolve(SETTINGS_FILE);
        InetSocketAddress address = DEFAULT_ADDRESS;
        if (storage.exists(settingsFile)) {
            try {
                Properties properties = new Properties();
                properties.load(new StringReader(new String(storage.readAll(settingsFile), StandardCharsets.UTF_8)));
                address = parseAddress(properties.getProperty(ADDRESS_KEY, ADDRESS_EXAMPLE));
                runningWanted = Boolean.parseBoolean(properties.getProperty(RUNNING_KEY, "false"));
                for (String name : properties.getProperty(STOPPED_EXPORTS_KEY, "").split(",")) {
                    if (!name.isBlank()) {
                        stoppedExports.add(name.strip());
                    }
                }
                configured = true;
            } catch (IOException | IllegalArgumentException e) {
                problem = "The NBD server's settings in " + settingsFile + " cannot be read (" + e.getMessage()
                        + "): it listens on " + format(DEFAULT_ADDRESS) + " once started";
            }
        }
        this.server = newServer(address);
    }

    /**
     * Parses a listen address as an administrator types it.
     *
     * @param text {@code HOST:PORT}, e.g. {@code 127.0.0.1:10809}, {@code 0.0.0.0:10809} (every
     *        interface), {@code [::1]:10809}; port 0 picks a free port at each start
     * @return the address, resolved
     * @throws IllegalArgumentException with what is wrong, in words, if it is not such an address
     */
    public static InetSocketAddress parseAddress(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("Enter the address to listen on as HOST:PORT, for example "
                    + ADDRESS_EXAMPLE);
        }
        int colon = trimmed.lastIndexOf(':');
        if (colon < 0 || (trimmed.startsWith("[") && colon < trimmed.indexOf(']'))) {
            throw new IllegalArgumentException("The address " + trimmed + " has no port: write HOST:PORT, for example "
                    + ADDRESS_EXAMPLE);
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("The address " + trimmed + " has no host: write HOST:PORT, for example "
                    + ADDRESS_EXAMPLE + " (0.0.0.0 listens on every interface)");
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The port " + trimmed.substring(colon + 1)
                    + " is not a number from 0 to 65535 (" + NbdServerSettings.DEFAULT_PORT
                    + " is NBD's; 0 picks a free port)");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("The host " + host + " is unknown: use an address of this machine,"
                    + " such as 127.0.0.1, or 0.0.0.0 for every interface");
        }
        return address;
    }

    /**
     * @param address an address
     * @return it as {@link #parseAddress} reads it: {@code HOST:PORT}, {@code [V6]:PORT}
     */
    public static String format(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        String text = host == null ? address.getHostString() : host.getHostAddress();
        return (host instanceof Inet6Address ? "[" + text + "]" : text) + ":" + address.getPort();
    }

    /** @return the address set for the server (port 0 if it picks one at each start) */
    public InetSocketAddress configuredAddress() {
        return server.settings().address();
    }

    /** @return where the server listens, with the port it got, or empty if it is not running */
    public Optional<InetSocketAddress> listeningAddress() {
        NbdServer current = server;
        InetSocketAddress address = current.address();
        return current.isRunning() ? Optional.of(address) : Optional.empty();
    }

    /** @return whether the server listens now */
    public boolean isRunning() {
        return server.isRunning();
    }

    /**
     * @return whether the server's settings were ever stored on this node: it was started, stopped
     *         or given an address (a new node's server is stopped until someone decides)
     */
    public boolean isConfigured() {
        return configured;
    }

    /**
     * @return why the server does not run although it should (it could not listen when the node
     *         started), or why its settings could not be read; empty once it runs
     */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * @param name an export's name
     * @return the export's URL as a client uses it, e.g. {@code nbd://127.0.0.1:10809/demo/primary}
     */
    public String urlOf(String name) {
        NbdServer current = server;
        return "nbd://" + format(current.address()) + "/" + name;
    }

    /** @return every export, in the order the pairs started (a pair's primary before its secondary) */
    public List<NbdExportStatus> exports() {
        List<Export> current;
        synchronized (exports) {
            current = new ArrayList<>(exports.values());
        }
        NbdServer now = server;
        List<NbdClientStatus> clients = clientsOf(now);
        String prefix = "nbd://" + format(now.address()) + "/";
        return current.stream().map(export -> new NbdExportStatus(export.name(), export.pairName(), export.role(),
                export.target().geometry().sizeBytes(), export.target().isWritable(),
                !stoppedExports.contains(export.name()), prefix + export.name(),
                clients.stream().filter(client -> client.exportName().equals(export.name())).toList())).toList();
    }

    /**
     * @param pairName a pair's name
     * @return that pair's exports
     */
    public List<NbdExportStatus> exportsOf(String pairName) {
        return exports().stream().filter(export -> export.pairName().equals(pairName)).toList();
    }

    /** @return the clients connected to any export, oldest first */
    public List<NbdClientStatus> clients() {
        return clientsOf(server);
    }

    private static List<NbdClientStatus> clientsOf(NbdServer server) {
        return server.clients().stream().map(client -> new NbdClientStatus(client.id(), client.exportName(),
                client.remoteAddress(), client.connectedAt(), client.isReadOnly(), client.requests(),
                client.bytesRead(), client.bytesWritten())).toList();
    }

    /**
     * Starts listening, and notes that the server runs, so that it runs again after a restart of
     * the node. Does nothing if it runs already.
     *
     * @throws IOException if it cannot listen, with why and what to do (the node goes on without it)
     */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (!server.isRunning()) {
                startListening(server);
            }
            runningWanted = true;
            problem = null;
            saveSettings(server.settings().address());
        }
        changed();
    }

    /**
     * Stops listening and disconnects every client, after their requests in progress complete; notes
     * that the server is stopped, so that it stays stopped after a restart of the node.
     *
     * @throws IOException if the setting cannot be stored
     */
    public void stop() throws IOException {
        synchronized (lifecycle) {
            server.stop();
            runningWanted = false;
            problem = null;
            saveSettings(server.settings().address());
        }
        changed();
    }

    /**
     * Sets where the server listens, and stores it. A running server moves there: its clients are
     * disconnected, and if it cannot listen there it goes on where it was and nothing changes.
     *
     * @param address the new address (see {@link #parseAddress})
     * @throws IOException if the running server cannot listen there (with why), or the setting cannot be stored
     */
    public void setAddress(InetSocketAddress address) throws IOException {
        synchronized (lifecycle) {
            NbdServer current = server;
            if (!current.settings().address().equals(address)) {
                NbdServer replacement = newServer(address);
                if (current.isRunning()) {
                    current.stop();
                    try {
                        startListening(replacement);
                    } catch (IOException e) {
                        try {
                            current.start();
                        } catch (IOException again) {
                            problem = again.getMessage();
                        }
                        changed();
                        throw e;
                    }
                }
                server = replacement;
            }
            saveSettings(address);
        }
        changed();
    }

    /**
     * Hears every change: a start, a stop, an address, an export added or removed, a client connected
     * or gone. Called on the thread that made the change (the server's own for clients): return quickly.
     *
     * @param listener called after each change
     */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    /** @param listener hears nothing more */
    public void removeChangeListener(Runnable listener) {
        changeListeners.remove(listener);
    }

    /** Starts the server if it was running when the node last stopped; a failure is kept in {@link #problem()}. */
    void startIfItWasRunning() {
        synchronized (lifecycle) {
            if (!runningWanted || server.isRunning()) {
                return;
            }
            try {
                startListening(server);
                problem = null;
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        changed();
    }

    /** Exports the volumes a pair holds on this node. */
    void export(Pair pair) {
        synchronized (lifecycle) {
            ReplicatedVolumeTarget primary = new ReplicatedVolumeTarget(pair.primaryVolume(), pair.primaryReplicator());
            primary.setWritable(pair.acceptsWrites()); // a demoted primary refuses its clients' writes
            add(new Export(pair.name() + "/primary", pair.name(), NbdExportStatus.Role.PRIMARY, primary));
            pair.localSecondaryVolume().ifPresent(secondary -> add(new Export(pair.name() + "/secondary", pair.name(),
                    NbdExportStatus.Role.SECONDARY, VolumeTarget.readOnly(secondary))));
        }
        changed();
    }

    private void add(Export export) {
        if (!stoppedExports.contains(export.name())) {
            server.addExport(export.name(), export.target());
        }
        synchronized (exports) {
            exports.put(export.name(), export);
        }
    }

    /**
     * Exports a pair's volumes again after a change of its roles: {@code PAIR/primary} serves the
     * volume that is the primary now (read-only while it is demoted), {@code PAIR/secondary} the
     * other; their clients are disconnected. An export that was stopped stays stopped.
     */
    void reexport(Pair pair) {
        synchronized (lifecycle) {
            List<Export> removed = new ArrayList<>();
            synchronized (exports) {
                exports.values().removeIf(export -> export.pairName().equals(pair.name()) && removed.add(export));
            }
            removed.forEach(export -> server.removeExport(export.name()));
            export(pair);
        }
    }

    /**
     * Removes a pair's exports and disconnects their clients, before the pair closes its volumes; a
     * stopped one is forgotten, so that a new pair of that name has its exports served.
     *
     * @throws IOException if the settings cannot be stored (the exports are removed all the same)
     */
    void unexport(String pairName) throws IOException {
        try {
            synchronized (lifecycle) {
                List<Export> removed = new ArrayList<>();
                synchronized (exports) {
                    exports.values().removeIf(export -> export.pairName().equals(pairName) && removed.add(export));
                }
                removed.forEach(export -> server.removeExport(export.name()));
                if (removed.stream().map(Export::name).anyMatch(stoppedExports::remove)) {
                    saveSettings(server.settings().address());
                }
            }
        } finally {
            changed();
        }
    }

    /**
     * Stops serving one export, and notes it, so that it stays stopped after a restart of the node:
     * its clients are disconnected after their requests in progress, and clients that ask for it are
     * told there is no such export. It is still listed ({@link NbdExportStatus#served()} is false).
     *
     * @param name the export's name
     * @throws IllegalArgumentException if there is no such export
     * @throws IOException if the setting cannot be stored
     */
    public void stopExport(String name) throws IOException {
        synchronized (lifecycle) {
            requireExport(name);
            if (stoppedExports.add(name)) {
                server.removeExport(name);
                saveSettings(server.settings().address());
            }
        }
        changed();
    }

    /**
     * Serves an export that {@link #stopExport} stopped, and notes it.
     *
     * @param name the export's name
     * @throws IllegalArgumentException if there is no such export
     * @throws IOException if the setting cannot be stored
     */
    public void startExport(String name) throws IOException {
        synchronized (lifecycle) {
            Export export = requireExport(name);
            if (stoppedExports.remove(name)) {
                server.addExport(name, export.target());
                saveSettings(server.settings().address());
            }
        }
        changed();
    }

    private Export requireExport(String name) {
        synchronized (exports) {
            Export export = exports.get(name);
            if (export == null) {
                throw new IllegalArgumentException("There is no export named " + name + " (the exports: "
                        + (exports.isEmpty() ? "none" : String.join(", ", exports.keySet())) + ")");
            }
            return export;
        }
    }

    /** Stops the server (the setting stays, so it runs again when the node opens again). */
    @Override
    public void close() {
        synchronized (lifecycle) {
            server.stop();
        }
    }

    private NbdServer newServer(InetSocketAddress address) {
        NbdServer created = new NbdServer(NbdServerSettings.defaults().withAddress(address));
        created.addListener(serverListener);
        synchronized (exports) {
            exports.values().stream().filter(export -> !stoppedExports.contains(export.name()))
                    .forEach(export -> created.addExport(export.name(), export.target()));
        }
        return created;
    }

    private static void startListening(NbdServer server) throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException(e.getMessage() + ". Choose another address for the NBD server (HOST:PORT), or stop"
                    + " the program that listens there (another Mirrorline console, nbd-server, qemu-nbd)", e);
        }
    }

    private void saveSettings(InetSocketAddress address) throws IOException {
        String text = "# The node's NBD server: where it listens, whether it runs, and the exports stopped\n"
                + ADDRESS_KEY + "=" + format(address) + "\n" + RUNNING_KEY + "=" + runningWanted + "\n"
                + STOPPED_EXPORTS_KEY + "=" + String.join(",", new java.util.TreeSet<>(stoppedExports)) + "\n";
        storage.createDirectories(settingsFile.getParent());
        storage.writeAtomically(settingsFile, text.getBytes(StandardCharsets.UTF_8));
        configured = true;
    }

    private void changed() {
        for (Runnable listener : changeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                System.getLogger(NbdExportServer.class.getName()).log(System.Logger.Level.WARNING,
                        "A listener of the NBD server failed", e);
            }
        }
    }
}
