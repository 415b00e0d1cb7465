package dev.mirrorline.engine.event;

import java.time.Duration;
import java.time.Instant;

/** A state change of the engine, stamped with the wall-clock time it happened. */
public sealed interface EngineEvent {

    /** @return when it happened */
    Instant at();

    /**
     * Writes to a volume were blocked: writes in progress had drained and new ones wait.
     *
     * @param at when the last write in progress finished
     * @param volume the volume's name
     */
    record WritesFrozen(Instant at, String volume) implements EngineEvent {
    }

    /**
     * Writes to a volume were let go again.
     *
     * @param at when they resumed
     * @param volume the volume's name
     * @param pause how long new writes were blocked, from the freeze request to the resume
     */
    record WritesResumed(Instant at, String volume, Duration pause) implements EngineEvent {
    }

    /**
     * A copy-on-write snapshot was created.
     *
     * @param at when
     * @param volume the volume's name
     * @param snapshotId the snapshot's id
     * @param chunkSize its chunk size in bytes
     */
    record SnapshotCreated(Instant at, String volume, String snapshotId, int chunkSize) implements EngineEvent {
    }

    /**
     * Old contents of chunks were saved to a snapshot's store before the volume overwrote them.
     *
     * @param at when the copies became durable
     * @param snapshotId the snapshot's id
     * @param chunks how many chunks were copied by this write
     * @param bytes how many bytes that was
     * @param totalChunks how many chunks the snapshot holds now
     */
    record ChunksCopied(Instant at, String snapshotId, long chunks, long bytes, long totalChunks)
            implements EngineEvent {
    }

    /**
     * A snapshot was deleted with its files.
     *
     * @param at when
     * @param volume the volume's name
     * @param snapshotId the snapshot's id
     * @param chunks how many chunks it held
     * @param bytes how many bytes of old data that was
     */
    record SnapshotDeleted(Instant at, String volume, String snapshotId, long chunks, long bytes)
            implements EngineEvent {
    }

    /**
     * The replication link of a primary went down.
     *
     * @param at when it was noticed
     * @param volume the primary volume's name
     * @param reason what failed, in words
     */
    record LinkDown(Instant at, String volume, String reason) implements EngineEvent {
    }

    /**
     * The primary connected to its secondary and the handshake succeeded.
     *
     * @param at when
     * @param volume the primary volume's name
     * @param peer the secondary, as the link names it
     * @param attempt how many attempts it took since the link was last up (1: the first)
     */
    record LinkUp(Instant at, String volume, String peer, int attempt) implements EngineEvent {
    }

    /**
     * The secondary answered but refused this primary (split brain, another pair, another volume
     * size): the primary stops trying until the administrator acts.
     *
     * @param at when
     * @param volume the primary volume's name
     * @param reason the secondary's reason, in words
     */
    record LinkRefused(Instant at, String volume, String reason) implements EngineEvent {
    }

    /**
     * The updates the secondary had not acknowledged when the link went down were captured, in the
     * same freeze as the outage snapshot.
     *
     * @param at when
     * @param volume the primary volume's name
     * @param snapshotId the outage snapshot
     * @param updates how many updates were unacknowledged
     * @param bytes their data size
     */
    record UnacknowledgedCaptured(Instant at, String volume, String snapshotId, long updates, long bytes)
            implements EngineEvent {
    }

    /**
     * The link of a primary came back and the resync began.
     *
     * @param at when
     * @param volume the primary volume's name
     * @param changedChunks how many chunks changed during the outage
     * @param changedBytes their size
     * @param unacknowledgedUpdates how many captured updates the secondary still lacks
     * @param unacknowledgedBytes their size
     */
    record ResyncStarted(Instant at, String volume, long changedChunks, long changedBytes, long unacknowledgedUpdates,
            long unacknowledgedBytes) implements EngineEvent {
    }

    /**
     * Resync progress: changed chunks handed to the link so far.
     *
     * @param at when
     * @param volume the primary volume's name
     * @param chunksSent chunks queued for the secondary so far
     * @param chunksTotal all changed chunks
     * @param bytesSent their size so far
     */
    record ResyncProgress(Instant at, String volume, long chunksSent, long chunksTotal, long bytesSent)
            implements EngineEvent {
    }

    /**
     * The secondary acknowledged everything the resync sent: it is an up-to-date copy again, and the
     * outage snapshot is deleted.
     *
     * @param at when
     * @param volume the primary volume's name
     * @param chunks chunks sent
     * @param bytes bytes of chunk data sent
     * @param duration from the resync's start
     */
    record ResyncFinished(Instant at, String volume, long chunks, long bytes, Duration duration)
            implements EngineEvent {
    }

    /**
     * A node refused a peer's connection or call because of its certificate (unknown, missing, or
     * pinned for another pair) or its pairing token.
     *
     * @param at when
     * @param peer the peer's address as text ("unknown" where it is not known)
     * @param certificate the fingerprint of the certificate the peer presented, or null if none
     * @param reason why, in words for the administrator
     */
    record PeerRefused(Instant at, String peer, String certificate, String reason) implements EngineEvent {
    }

    /**
     * A step of a failover drill started or ended (drills run on a pair and publish each step, so
     * that the event history and the timeline show them as markers).
     *
     * @param at when
     * @param volume the primary volume's name of the pair the drill runs on
     * @param drillId the drill's id
     * @param scenario the scenario's id, e.g. {@code "link-outage"}
     * @param stepIndex the step's position in the drill, from 1; 0 for the drill as a whole
     * @param step the step's name
     * @param status {@code STARTED}, or how it ended: {@code PASSED}, {@code FAILED},
     *        {@code CANCELLED}, {@code ROLLED_BACK}
     * @param detail what came of it, in words; empty when nothing
     */
    record DrillStepChanged(Instant at, String volume, String drillId, String scenario, int stepIndex, String step,
            String status, String detail) implements EngineEvent {
    }

    /**
     * A side of a pair changed its role, or a step of a role change happened (planned switchover,
     * unplanned failover, failback), so that the event history and the timeline show it.
     *
     * @param at when
     * @param volume the volume whose role changed
     * @param change what happened, e.g. {@code DEMOTED}, {@code PROMOTED}, {@code REVERSED},
     *        {@code FAILBACK_STARTED}, {@code GENERATIONS_ADOPTED}
     * @param detail what came of it, in words
     */
    record RoleChanged(Instant at, String volume, String change, String detail) implements EngineEvent {
    }
}
