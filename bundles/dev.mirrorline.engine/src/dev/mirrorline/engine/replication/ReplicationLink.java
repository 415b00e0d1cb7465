package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.util.List;

/**
 * The primary's seam to its secondary: the transport implements it over gRPC; a simulation can
 * implement it in memory. Acknowledgements come back through
 * {@link PrimaryReplicator#acknowledge(long)}.
 */
public interface ReplicationLink {

    /**
     * Sends a batch of writes in sequence order, waiting while the link cannot take more.
     *
     * @param batch the writes
     * @throws IOException if the link is down
     * @throws InterruptedException if interrupted while waiting
     */
    void send(List<ReplicatedWrite> batch) throws IOException, InterruptedException;

    /**
     * Tells the secondary that everything sent before is a complete copy of the primary's data of
     * these generations, and waits until it has recorded them.
     *
     * @param primary the primary's generations
     * @throws IOException if the link is down or the secondary cannot record them
     * @throws InterruptedException if interrupted while waiting
     */
    void markConsistent(Generations primary) throws IOException, InterruptedException;

    /**
     * Tells whether the link has failed even though nothing was sent (the peer closed the stream,
     * say); the sender asks while it is idle.
     *
     * @return why the link is down, or null while it is up
     */
    default IOException failure() {
        return null;
    }
}
