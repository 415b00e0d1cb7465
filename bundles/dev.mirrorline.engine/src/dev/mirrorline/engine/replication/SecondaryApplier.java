package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.volume.Snapshot;
import dev.mirrorline.engine.volume.Volume;

/**
 * Applies replicated writes to the secondary volume in sequence order and remembers, durably, the
 * highest sequence number applied: that number is what the secondary acknowledges.
 *
 * <p>A batch is checked whole before anything of it is written: every write intact, in range and
 * in sequence. Writes the secondary already applied (resent after a reconnect) are skipped. Then
 * the writes are applied, the volume is flushed, and only then is the new sequence number
 * recorded; after a crash in between, the primary resends those writes and applying them again in
 * the same order gives the same bytes.
 *
 * <p>During a resync the volume is left as it was, the last consistent copy: what arrives (resync
 * chunks, resent and live writes) is staged in a {@link ResyncStaging} file, durable and
 * acknowledged as it comes, and written into the volume only when the primary says the secondary
 * is a copy ({@link #adopt}). A failover in the middle of a resync finds a consistent volume; a
 * crash in the middle of applying the staged writes finishes applying them at the next start.
 */
public final class SecondaryApplier {

    private static final String STATE_FILE = "secondary-applied";
    /**
     * Names the fallback snapshot an earlier version took before a resync (it wrote resync data into
     * the volume): such a resync is finished the old way.
     */
    private static final String FALLBACK_FILE = "fallback-snapshot";
    /** Holds the writes staged during a resync and, once it is complete, the generations to adopt. */
    private static final String STAGING_DIRECTORY = "resync-staging";
    private static final long MAGIC = 0x4d4c_5345_4341_5050L; // "MLSECAPP"
    private static final int STATE_SIZE = 20;

    private final Volume volume;
    private final Storage storage;
    private final Path stateDirectory;
    private final Path stateFile;
    private long lastApplied;
    private Generations generations;
    /** The writes of the resync going on, or null. */
    private ResyncStaging staging;
    /** An earlier version's fallback snapshot, of a resync that version began, or null. */
    private Snapshot fallback;
    /** Set by {@link #startNewGeneration}: no longer a secondary, until a primary's generations are adopted. */
    private boolean promoted;

    private SecondaryApplier(Volume volume, Storage storage, Path stateDirectory, long lastApplied,
            Generations generations) {
        this.volume = volume;
        this.storage = storage;
        this.stateDirectory = stateDirectory;
        this.stateFile = stateDirectory.resolve(STATE_FILE);
        this.lastApplied = lastApplied;
        this.generations = generations;
    }

    /**
     * Opens the applier of a secondary volume, with the sequence number it reached before.
     *
     * @param context storage, clock and events
     * @param volume the secondary volume, open
     * @param stateDirectory where the applier keeps its state (created if missing)
     * @return the applier
     * @throws IOException if its state cannot be read or is damaged
     */
    public static SecondaryApplier open(EngineContext context, Volume volume, Path stateDirectory) throws IOException {
        Storage storage = context.storage();
        storage.createDirectories(stateDirectory);
        Path stateFile = stateDirectory.resolve(STATE_FILE);
        long lastApplied = storage.exists(stateFile) ? decode(stateFile, storage.readAll(stateFile)) : 0;
        SecondaryApplier applier = new SecondaryApplier(volume, storage, stateDirectory, lastApplied,
                Generations.read(storage, stateDirectory).orElse(null));
        applier.fallback = findFallback(storage, stateDirectory, volume);
        applier.resumeStaging();
        return applier;
    }

    /**
     * Picks up the staging of a resync that was going on when the secondary stopped; if the primary
     * had already said it was complete, finishes applying it.
     */
    private void resumeStaging() throws IOException {
        Path directory = stateDirectory.resolve(STAGING_DIRECTORY);
        if (!storage.exists(directory.resolve(ResyncStaging.FILE))) {
            // generations left by a crash after the staged writes were applied and dropped: adopted already
            Generations.delete(storage, directory);
            return;
        }
        staging = ResyncStaging.open(storage, directory, lastApplied);
        java.util.Optional<Generations> complete = Generations.read(storage, directory);
        if (complete.isPresent()) {
            adoptStaged(complete.get());
        }
    }

