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
 * <p>A primary restarted after a crash adds the regions its {@link ActivityLog} held hot: the
 * volumes may differ there (writes half done, or lost with the primary's cache), so the resync sends
 * their chunks as they are on the primary, like changed chunks.
 *
 * @param since when the link went down
 * @param reason what failed
 * @param snapshots the outage's snapshots, oldest first
 * @param hotRanges the byte ranges that were hot in the activity log at a crash of the primary
 * @param hotResyncedThrough every chunk of {@code hotRanges} at or below this index was sent to the
 *        secondary after the crash and acknowledged; -1 for none
 */
record OutageRecord(Instant since, String reason, List<RecordedSnapshot> snapshots, List<ByteRange> hotRanges,
        long hotResyncedThrough) {

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

    /**
     * A range of the volume's bytes.
     *
     * @param offset where it starts
     * @param length how long it is
     */
    record ByteRange(long offset, long length) {
    }

    /** Copies the lists. */
    OutageRecord {
        snapshots = List.copyOf(snapshots);
        hotRanges = List.copyOf(hotRanges);
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("An outage has at least one snapshot");
        }
    }

    /** A record without hot regions. */
    OutageRecord(Instant since, String reason, List<RecordedSnapshot> snapshots) {
        this(since, reason, snapshots, List.of(), -1);
    }

    /** The record of an outage that just began, with its first snapshot. */
    OutageRecord(UUID snapshotId, Instant since, String reason) {
        this(since, reason, List.of(new RecordedSnapshot(snapshotId, -1)));
    }

    /** @return this record with one more snapshot, taken now, that nothing was resynchronised from */
    OutageRecord withSnapshot(UUID snapshotId) {
        List<RecordedSnapshot> more = new ArrayList<>(snapshots);
        more.add(new RecordedSnapshot(snapshotId, -1));
        return new OutageRecord(since, reason, more, hotRanges, hotResyncedThrough);
    }

    /**
     * @param ranges more ranges that were hot at a crash
     * @return this record with them added; their chunks are all to be resynchronised again
     */
    OutageRecord withHotRanges(List<ByteRange> ranges) {
        List<ByteRange> more = new ArrayList<>(hotRanges);
        more.addAll(ranges);
        return new OutageRecord(since, reason, snapshots, more, -1);
    }

    /**
     * @param snapshotsAdvanced the snapshots with their new resynchronised points
     * @param hotThrough the new resynchronised point of the hot ranges
     * @return this record so advanced
     */
    OutageRecord advanced(List<RecordedSnapshot> snapshotsAdvanced, long hotThrough) {
        return new OutageRecord(since, reason, snapshotsAdvanced, hotRanges, Math.max(hotResyncedThrough, hotThrough));
    }

    /**
     * @param chunkSize the outage's chunk size
     * @return the chunks of the hot ranges not yet resynchronised
     */
    dev.mirrorline.engine.volume.ChangedChunks hotChunksLeft(int chunkSize) {
        dev.mirrorline.engine.volume.ChangedChunks chunks = dev.mirrorline.engine.volume.ChangedChunks.none(chunkSize);
        for (ByteRange range : hotRanges) {
            chunks = chunks.union(dev.mirrorline.engine.volume.ChangedChunks.range(range.offset() / chunkSize,
                    (range.offset() + range.length() - 1) / chunkSize, chunkSize));
        }
        return chunks.after(hotResyncedThrough);
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
            List<ByteRange> hot = new ArrayList<>();
            String hotList = properties.getProperty("hot-ranges", "").trim();
            if (!hotList.isEmpty()) {
                for (String entry : hotList.split(",")) {
                    String[] parts = entry.trim().split("\\+");
                    hot.add(new ByteRange(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
                }
            }
            return Optional.of(new OutageRecord(Instant.ofEpochMilli(Long.parseLong(properties.getProperty("since"))),
                    properties.getProperty("reason", ""), snapshots, hot,
                    Long.parseLong(properties.getProperty("hot-resynced-through", "-1"))));
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
        StringBuilder hotList = new StringBuilder();
        for (ByteRange range : hotRanges) {
            if (hotList.length() > 0) {
                hotList.append(',');
            }
            hotList.append(range.offset()).append('+').append(range.length());
        }
        properties.setProperty("hot-ranges", hotList.toString());
        properties.setProperty("hot-resynced-through", Long.toString(hotResyncedThrough));
        properties.setProperty("since", Long.toString(since.toEpochMilli()));
        properties.setProperty("reason", reason);
        java.io.StringWriter text = new java.io.StringWriter();
        properties.store(text, "Mirrorline primary: an outage is going on (snapshot id@last chunk resynchronised;"
                + " hot ranges offset+length at a crash)");
        storage.createDirectories(stateDirectory);
        storage.writeAtomically(stateDirectory.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void delete(Storage storage, Path stateDirectory) throws IOException {
        storage.deleteIfExists(stateDirectory.resolve(FILE));
        storage.forceDirectory(stateDirectory);
    }
}
