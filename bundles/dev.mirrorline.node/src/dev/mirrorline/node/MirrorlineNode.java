package dev.mirrorline.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.engine.storage.FileSystemStorage;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.time.Clock;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.transport.CertificateFingerprint;
import dev.mirrorline.transport.NodeIdentity;
import dev.mirrorline.transport.PairingClient;
import dev.mirrorline.transport.PairingTokens;
import dev.mirrorline.transport.NodeStatus;
import dev.mirrorline.transport.PeerProbe;
import dev.mirrorline.transport.PeerRefusalListener;
import dev.mirrorline.transport.PinnedPeers;
import dev.mirrorline.transport.TransportSecurity;

/**
 * The embedded engine: the pairs this node runs, kept under one state directory and started again
 * when the node opens. The console and the command line use a node; they never reach into the
 * engine's parts.
 *
 * <p>State directory layout: {@code node/} (this node's identity and pinned peers),
 * {@code node/nbd-server.properties} (the NBD server's address and whether it runs),
 * {@code pairs/<name>/} (each pair's settings, volume state, in-flight log and replication state),
 * {@code volumes/} (images the node created).
 */
public final class MirrorlineNode implements AutoCloseable {

    /** The demo pair's name, created on first start when a node has no pairs. */
    public static final String DEMO_PAIR = "demo";
    /** Defaults for a new pair. */
    public static final int DEFAULT_CHUNK_SIZE = 4096;
    /** Defaults for a new pair. */
    public static final long DEFAULT_WINDOW_BYTES = 64L << 20;
    /** Defaults for a new pair. */
    public static final Duration DEFAULT_LINK_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern PAIR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long DEMO_SIZE = 64L << 20;
    private static final int MAXIMUM_CHUNK_SIZE = 1 << 20;
    private static final long MINIMUM_WINDOW_BYTES = 1L << 20;
    private static final Duration MINIMUM_LINK_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAXIMUM_LINK_TIMEOUT = Duration.ofMinutes(10);

    private final Path stateDirectory;
    private final Storage storage = new FileSystemStorage();
    private final ExecutorService eventThread;
    private final EngineContext context;
    private final NodeIdentity identity;
    private final PinnedPeers pins;
    private final TransportSecurity security;
    private final SecondaryHost secondaryHost;
    /** The NBD exports of the volumes the pairs hold here. */
    private final NbdExportServer nbdExports;
    private boolean started;
    private final Map<String, Pair> pairs = new LinkedHashMap<>();
    /** Volume names, as engine events give them, to pair names. */
    private final Map<String, String> volumePairs = new java.util.concurrent.ConcurrentHashMap<>();
    /** Pairs read from disk and not started yet, with their directories. */
    private final Map<PairSpec, Path> recorded = new LinkedHashMap<>();
    /** Pairs whose settings are on disk but which could not start, and why. */
    private final Map<String, String> failedPairs = new LinkedHashMap<>();