    private static Snapshot findFallback(Storage storage, Path stateDirectory, Volume volume) throws IOException {
        Path file = stateDirectory.resolve(FALLBACK_FILE);
        if (!storage.exists(file)) {
            return null;
        }
        String id = new String(storage.readAll(file), java.nio.charset.StandardCharsets.UTF_8).trim();
        Snapshot found = volume.snapshots().stream().filter(snapshot -> snapshot.id().equals(id)).findFirst()
                .orElse(null);
        if (found == null) {
            // a crash came before it was taken, or after it was deleted: either way no resync data was applied without it
            storage.deleteIfExists(file);
        }
        return found;
    }

    /**
     * Keeps the secondary's last consistent state while a resync changes it: resync data arrive
     * chunk by chunk, not in write order, so a half-resynced volume is no usable copy. From now until
     * the primary marks the secondary consistent ({@link #adopt}), what arrives is staged beside the
     * volume and the volume is not written; a failover in between finds it as it was. If a resync is
     * going on already (one that was interrupted), it goes on: its staged writes are kept.
     *
     * @throws IOException if the staging file cannot be created
     */
    public synchronized void beginResync() throws IOException {
        if (staging != null || fallback != null) {
            return;
        }
        Path directory = stateDirectory.resolve(STAGING_DIRECTORY);
        Generations.delete(storage, directory); // left by a crash after the last resync's staged writes were dropped
        staging = ResyncStaging.create(storage, directory);
    }

    /** @return whether a resync is going on: the volume is the last consistent copy, newer writes are staged */
    public synchronized boolean resyncInProgress() {
        return staging != null || fallback != null;
    }

    /** @return the bytes staged by the resync going on (writes and their headers), 0 if there is none */
    public synchronized long stagedBytes() {
        return staging == null ? 0 : staging.bytes();
    }

    /** @return this secondary's data history, or null if it was never synchronised with a primary */
    public synchronized Generations generations() {
        return generations;
    }

    /**
     * Takes over the primary's generations: called when the primary says that everything it sent
     * has made this volume an exact copy of the primary's (after a resync, or for a new pair).
     *
     * @param primary the primary's generations
     * @throws IOException if they cannot be recorded
     */
    public synchronized void adopt(Generations primary) throws IOException {
        promoted = false;
        if (staging != null) {
            // recorded first: a crash while the staged writes are applied finishes applying them at the next start
            primary.write(storage, stateDirectory.resolve(STAGING_DIRECTORY));
            adoptStaged(primary);
            return;
        }
        volume.flush();
        primary.write(storage, stateDirectory);
        generations = primary;
        if (fallback != null) {
            fallback.delete(); // a consistent copy again: the fallback is no longer needed
            storage.deleteIfExists(stateDirectory.resolve(FALLBACK_FILE));
            fallback = null;
        }
    }

    /**
     * Starts a new generation on this side: to be called before the secondary is written by anyone
     * but its primary (when it is promoted), so that the old primary can tell, on reconnect, that
     * both sides wrote.
     *
     * @param next the new generation
     * @throws IOException if it cannot be recorded
     */
    public synchronized void startNewGeneration(java.util.UUID next) throws IOException {
        promoted = true; // a batch of the old primary still on its way must not land on the promoted volume
        Generations started = generations == null ? Generations.initial(next) : generations.startNew(next);
        started.write(storage, stateDirectory);
        generations = started;
        if (staging != null) {
            // promoted in the middle of a resync: the volume is the last consistent copy, the staged
            // writes belong to a resync that cannot complete any more. Dropped only once the new
            // generation is durable: a promotion lost in a crash leaves the resync as it was, with the
            // writes the secondary acknowledged
            discardStaging();
        }
    }

