package dev.mirrorline.engine.volume;

import java.util.UUID;

/** What a snapshot's exception table records about the snapshot itself. */
record SnapshotHeader(UUID id, int chunkSize, long volumeSize, long createdAtEpochMillis) {
}
