package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import dev.mirrorline.engine.storage.Storage;

/**
 * The primary's durable note that an outage is going on: which snapshots record it, how far the
 * resync of each had come, since when, and why. It is written before each outage freeze, with the
 * new snapshot's id chosen in advance, so that a primary restarted at any point finds its outage
 * again: a named snapshot that exists goes on recording; one that does not never let a write
 * through without it (a snapshot that received copies survives a crash), or was deleted at the end
 * of the resync. If none exists, there is nothing to resync.
 *
 * <p>The first snapshot is taken when the link goes down; another one each time the link goes
 * down again during the resync, because the chunks already resynchronised must be tracked afresh.
 *
 * @param since when the link went down
 * @param reason what failed
 * @param snapshots the outage's snapshots, oldest first
 */
record OutageRecord(Instant since, String reason, List<RecordedSnapshot> snapshots) {

    private static final String FILE = "primary-outage.properties";

    /**
     * One outage snapshot and how far its changed chunks were resynchronised.
     *
     * @param id the snapshot's id
     * @param resyncedThrough every changed chunk of this snapshot at or below this index was sent to
     *        the secondary after the snapshot was taken and acknowledged; -1 for none
     */
    record RecordedSnapshot(UUID id, long resyncedThrough) {
    }

    /** Copies the list. */
    OutageRecord {
        snapshots = List.copyOf(snapshots);
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("An outage has at least one snapshot");
        }
    }

    /** The record of an outage that just began, with its first snapshot. */
    OutageRecord(UUID snapshotId, Instant since, String reason) {
        this(since, reason, List.of(new RecordedSnapshot(snapshotId, -1)));
    }

    /** @return this record with one more snapshot, taken now, that nothing was resynchronised from */
    OutageRecord withSnapshot(UUID snapshotId) {
        List<RecordedSnapshot> more = new ArrayList<>(snapshots);
        more.add(new RecordedSnapshot(snapshotId, -1));
        return new OutageRecord(since, reason, more);
    }

    static Optional<OutageRecord> read(Storage storage, Path stateDirectory) throws IOException {
        Path file = stateDirectory.resolve(FILE);
        if (!storage.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        properties.load(new java.io.StringReader(new String(storage.readAll(file), StandardCharsets.UTF_8)));
        try {
            List<RecordedSnapshot> snapshots = new ArrayList<>();
            for (String entry : properties.getProperty("snapshots").split(",")) {
                String[] parts = entry.trim().split("@");
                snapshots.add(new RecordedSnapshot(UUID.fromString(parts[0]), Long.parseLong(parts[1])));
            }
            return Optional.of(new OutageRecord(Instant.ofEpochMilli(Long.parseLong(properties.getProperty("since"))),
                    properties.getProperty("reason", ""), snapshots));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: the primary cannot tell whether an outage is going on", e);
        }
    }

    void write(Storage storage, Path stateDirectory) throws IOException {
        Properties properties = new Properties();
        StringBuilder snapshotList = new StringBuilder();
        for (RecordedSnapshot snapshot : snapshots) {
            if (snapshotList.length() > 0) {
                snapshotList.append(',');
            }
            snapshotList.append(snapshot.id()).append('@').append(snapshot.resyncedThrough());
        }
        properties.setProperty("snapshots", snapshotList.toString());
        properties.setProperty("since", Long.toString(since.toEpochMilli()));
        properties.setProperty("reason", reason);
        java.io.StringWriter text = new java.io.StringWriter();
        properties.store(text, "Mirrorline primary: an outage is going on (snapshot id@last chunk resynchronised)");
        storage.createDirectories(stateDirectory);
        storage.writeAtomically(stateDirectory.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void delete(Storage storage, Path stateDirectory) throws IOException {
        storage.deleteIfExists(stateDirectory.resolve(FILE));
        storage.forceDirectory(stateDirectory);
    }
}
