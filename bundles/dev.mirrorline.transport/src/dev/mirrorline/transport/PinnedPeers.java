package dev.mirrorline.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The peer certificates this node trusts, pair by pair: pairing pins the peer's certificate
 * fingerprint for the pair, and from then on a connection for the pair succeeds only with a peer
 * that shows a pinned certificate. There is no certificate authority.
 *
 * <p>Kept in a small text file (one {@code pair-id TAB fingerprint} line per pin), replaced
 * atomically at every change; changes apply to the next handshake.
 */
public final class PinnedPeers {

    private final Path file;
    private final Map<String, Set<CertificateFingerprint>> pins = new LinkedHashMap<>();

    private PinnedPeers(Path file) {
        this.file = file;
    }

    /**
     * Opens the pins kept in a file; a missing file holds none (it is created at the first pin).
     *
     * @param file the file
     * @return the pins
     * @throws IOException if the file cannot be read, or a line of it is not a pin (the message
     *         names the line)
     */
    public static PinnedPeers open(Path file) throws IOException {
        PinnedPeers peers = new PinnedPeers(file);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int number = 1; number <= lines.size(); number++) {
                String line = lines.get(number - 1);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                try {
                    if (tab <= 0) {
                        throw new IllegalArgumentException("it is not 'pair-id<TAB>fingerprint'");
                    }
                    peers.pins.computeIfAbsent(line.substring(0, tab), pair -> new LinkedHashSet<>())
                            .add(CertificateFingerprint.parse(line.substring(tab + 1)));
                } catch (IllegalArgumentException e) {
                    throw new IOException("Line " + number + " of the pinned peers " + file + " is damaged: "
                            + e.getMessage(), e);
                }
            }
        }
        return peers;
    }

    /**
     * Pins a peer's certificate for a pair, beside any already pinned for it, and writes the file.
     *
     * @param pairId the pair
     * @param fingerprint the peer certificate's fingerprint
     * @throws IOException if the file cannot be written; the pin is then not made
     * @throws IllegalArgumentException if the pair id is empty or holds a tab or a line break
     */
    public synchronized void pin(String pairId, CertificateFingerprint fingerprint) throws IOException {
        checkPairId(pairId);
        Set<CertificateFingerprint> pinned = pins.computeIfAbsent(pairId, pair -> new LinkedHashSet<>());
        if (pinned.add(fingerprint)) {
            try {
                save();
            } catch (IOException e) {
                pinned.remove(fingerprint);
                throw e;
            }
        }
    }

    /**
     * Removes a pin and writes the file.
     *
     * @param pairId the pair
     * @param fingerprint the certificate no longer trusted for it
     * @return whether it was pinned
     * @throws IOException if the file cannot be written; the pin then stays
     */
    public synchronized boolean unpin(String pairId, CertificateFingerprint fingerprint) throws IOException {
        Set<CertificateFingerprint> pinned = pins.get(pairId);
        if (pinned == null || !pinned.remove(fingerprint)) {
            return false;
        }
        try {
            save();
        } catch (IOException e) {
            pinned.add(fingerprint);
            throw e;
        }
        return true;
    }

    /**
     * @param pairId a pair
     * @return the certificates pinned for it (empty if none)
     */
    public synchronized Set<CertificateFingerprint> pinnedFor(String pairId) {
        return Set.copyOf(pins.getOrDefault(pairId, Set.of()));
    }

    /**
     * @param fingerprint a certificate's fingerprint
     * @return the pairs it is pinned for, in the order they were pinned (empty if none)
     */
    public synchronized List<String> pairsOf(CertificateFingerprint fingerprint) {
        List<String> pairs = new ArrayList<>();
        pins.forEach((pair, pinned) -> {
            if (pinned.contains(fingerprint)) {
                pairs.add(pair);
            }
        });
        return pairs;
    }

    /**
     * @param fingerprint a certificate's fingerprint
     * @return whether it is pinned for at least one pair
     */
    public boolean isPinned(CertificateFingerprint fingerprint) {
        return !pairsOf(fingerprint).isEmpty();
    }

    /** @return the file the pins are kept in */
    public Path file() {
        return file;
    }

    static Optional<String> pairIdProblem(String pairId) {
        if (pairId == null || pairId.isEmpty()) {
            return Optional.of("A pair id must not be empty");
        }
        if (pairId.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
            return Optional.of("A pair id must not hold tabs or line breaks: '" + pairId.strip() + "'");
        }
        return Optional.empty();
    }

    private static void checkPairId(String pairId) {
        pairIdProblem(pairId).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    private void save() throws IOException {
        StringBuilder text = new StringBuilder("# Mirrorline pinned peer certificates: pair id, TAB, SHA-256 fingerprint\n");
        pins.forEach((pair, pinned) -> pinned.forEach(fingerprint -> text.append(pair).append('\t')
                .append(fingerprint).append('\n')));
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8), false);
    }
}
