package dev.mirrorline.node;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.volume.Volume;
import dev.mirrorline.transport.CertificateFingerprint;
import dev.mirrorline.transport.NodeServer;
import dev.mirrorline.transport.NodeStatus;
import dev.mirrorline.transport.PairingTokens;
import dev.mirrorline.transport.PinnedPeers;
import dev.mirrorline.transport.SecondaryReplicationService;
import dev.mirrorline.transport.SecondaryRouter;
import dev.mirrorline.transport.TransportSecurity;

/**
 * The secondary volumes a node serves to primaries on other hosts (what an agent does): each is
 * recorded under {@code secondaries/<pair>/} with its image and chunk size, opened when the node
 * starts, and served on the one address the node {@linkplain #listen listens} on, where each
 * replication stream goes to the secondary of the pair its Hello names.
 *
 * <p>A primary may replicate to a secondary once its certificate is pinned for the pair: it
 * presents a one-time {@linkplain #issuePairingToken pairing token} issued here, or the
 * administrator pins its fingerprint ({@link #pinPrimary}).
 */
public final class SecondaryHost implements AutoCloseable {

    /** The file, in a secondary's directory, that records it. */
    static final String FILE = "secondary.properties";

    /**
     * What a hosted secondary is made of.
     *
     * @param pairId the pair, as its primary names it
     * @param image the secondary volume's image file or block device
     * @param createBytes the size of a new image to create, or 0 to use an existing one
     * @param chunkSize the pair's chunk size; must be the primary's
     */
    public record Spec(String pairId, Path image, long createBytes, int chunkSize) {
    }

    /**
     * A secondary volume this node serves.
     *
     * @param pairId the pair
     * @param image the volume's image
     * @param sizeBytes the volume's size
     * @param chunkSize the pair's chunk size
     * @param lastAppliedSequence the newest update applied from the primary
     * @param primaries the fingerprints of the primaries pinned for the pair
     */
    public record Hosted(String pairId, Path image, long sizeBytes, int chunkSize, long lastAppliedSequence,
            List<String> primaries) {
    }

