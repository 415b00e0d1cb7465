package dev.mirrorline.ui.timeline;

/**
 * The rows of a lane, top to bottom. Every item belongs to exactly one row, given by its type.
 */
public enum TimelineRow {
    /** Link state: connected and interrupted spans. */
    LINK,
    /** Write-freeze markers, with the pause they caused. */
    FREEZE,
    /** Snapshot lifetimes, from creation to deletion. */
    SNAPSHOT,
    /** Resyncs, filled by their progress. */
    RESYNC,
    /** Failover-drill steps. */
    DRILL
}
