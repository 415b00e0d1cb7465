package dev.mirrorline.node;

/** Where a pair stands, as the administrator sees it. */
public enum PairState {
    /** The primary is trying to reach its secondary for the first time since it started. */
    CONNECTING,
    /** The link is up and every write is replicated; the secondary lags only by the in-flight updates. */
    CONSISTENT,
    /** The link is down: writes go on locally, tracked by the outage snapshot. */
    INTERRUPTED,
    /** The link is back and the secondary is being brought up to date. */
    RESYNCING,
    /** The secondary refused the primary (split brain, another pair): the administrator must act. */
    REFUSED,
    /** The pair is not running (its volumes could not be opened, or the node is closing). */
    STOPPED
}