    /** An open secondary: its volume and applier. */
    private record Open(Spec spec, Volume volume, SecondaryApplier applier) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            volume.close();
        }
    }

    private final EngineContext context;
    private final Storage storage;
    private final Path directory;
    private final TransportSecurity security;
    private final PinnedPeers pins;
    private final PairingTokens tokens;
    private final SecondaryRouter router = new SecondaryRouter();
    private final Map<String, Open> secondaries = new LinkedHashMap<>();
    private final Map<String, String> failed = new LinkedHashMap<>();
    private NodeServer server;
    private InetSocketAddress address;

    SecondaryHost(EngineContext context, Path directory, TransportSecurity security, PinnedPeers pins,
            PairingTokens tokens) throws IOException {
        this.context = context;
        this.storage = context.storage();
        this.directory = directory;
        this.security = tokens == null ? security : security.withPairingTokens(tokens);
        this.pins = pins;
        this.tokens = tokens;
        storage.createDirectories(directory);
    }

    /** Opens every secondary recorded under the directory; one that cannot open is listed by {@link #failed()}. */
    synchronized void openRecorded() {
        try {
            for (Path recorded : storage.list(directory)) {
                String pairId = recorded.getFileName().toString();
                try {
                    open(read(recorded));
                } catch (IOException | RuntimeException e) {
                    failed.put(pairId, e.getMessage() != null ? e.getMessage() : e.toString());
                }
            }
        } catch (IOException e) {
            failed.put(directory.toString(), "cannot list the hosted secondaries: " + e.getMessage());
        }
    }

    /**
     * Starts serving the secondaries on an address (once).
     *
     * @param bindAddress where to listen; port 0 picks a free port
     * @return the address it listens on
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if it listens already
     */
    public synchronized InetSocketAddress listen(InetSocketAddress bindAddress) throws IOException {
        if (server != null) {
            throw new IllegalStateException("The node listens already on " + address);
        }
        server = NodeServer.start(bindAddress, new NodeStatus("agent serving " + secondaries.size()
                + " secondaries", NodeStatus.SOFTWARE_VERSION, NodeStatus.PROTOCOL_VERSION, Instant.now()), security,
                router);
        address = new InetSocketAddress(bindAddress.getAddress(), server.port());
        return address;
    }

    /** @return where the secondaries are served, if the node listens */
    public synchronized Optional<InetSocketAddress> address() {
        return Optional.ofNullable(address);
    }

    /**
     * Says what is wrong with a secondary to host, in words an administrator can act on.
     *
     * @param spec the secondary
     * @return the first problem, or empty if it can be hosted
     */
    public synchronized Optional<String> problemWith(Spec spec) {
        if (spec.pairId() == null || !MirrorlineNode.isValidPairName(spec.pairId())) {
            return Optional.of("A pair name has letters, digits, '.', '-' and '_' only, starts with a letter or"
                    + " digit, and has at most 64 characters: '" + spec.pairId() + "' is not one");
        }
        if (secondaries.containsKey(spec.pairId()) || failed.containsKey(spec.pairId())) {
            return Optional.of("This node hosts the secondary of " + spec.pairId() + " already");
        }
        if (spec.image() == null) {
            return Optional.of("Choose the secondary volume: an image file or a block device");
        }
        Path image = spec.image().toAbsolutePath().normalize();
        for (Open open : secondaries.values()) {
            if (open.spec().image().equals(image)) {
                return Optional.of(image + " is the secondary of " + open.spec().pairId() + " already");
            }
        }
        if (spec.chunkSize() < VolumeGeometry.DEFAULT_BLOCK_SIZE || Integer.bitCount(spec.chunkSize()) != 1) {
            return Optional.of("The chunk size must be a power of two of at least 4096 bytes, not " + spec.chunkSize());
        }
        if (spec.createBytes() > 0) {
            if (storage.exists(image)) {
                return Optional.of(image + " exists already: use it as an existing volume, or name a new image");
            }
            if (spec.createBytes() % VolumeGeometry.DEFAULT_BLOCK_SIZE != 0) {
                return Optional.of("The size of a new volume must be a multiple of 4 KiB");
            }
        } else if (!storage.exists(image)) {
            return Optional.of("The secondary volume " + image + " does not exist");
        }
        return Optional.empty();
    }

    /**
     * Hosts a new secondary (creating its image if asked) and serves it at once.
     *
     * @param spec the secondary
     * @return what is hosted
     * @throws IllegalArgumentException if {@link #problemWith} finds a problem (its message)
     * @throws IOException if the image cannot be created or opened, or the record written
     */
    public synchronized Hosted host(Spec spec) throws IOException {
        Optional<String> problem = problemWith(spec);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        Path image = spec.image().toAbsolutePath().normalize();
        Path secondaryDirectory = directory.resolve(spec.pairId());
        storage.createDirectories(secondaryDirectory);
        if (spec.createBytes() > 0) {
            storage.createDirectories(image.getParent());
            Volume.create(context, image, VolumeGeometry.ofSize(spec.createBytes()),
                    secondaryDirectory.resolve("volume")).close();
        }
        Spec recorded = new Spec(spec.pairId(), image, 0, spec.chunkSize());
        write(secondaryDirectory, recorded);
        open(recorded);
        return describe(secondaries.get(spec.pairId()));
    }

    private void open(Spec spec) throws IOException {
        Path secondaryDirectory = directory.resolve(spec.pairId());
        Volume volume = Volume.open(context, spec.image(), VolumeGeometry.DEFAULT_BLOCK_SIZE,
                secondaryDirectory.resolve("volume"));
        try {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, secondaryDirectory.resolve("replication"));
            PairHandshake expected = new PairHandshake(spec.pairId(), volume.geometry(), spec.chunkSize(),
                    PairHandshake.PROTOCOL_VERSION);
            router.add(spec.pairId(), new SecondaryReplicationService(expected, applier));
            secondaries.put(spec.pairId(), new Open(spec, volume, applier));
        } catch (IOException | RuntimeException e) {
            volume.close();
            throw e;
        }
    }

    /**
     * Stops hosting a secondary; its image is kept unless asked.
     *
     * @param pairId the pair
     * @param deleteVolume whether to delete the image file too
     * @return whether it was hosted
     * @throws IOException if its files cannot be removed
     */
    public synchronized boolean remove(String pairId, boolean deleteVolume) throws IOException {
        router.remove(pairId);
        failed.remove(pairId);
        Open open = secondaries.remove(pairId);
        Path secondaryDirectory = directory.resolve(pairId);
        boolean hosted = open != null || storage.exists(secondaryDirectory);
        if (open != null) {
            open.close();
            if (deleteVolume) {
                storage.deleteIfExists(open.spec().image());
            }
        }
        MirrorlineNode.deleteTree(storage, secondaryDirectory);
        return hosted;
    }

    /** @return the secondaries served, in the order they were added */
    public synchronized List<Hosted> secondaries() {
        List<Hosted> hosted = new ArrayList<>();
        for (Open open : secondaries.values()) {
            hosted.add(describe(open));
        }
        return hosted;
    }

    /** @return recorded secondaries that could not be opened, with why */
    public synchronized Map<String, String> failed() {
        return Map.copyOf(failed);
    }

    private Hosted describe(Open open) {
        List<String> primaries = new ArrayList<>();
        if (pins != null) {
            pins.pinnedFor(open.spec().pairId()).forEach(pin -> primaries.add(pin.toString()));
        }
        return new Hosted(open.spec().pairId(), open.spec().image(), open.volume().geometry().sizeBytes(),
                open.spec().chunkSize(), open.applier().lastAppliedSequence(), List.copyOf(primaries));
    }

    /**
     * Issues a one-time token with which a primary pairs with a hosted secondary: the primary
     * presents it once over TLS, and its certificate is pinned for the pair.
     *
     * @param pairId the pair
     * @param validity how long the token can be used
     * @return the token's text, to give to the primary's administrator
     * @throws IllegalArgumentException if the pair is not hosted here
     * @throws IllegalStateException if the node runs without TLS
     */
    public synchronized String issuePairingToken(String pairId, Duration validity) {
        if (!secondaries.containsKey(pairId)) {
            throw new IllegalArgumentException("This node hosts no secondary for " + pairId);
        }
        if (tokens == null) {
            throw new IllegalStateException("Pairing tokens need mutual TLS; this node runs plaintext");
        }
        return tokens.issue(pairId, validity);
    }

    /**
     * Trusts a primary for a hosted pair by its certificate fingerprint, as its administrator read
     * it out (instead of a pairing token).
     *
     * @param pairId the pair
     * @param fingerprint the primary's certificate fingerprint
     * @throws IOException if the pin cannot be recorded
     * @throws IllegalArgumentException if the pair is not hosted here or the fingerprint is not one
     */
    public synchronized void pinPrimary(String pairId, String fingerprint) throws IOException {
        if (!secondaries.containsKey(pairId)) {
            throw new IllegalArgumentException("This node hosts no secondary for " + pairId);
        }
        if (pins == null) {
            throw new IllegalStateException("Pins need mutual TLS; this node runs plaintext");
        }
        pins.pin(pairId, CertificateFingerprint.parse(fingerprint));
    }

    private void write(Path secondaryDirectory, Spec spec) throws IOException {
        String text = "# A secondary volume this node serves to its primary\n"
                + "pair=" + escape(spec.pairId()) + "\n"
                + "image=" + escape(spec.image().toString()) + "\n"
                + "chunk.size=" + spec.chunkSize() + "\n";
        storage.writeAtomically(secondaryDirectory.resolve(FILE), text.getBytes(StandardCharsets.UTF_8));
    }

    private Spec read(Path secondaryDirectory) throws IOException {
        Path file = secondaryDirectory.resolve(FILE);
        Properties properties = new Properties();
        properties.load(new StringReader(new String(storage.readAll(file), StandardCharsets.UTF_8)));
        try {
            return new Spec(required(properties, "pair", file), Path.of(required(properties, "image", file)), 0,
                    Integer.parseInt(required(properties, "chunk.size", file)));
        } catch (NumberFormatException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String key, Path file) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException(file + " is damaged: it has no " + key);
        }
        return value;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:");
    }

    /** Stops serving and closes the volumes; their state stays for the next start. */
    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        IOException failure = null;
        for (Open open : secondaries.values()) {
            try {
                open.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        secondaries.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