    /** Applies the staged writes to the volume, then takes over the primary's generations and drops the staging. */
    private void adoptStaged(Generations primary) throws IOException {
        staging.replayInto(volume);
        primary.write(storage, stateDirectory);
        generations = primary;
        discardStaging();
    }

    private void discardStaging() throws IOException {
        // the staged writes first: generations left without them are ignored, and deleted by the next resync
        Path directory = stateDirectory.resolve(STAGING_DIRECTORY);
        staging.delete();
        staging = null;
        storage.forceDirectory(directory);
        Generations.delete(storage, directory);
    }

    /** @return the highest sequence number applied and durable: what the secondary acknowledges */
    public synchronized long lastAppliedSequence() {
        return lastApplied;
    }

    /**
     * Applies a batch of replicated writes.
     *
     * @param batch writes in sequence order; those already applied are skipped
     * @return the highest sequence number applied and durable after the batch
     * @throws DamagedWriteException if a write's data does not match its checksum (nothing applied)
     * @throws SequenceGapException if a write is missing or out of order (nothing applied)
     * @throws IllegalArgumentException if a write is unaligned or outside the volume (nothing applied)
     * @throws IOException if writing or flushing the volume fails, or the volume was promoted
     *         ({@link #startNewGeneration}) and no primary's generations were adopted since
     */
    public synchronized long apply(List<ReplicatedWrite> batch) throws IOException {
        if (promoted) {
            throw new IOException("This volume was promoted (a new generation started on it): it takes no more"
                    + " replicated writes from its former primary");
        }
        long expected = lastApplied + 1;
        int firstNew = 0;
        while (firstNew < batch.size() && batch.get(firstNew).sequence() < expected) {
            firstNew++;
        }
        for (int i = firstNew; i < batch.size(); i++) {
            ReplicatedWrite write = batch.get(i);
            if (write.sequence() != expected) {
                throw new SequenceGapException(expected, write.sequence());
            }
            if (!write.isIntact()) {
                throw new DamagedWriteException(write);
            }
            volume.geometry().checkAlignedRange(write.offset(), write.length());
            expected++;
        }
        if (firstNew == batch.size()) {
            return lastApplied;
        }
        if (staging != null) {
            // during a resync: durable beside the volume, written into it once the resync is complete
            staging.append(firstNew == 0 ? batch : batch.subList(firstNew, batch.size()));
        } else {
            List<Volume.BlockWrite> writes = new java.util.ArrayList<>(batch.size() - firstNew);
            for (int i = firstNew; i < batch.size(); i++) {
                ReplicatedWrite write = batch.get(i);
                writes.add(new Volume.BlockWrite(write.offset(), write.data()));
            }
            volume.writeAll(writes); // with a snapshot: one copy-on-write force for the batch, not two per write
            volume.flush();
        }
        long applied = batch.get(batch.size() - 1).sequence();
        storage.writeAtomically(stateFile, encode(applied));
        lastApplied = applied;
        return applied;
    }

    private static byte[] encode(long lastApplied) {
        ByteBuffer bytes = ByteBuffer.allocate(STATE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(MAGIC).putLong(lastApplied);
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, 16);
        bytes.putInt((int) crc.getValue());
        return bytes.array();
    }

    private static long decode(Path stateFile, byte[] content) throws IOException {
        if (content.length == STATE_SIZE) {
            ByteBuffer bytes = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
            long magic = bytes.getLong();
            long lastApplied = bytes.getLong();
            CRC32C crc = new CRC32C();
            crc.update(content, 0, 16);
            if (magic == MAGIC && bytes.getInt() == (int) crc.getValue()) {
                return lastApplied;
            }
        }
        throw new IOException(stateFile + " is damaged: the secondary cannot tell which replicated writes it"
                + " applied; resynchronise the pair from the primary");
    }
}