    private MirrorlineNode(Path stateDirectory, Consumer<RuntimeException> listenerFailures) throws IOException {
        this.stateDirectory = stateDirectory;
        this.eventThread = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "mirrorline-events");
            thread.setDaemon(true);
            return thread;
        });
        this.context = new EngineContext(storage, Clock.system(), new EventDispatcher(eventThread, listenerFailures));
        storage.createDirectories(stateDirectory.resolve("pairs"));
        this.identity = NodeIdentity.loadOrCreate(stateDirectory.resolve("node"), "mirrorline-console");
        this.pins = PinnedPeers.open(stateDirectory.resolve("node").resolve("pinned-peers"));
        // a peer refused for its certificate or token is in the event log, with why
        this.security = TransportSecurity.mutualTls(identity, pins)
                .reportingRefusalsTo(PeerRefusalListener.publishingTo(context));
        this.secondaryHost = new SecondaryHost(context, stateDirectory.resolve("secondaries"), security, pins,
                new PairingTokens(identity));
        this.nbdExports = new NbdExportServer(storage, stateDirectory.resolve("node"));
    }

    /**
     * Opens a node and starts every pair recorded under its state directory. A pair that cannot
     * start is listed by {@link #failedPairs()} with the reason; the others run.
     *
     * @param stateDirectory where the node keeps everything
     * @param listenerFailures told when an event listener throws
     * @return the node
     * @throws IOException if the state directory or the node's identity cannot be read or created
     */
    public static MirrorlineNode open(Path stateDirectory, Consumer<RuntimeException> listenerFailures)
            throws IOException {
        MirrorlineNode node = openWithoutStarting(stateDirectory, listenerFailures);
        node.startRecordedPairs();
        return node;
    }

    /**
     * Opens a node and reads the pairs recorded under its state directory without starting them,
     * so that listeners registered now hear their first events (a resync after a restart, say);
     * {@link #startRecordedPairs()} starts them. {@link #pairOfVolume} knows their volumes already.
     *
     * @param stateDirectory where the node keeps everything
     * @param listenerFailures told when an event listener throws
     * @return the node, with no pair running
     * @throws IOException if the state directory or the node's identity cannot be read or created
     */
    public static MirrorlineNode openWithoutStarting(Path stateDirectory, Consumer<RuntimeException> listenerFailures)
            throws IOException {
        MirrorlineNode node = new MirrorlineNode(stateDirectory, listenerFailures);
        for (Path pairDirectory : node.storage.list(stateDirectory.resolve("pairs"))) {
            String name = pairDirectory.getFileName().toString();
            try {
                PairSpec spec = PairSpecFile.read(node.storage, pairDirectory);
                node.noteVolumes(spec);
                node.recorded.put(spec, pairDirectory);
            } catch (IOException | RuntimeException e) {
                node.failedPairs.put(name, e.getMessage() != null ? e.getMessage() : e.toString());
            }
        }
        return node;
    }

    /**
     * Starts the pairs read by {@link #openWithoutStarting} (once; later calls do nothing). A pair
     * that cannot start is listed by {@link #failedPairs()} with the reason; the others run.
     */
    public synchronized void startRecordedPairs() {
        if (!started) {
            started = true;
            secondaryHost.openRecorded();
        }
        for (Map.Entry<PairSpec, Path> entry : recorded.entrySet()) {
            PairSpec spec = entry.getKey();
            try {
                Pair pair = Pair.start(context, spec, entry.getValue(), security);
                pairs.put(spec.name(), pair);
                nbdExports.export(pair);
                exportFollowingRoles(pair);
            } catch (IOException | RuntimeException e) {
                failedPairs.put(spec.name(), e.getMessage() != null ? e.getMessage() : e.toString());
            }
        }
        recorded.clear();
        nbdExports.startIfItWasRunning();
    }

    /**
     * @return the secondary volumes this node serves to primaries on other hosts (an agent's job);
     *         they are served once it {@linkplain SecondaryHost#listen listens}
     */
    public SecondaryHost secondaryHost() {
        return secondaryHost;
    }

    /**
     * Pairs this node, as the primary of a pair, with a secondary on another host that issued a
     * pairing token: each side pins the other's certificate for the pair. Then a pair with that
     * name, the secondary's address and the fingerprint returned can be {@linkplain #createPair
     * created}.
     *
     * @param host the secondary's host
     * @param port the secondary's port
     * @param token the token its administrator gave
     * @param timeout how long to wait for the secondary
     * @return the pair the token was issued for, and the secondary's certificate fingerprint
     * @throws IOException if the secondary cannot be reached, is not the token's issuer, or refuses the token
     * @throws IllegalArgumentException if the token is not a pairing token's text
     */
    public PairingClient.PairingResult pairWithSecondary(String host, int port, String token, Duration timeout)
            throws IOException {
        return PairingClient.pair(new InetSocketAddress(host, port), security, token, timeout);
    }

    /**
     * @param pairName a pair's name
     * @return the fingerprints of the peers pinned for it
     */
    public List<String> pinnedPeersOf(String pairName) {
        return pins.pinnedFor(pairName).stream().map(Object::toString).sorted().toList();
    }

    static boolean isValidPairName(String name) {
        return PAIR_NAME.matcher(name).matches();
    }

    /**
     * @return the node's NBD server, which exports the volumes its pairs hold here (see
     *         {@link NbdExportServer}: its address and whether it runs are kept across restarts)
     */
    public NbdExportServer nbdExports() {
        return nbdExports;
    }

    /** @return where state changes of every pair are published */
    public EventDispatcher events() {
        return context.events();
    }

    /** @return the node's state directory */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** @return this node's certificate fingerprint, for pairing with remote agents */
    public String fingerprint() {
        return identity.fingerprint().toString();
    }

    /** @return the running pairs, in the order they were created */
    public synchronized List<Pair> pairs() {
        return List.copyOf(pairs.values());
    }

    /**
     * @param name a pair's name
     * @return the running pair of that name
     */
    public synchronized Optional<Pair> pair(String name) {
        return Optional.ofNullable(pairs.get(name));
    }

    /**
     * @param volumeName a volume's name as engine events give it
     * @return the pair that volume belongs to (as primary or as local secondary), if any
     */
    public Optional<String> pairOfVolume(String volumeName) {
        return Optional.ofNullable(volumePairs.get(volumeName));
    }

    /** Notes a pair's volume names before it starts, so that its first events already name the pair. */
    private void noteVolumes(PairSpec spec) {
        volumePairs.put(spec.primaryImage().getFileName().toString(), spec.name());
        if (spec.secondary() instanceof PairSpec.LocalSecondary local) {
            volumePairs.put(local.image().getFileName().toString(), spec.name());
        }
    }

    /** @return pairs that are recorded but could not start, with the reason */
    public synchronized Map<String, String> failedPairs() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(failedPairs));
    }

    /**
     * Says what is wrong with a new pair's settings, in words an administrator can act on; the New
     * Pair wizard shows it as the user types. Quick: it looks at files, never at the network (see
     * {@link #probeRemote} for a remote secondary).
     *
     * @param spec the settings
     * @return the first problem, or empty if the pair can be created
     */
    public synchronized Optional<String> problemWith(PairSpec spec) {
        for (PairSpec.Part part : PairSpec.Part.values()) {
            Optional<String> problem = problemWith(spec, part);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /**
     * Says what is wrong with one part of a new pair's settings, the other parts left aside (a page
     * of the New Pair wizard asks about its own part). The secondary's size is compared with the
     * primary's when the primary's size can be known.
     *
     * @param spec the settings
     * @param part the part to check
     * @return the first problem of that part, or empty
     */
    public synchronized Optional<String> problemWith(PairSpec spec, PairSpec.Part part) {
        return switch (part) {
            case NAME_AND_PRIMARY -> problemWithNameAndPrimary(spec);
            case SECONDARY -> problemWithSecondary(spec);
            case REPLICATION -> problemWithReplication(spec);
        };
    }

    private Optional<String> problemWithNameAndPrimary(PairSpec spec) {
        if (spec.name().isBlank()) {
            return Optional.of("Enter a name for the pair");
        }
        if (!PAIR_NAME.matcher(spec.name()).matches()) {
            return Optional.of("A pair name has letters, digits, '.', '-' and '_' only, starts with a letter or"
                    + " digit, and has at most 64 characters");
        }
        if (pairs.containsKey(spec.name()) || failedPairs.containsKey(spec.name())
                || recorded.keySet().stream().anyMatch(other -> other.name().equals(spec.name()))) {
            return Optional.of("A pair named " + spec.name() + " exists already");
        }
        Path primaryImage = spec.primaryImage().toAbsolutePath().normalize();
        if (spec.primaryImage().toString().isBlank()) {
            return Optional.of("Choose the primary volume: an image file or a block device");
        }
        Optional<String> inUse = pairUsing(primaryImage);
        if (inUse.isPresent()) {
            return Optional.of("The primary volume " + primaryImage + " is already in the pair " + inUse.get());
        }
        if (spec.createPrimaryBytes() > 0) {
            if (storage.exists(primaryImage)) {
                return Optional.of(primaryImage + " exists already: choose it as an existing volume, or another"
                        + " name for the new image");
            }
            if (spec.createPrimaryBytes() % VolumeGeometry.DEFAULT_BLOCK_SIZE != 0) {
                return Optional.of("The size of a new volume must be a multiple of 4 KiB");
            }
        } else if (spec.createPrimaryBytes() < 0) {
            return Optional.of("The size of a new volume must be positive");
        } else {
            if (!storage.exists(primaryImage)) {
                return Optional.of("The primary volume " + primaryImage + " does not exist");
            }
            if (java.nio.file.Files.isDirectory(primaryImage)) {
                return Optional.of("The primary volume " + primaryImage + " is a directory: choose an image file or"
                        + " a block device");
            }
            try {
                if (sizeOf(primaryImage) == 0) {
                    return Optional.of("The primary volume " + primaryImage + " is empty");
                }
            } catch (IOException e) {
                return Optional.of("The primary volume " + primaryImage + " cannot be opened: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** @return the primary's size as the pair would have it, or -1 if it cannot be known */
    private long primarySizeOf(PairSpec spec) {
        if (spec.createPrimaryBytes() > 0) {
            return spec.createPrimaryBytes();
        }
        try {
            return sizeOf(spec.primaryImage().toAbsolutePath().normalize());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Optional<String> problemWithSecondary(PairSpec spec) {
        Path primaryImage = spec.primaryImage().toAbsolutePath().normalize();
        if (spec.secondary() instanceof PairSpec.LocalSecondary local) {
            Path secondaryImage = local.image().toAbsolutePath().normalize();
            if (local.image().toString().isBlank()) {
                return Optional.of("Choose the secondary volume");
            }
            if (secondaryImage.equals(primaryImage)) {
                return Optional.of("The secondary volume cannot be the primary volume itself");
            }
            Optional<String> secondaryInUse = pairUsing(secondaryImage);
            if (secondaryInUse.isPresent()) {
                return Optional.of("The secondary volume " + secondaryImage + " is already in the pair "
                        + secondaryInUse.get());
            }
            if (local.create()) {
                if (storage.exists(secondaryImage)) {
                    return Optional.of(secondaryImage + " exists already: choose it as an existing volume, or another"
                            + " name for the new image");
                }
            } else if (!storage.exists(secondaryImage)) {
                return Optional.of("The secondary volume " + secondaryImage + " does not exist");
            } else if (java.nio.file.Files.isDirectory(secondaryImage)) {
                return Optional.of("The secondary volume " + secondaryImage + " is a directory: choose an image file"
                        + " or a block device");
            } else {
                long primarySize = primarySizeOf(spec);
                try {
                    long secondarySize = sizeOf(secondaryImage);
                    if (primarySize >= 0 && secondarySize != primarySize) {
                        return Optional.of("The volumes differ in size: the primary has " + primarySize
                                + " bytes, the secondary " + secondarySize);
                    }
                } catch (IOException e) {
                    return Optional.of("The secondary volume " + secondaryImage + " cannot be opened: "
                            + e.getMessage());
                }
            }
        } else if (spec.secondary() instanceof PairSpec.RemoteSecondary remote) {
            if (remote.host().isBlank()) {
                return Optional.of("Enter the host of the secondary's agent");
            }
            if (remote.port() < 1 || remote.port() > 65535) {
                return Optional.of("The agent's port must be between 1 and 65535");
            }
            if (remote.peerFingerprint().isBlank()) {
                return Optional.of("Confirm the certificate fingerprint of the agent at " + remote.host() + ":"
                        + remote.port());
            }
            try {
                CertificateFingerprint.parse(remote.peerFingerprint());
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problemWithReplication(PairSpec spec) {
        if (spec.chunkSize() < VolumeGeometry.DEFAULT_BLOCK_SIZE || spec.chunkSize() > MAXIMUM_CHUNK_SIZE
                || Integer.bitCount(spec.chunkSize()) != 1) {
            return Optional.of("The chunk size must be a power of two from 4 KiB to 1 MiB");
        }
        if (spec.mode() == ReplicationMode.ASYNCHRONOUS && spec.inFlightWindowBytes() < MINIMUM_WINDOW_BYTES) {
            return Optional.of("The in-flight window must be at least 1 MiB");
        }
        if (spec.linkTimeout().compareTo(MINIMUM_LINK_TIMEOUT) < 0
                || spec.linkTimeout().compareTo(MAXIMUM_LINK_TIMEOUT) > 0) {
            return Optional.of("The link timeout must be between 1 second and 10 minutes");
        }
        return problemWithResyncRate(spec.resyncBytesPerSecond());
    }

    /** The smallest resync rate limit: a limit below it is more likely a slip than a wish. */
    public static final long MINIMUM_RESYNC_RATE = 64 * 1024;

    /**
     * @param bytesPerSecond a resync rate limit
     * @return what is wrong with it, if anything
     */
    public static Optional<String> problemWithResyncRate(long bytesPerSecond) {
        if (bytesPerSecond != 0 && bytesPerSecond < MINIMUM_RESYNC_RATE) {
            return Optional.of("The resync rate limit must be at least 64 KiB/s, or 0 for no limit");
        }
        return Optional.empty();
    }

    /**
     * Looks at a remote agent before a pair is made with it: reaches it over mutual TLS, notes the
     * certificate it presents, and asks for its status. Takes up to {@code timeout} (network): call
     * it off the UI thread.
     *
     * @param host the agent's host name or address
     * @param port its port
     * @param timeout how long to wait for it
     * @return what was found: the agent's fingerprint to confirm, or what is wrong in words
     */
    public RemoteProbe probeRemote(String host, int port, Duration timeout) {
        String address = host + ":" + port;
        InetSocketAddress peer = new InetSocketAddress(host, port);
        if (peer.isUnresolved()) {
            return RemoteProbe.failed("The host " + host + " is unknown: check its name");
        }
        PeerProbe probe;
        try {
            probe = PeerProbe.probe(peer, security, identity.nodeName(), timeout);
        } catch (IOException | RuntimeException e) {
            return RemoteProbe.failed("The agent at " + address + " cannot be probed: " + e.getMessage());
        }
        if (probe.certificate() == null) {
            return RemoteProbe.failed(probe.failure());
        }
        String fingerprint = probe.certificate().toString();
        if (probe.status() != null) {
            if (probe.status().protocolVersion() != NodeStatus.PROTOCOL_VERSION) {
                return RemoteProbe.failed("The agent at " + address + " (" + probe.status().nodeName() + ", Mirrorline "
                        + probe.status().softwareVersion() + ") speaks protocol version "
                        + probe.status().protocolVersion() + ", this console version " + NodeStatus.PROTOCOL_VERSION
                        + ": upgrade the older one");
            }
            return new RemoteProbe(Optional.empty(), fingerprint, probe.status().nodeName(), true);
        }
        if (probe.refusedThisNode()) {
            return new RemoteProbe(Optional.empty(), fingerprint, null, false);
        }
        return RemoteProbe.failed("The peer at " + address + " presented a certificate but is not a Mirrorline"
                + " agent: " + probe.failure());
    }

    private Optional<String> pairUsing(Path image) {
        List<PairSpec> specs = new ArrayList<>(recorded.keySet());
        pairs.values().forEach(pair -> specs.add(pair.spec()));
        for (PairSpec spec : specs) {
            if (spec.primaryImage().toAbsolutePath().normalize().equals(image)) {
                return Optional.of(spec.name());
            }
            if (spec.secondary() instanceof PairSpec.LocalSecondary local
                    && local.image().toAbsolutePath().normalize().equals(image)) {
                return Optional.of(spec.name());
            }
        }
        return Optional.empty();
    }

    private long sizeOf(Path image) throws IOException {
        try (var file = storage.open(image, Storage.Access.READ_ONLY)) {
            return file.size();
        }
    }

    /**
     * Creates a pair (and the images it is asked to create), records it, and starts it.
     *
     * @param spec the settings
     * @return the running pair
     * @throws IllegalArgumentException if {@link #problemWith} finds a problem (its message)
     * @throws IOException if an image or the pair's state cannot be created
     */
    public synchronized Pair createPair(PairSpec spec) throws IOException {
        Optional<String> problem = problemWith(spec);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        Path primaryImage = spec.primaryImage().toAbsolutePath().normalize();
        Path pairDirectory = stateDirectory.resolve("pairs").resolve(spec.name());
        long size = spec.createPrimaryBytes() > 0 ? spec.createPrimaryBytes() : sizeOf(primaryImage);
        noteVolumes(spec);
        if (spec.createPrimaryBytes() > 0) {
            createImage(primaryImage, size, pairDirectory.resolve("primary-volume"));
        }
        PairSpec.SecondaryLocation secondary = spec.secondary();
        // volumes that held data before the pair was made may differ: the secondary gets a full copy first
        boolean copyInFull = spec.createPrimaryBytes() == 0
                || secondary instanceof PairSpec.LocalSecondary existing && !existing.create();
        if (secondary instanceof PairSpec.LocalSecondary local) {
            Path secondaryImage = local.image().toAbsolutePath().normalize();
            if (local.create()) {
                createImage(secondaryImage, size, pairDirectory.resolve("secondary-volume"));
            }
            secondary = new PairSpec.LocalSecondary(secondaryImage, false);
            pins.pin(spec.name(), identity.fingerprint()); // both ends are this node
        } else if (secondary instanceof PairSpec.RemoteSecondary remote) {
            pins.pin(spec.name(), CertificateFingerprint.parse(remote.peerFingerprint()));
        }
        PairSpec recorded = new PairSpec(spec.name(), primaryImage, 0, secondary, spec.mode(),
                spec.inFlightWindowBytes(), spec.chunkSize(), spec.linkTimeout(), spec.resyncBytesPerSecond());
        PairSpecFile.write(storage, pairDirectory, recorded);
        noteVolumes(recorded);
        Pair pair = Pair.start(context, recorded, pairDirectory, security, copyInFull);
        pairs.put(recorded.name(), pair);
        nbdExports.export(pair);
        exportFollowingRoles(pair);
        return pair;
    }

    /**
     * Exports a pair's volumes again whenever its roles change: the primary export serves the
     * volume that is the primary now, read-only while it is demoted; clients of the old one are
     * disconnected; stopped exports stay stopped.
     */
    private void exportFollowingRoles(Pair pair) {
        pair.addRolesListener(() -> nbdExports.reexport(pair));
    }

    private void createImage(Path image, long size, Path volumeState) throws IOException {
        storage.createDirectories(image.getParent());
        Volume.create(context, image, VolumeGeometry.ofSize(size), volumeState).close();
    }

    /**
     * Creates and starts the demo pair if this node has no pairs: two 64 MiB images under the state
     * directory, the secondary served on loopback, with the write load running.
     *
     * @return the demo pair, or empty if the node already had pairs
     * @throws IOException if it cannot be created
     */
    public synchronized Optional<Pair> createDemoPairIfNone() throws IOException {
        if (!pairs.isEmpty() || !failedPairs.isEmpty() || !recorded.isEmpty()) {
            return Optional.empty();
        }
        Path volumes = stateDirectory.resolve("volumes");
        Pair demo = createPair(new PairSpec(DEMO_PAIR, volumes.resolve("demo-primary.img"), DEMO_SIZE,
                new PairSpec.LocalSecondary(volumes.resolve("demo-secondary.img"), true), ReplicationMode.ASYNCHRONOUS,
                DEFAULT_WINDOW_BYTES, DEFAULT_CHUNK_SIZE, DEFAULT_LINK_TIMEOUT));
        demo.startLoad();
        return Optional.of(demo);
    }

    /**
     * Stops a pair and forgets it. Its volumes are kept unless asked.
     *
     * @param name the pair
     * @param deleteVolumes whether to delete its image files too
     * @throws IOException if its files cannot be removed
     */
    public synchronized void deletePair(String name, boolean deleteVolumes) throws IOException {
        Pair pair = pairs.remove(name);
        Path pairDirectory = stateDirectory.resolve("pairs").resolve(name);
        List<Path> images = new ArrayList<>();
        nbdExports.unexport(name); // its clients are gone before its volumes close
        if (pair != null) {
            images.add(pair.spec().primaryImage());
            if (pair.spec().secondary() instanceof PairSpec.LocalSecondary local) {
                images.add(local.image());
            }
            pair.close();
        }
        volumePairs.values().removeIf(name::equals);
        failedPairs.remove(name);
        for (CertificateFingerprint pinned : pins.pinnedFor(name)) {
            pins.unpin(name, pinned);
        }
        deleteTree(storage, pairDirectory);
        if (deleteVolumes) {
            for (Path image : images) {
                storage.deleteIfExists(image);
            }
        }
    }

    static void deleteTree(Storage storage, Path directory) throws IOException {
        if (!storage.exists(directory)) {
            return;
        }
        for (Path child : storage.list(directory)) {
            if (java.nio.file.Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(storage, child);
            } else {
                storage.deleteIfExists(child);
            }
        }
        storage.deleteIfExists(directory);
    }

    /** Stops every pair cleanly; their state stays for the next start. */
    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        nbdExports.close();
        try {
            secondaryHost.close();
        } catch (IOException e) {
            failure = e;
        }
        for (Pair pair : pairs.values()) {
            try {
                pair.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        pairs.clear();
        eventThread.shutdown();
        try {
            eventThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
