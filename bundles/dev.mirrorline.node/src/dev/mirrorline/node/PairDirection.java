package dev.mirrorline.node;

/** Which of a pair's two volumes is its primary now. */
public enum PairDirection {
    /** As created: the pair's primary image is the primary, the secondary image the secondary. */
    ORIGINAL,
    /** After a switchover or failover: the secondary image is the primary, replicating to the primary image. */
    REVERSED
}
