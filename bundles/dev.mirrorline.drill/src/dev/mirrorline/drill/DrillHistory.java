package dev.mirrorline.drill;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The drills a node ran, kept under its state directory ({@code drills/<id>/}): each drill's
 * summary ({@code summary.properties}), its HTML report ({@code report.html}) and its work files.
 * While a drill runs, {@code in-progress.properties} names its pair and the snapshots it took, so
 * that a node restarted in the middle can clean up after it. Readable after a restart.
 */
public final class DrillHistory {

    /** The report's file name in a drill's directory. */
    public static final String REPORT_FILE = "report.html";
    static final String SUMMARY_FILE = "summary.properties";
    static final String IN_PROGRESS_FILE = "in-progress.properties";

    private final Path directory;

    /**
     * @param directory where the drills are kept (created when the first drill runs)
     */
    public DrillHistory(Path directory) {
        this.directory = directory;
    }

    /** @return where the drills are kept */
    public Path directory() {
        return directory;
    }

    /**
     * @return every drill that ended (or was interrupted), newest first
     * @throws IOException if the directory cannot be read
     */
    public List<DrillSummary> list() throws IOException {
        List<DrillSummary> summaries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return summaries;
        }
        try (Stream<Path> children = Files.list(directory)) {
            for (Path child : children.toList()) {
                Path file = child.resolve(SUMMARY_FILE);
                if (Files.isRegularFile(file)) {
                    summaries.add(read(child.getFileName().toString(), file));
                }
            }
        }
        summaries.sort(Comparator.comparing(DrillSummary::started).thenComparing(DrillSummary::id).reversed());
        return summaries;
    }

    /**
     * @param id a drill's id
     * @return its summary, if it ended
     * @throws IOException if it cannot be read
     */
    public Optional<DrillSummary> find(String id) throws IOException {
        Path file = directory.resolve(id).resolve(SUMMARY_FILE);
        return Files.isRegularFile(file) ? Optional.of(read(id, file)) : Optional.empty();
    }

    private DrillSummary read(String id, Path file) throws IOException {
        Properties properties = load(file);
        try {
            Map<String, Double> measurements = new LinkedHashMap<>();
            for (String name : new TreeSet<>(properties.stringPropertyNames())) {
                if (name.startsWith("measurement.")) {
                    measurements.put(name.substring("measurement.".length()),
                            Double.parseDouble(properties.getProperty(name)));
                }
            }
            return new DrillSummary(id, properties.getProperty("scenario"), properties.getProperty("title"),
                    properties.getProperty("pair"), Instant.parse(properties.getProperty("started")),
                    Instant.parse(properties.getProperty("finished")),
                    DrillOutcome.valueOf(properties.getProperty("outcome")), properties.getProperty("reason", ""),
                    measurements, file.resolveSibling(REPORT_FILE));
        } catch (RuntimeException e) {
            throw new IOException("The drill summary " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Creates a new drill's directory. */
    Path create(String id) throws IOException {
        Path drill = directory.resolve(id);
        Files.createDirectories(drill);
        return drill;
    }

    /** Notes that a drill runs on a pair, with the snapshots it took so far. */
    void noteInProgress(String id, String pair, Set<String> snapshotIds) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("pair", pair);
        properties.setProperty("snapshots", String.join(",", new TreeSet<>(snapshotIds)));
        store(directory.resolve(id).resolve(IN_PROGRESS_FILE), properties, "A drill is running");
    }

    /**
     * Keeps a drill's summary and report; it is no longer in progress.
     *
     * @param result the drill's result
     * @param html its report
     * @throws IOException if they cannot be written
     */
    void record(DrillResult result, String html) throws IOException {
        Path drill = directory.resolve(result.id());
        Files.createDirectories(drill);
        writeAtomically(drill.resolve(REPORT_FILE), html.getBytes(StandardCharsets.UTF_8));
        Properties properties = new Properties();
        properties.setProperty("scenario", result.scenarioId());
        properties.setProperty("title", result.scenarioTitle());
        properties.setProperty("pair", result.pair());
        properties.setProperty("started", result.started().toString());
        properties.setProperty("finished", result.finished().toString());
        properties.setProperty("outcome", result.outcome().name());
        properties.setProperty("reason", result.reason());
        for (Measurement measurement : result.measurements()) {
            properties.setProperty("measurement." + measurement.key(), Double.toString(measurement.value()));
        }
        store(drill.resolve(SUMMARY_FILE), properties, "Mirrorline drill " + result.id());
        Files.deleteIfExists(drill.resolve(IN_PROGRESS_FILE));
    }

    /**
     * A drill the node stopped in the middle of: its pair and the snapshots it had taken.
     *
     * @param id the drill's id
     * @param pair its pair
     * @param snapshotIds the snapshots it noted
     */
    record Interrupted(String id, String pair, Set<String> snapshotIds) {
    }

    /** @return the drills in progress when the node last stopped */
    List<Interrupted> interrupted() throws IOException {
        List<Interrupted> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (Stream<Path> children = Files.list(directory)) {
            for (Path child : children.toList()) {
                Path file = child.resolve(IN_PROGRESS_FILE);
                if (Files.isRegularFile(file) && !Files.exists(child.resolve(SUMMARY_FILE))) {
                    Properties properties = load(file);
                    String snapshots = properties.getProperty("snapshots", "");
                    found.add(new Interrupted(child.getFileName().toString(), properties.getProperty("pair", ""),
                            snapshots.isBlank() ? Set.of() : Set.of(snapshots.split(","))));
                }
            }
        }
        return found;
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return properties;
    }

    private static void store(Path file, Properties properties, String comment) throws IOException {
        StringWriter text = new StringWriter();
        properties.store(text, comment);
        writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, bytes);
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
