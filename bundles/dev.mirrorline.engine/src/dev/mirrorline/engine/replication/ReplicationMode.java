package dev.mirrorline.engine.replication;

/** When a write to the primary counts as done. */
public enum ReplicationMode {
    /**
     * When it is applied locally and durable in the in-flight log; the secondary follows, at most
     * the in-flight window behind.
     */
    ASYNCHRONOUS,
    /** Only when the secondary has acknowledged it as durable too. */
    SYNCHRONOUS
}
