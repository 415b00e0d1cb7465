package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import dev.mirrorline.engine.storage.Storage;

/**
 * The primary's durable note that an outage began: which snapshot records it, since when, and
 * why. It is written before the outage freeze, with the snapshot's id chosen in advance, so that
 * a primary restarted at any point finds its outage again: if the named snapshot exists, the
 * outage goes on; if not, the freeze never let a write through without it (a snapshot that
 * received copies survives a crash), so there was nothing to resync.
 *
 * @param snapshotId the outage snapshot's id
 * @param since when the link went down
 * @param reason what failed
 */
record OutageRecord(UUID snapshotId, Instant since, String reason) {

    private static final String FILE = "primary-outage.properties";

    static Optional<OutageRecord> read(Storage storage, Path stateDirectory) throws IOException {
        Path file = stateDirectory.resolve(FILE);
        if (!storage.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        properties.load(new java.io.StringReader(new String(storage.readAll(file), StandardCharsets.UTF_8)));
        try {
            return Optional.of(new OutageRecord(UUID.fromString(properties.getProperty("snapshot")),
                    Instant.ofEpochMilli(Long.parseLong(properties.getProperty("since"))),
                    properties.getProperty("reason", "")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: the primary cannot tell whether an outage is going on", e);
        }
    }

    void write(Storage storage, Path stateDirectory) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("snapshot", snapshotId.toString());
        properties.setProperty("since", Long.toString(since.toEpochMilli()));
        properties.setProperty("reason", reason);
        java.io.StringWriter text = new java.io.StringWriter();
        properties.store(text, "Mirrorline primary: an outage is going on");
        storage.createDirectories(stateDirectory);
        storage.writeAtomically(stateDirectory.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void delete(Storage storage, Path stateDirectory) throws IOException {
        storage.deleteIfExists(stateDirectory.resolve(FILE));
        storage.forceDirectory(stateDirectory);
    }
}
