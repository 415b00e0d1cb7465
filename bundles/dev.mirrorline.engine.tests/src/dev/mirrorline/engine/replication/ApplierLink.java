package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replication link straight into a secondary applier, without a network, that tests can make
 * misbehave: lose acknowledgements, lose whole batches in flight, fall silent, or be cut.
 */
final class ApplierLink implements ReplicationLink {

    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong highestSent = new AtomicLong();
    volatile int keepalives;
    /** Whether the secondary's acknowledgements reach the primary. */
    volatile boolean acknowledging = true;
    /** Whether batches reach the secondary (else they are lost in flight). */
    volatile boolean applying = true;
    /** Cut the link right after this many more batches with data were applied and acknowledged; 0: never. */
    volatile int cutAfterBatches;
    /** Every write sent, in order: {sequence, offset}. */
    final List<long[]> writesSent = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** The highest sequence number whose acknowledgement this link delivered. */
    final AtomicLong highestAcknowledged = new AtomicLong();
    private final PrimaryReplicator primary;
    private final SecondaryApplier applier;
    private volatile boolean silent;
    private volatile IOException cut;

    ApplierLink(PrimaryReplicator primary, SecondaryApplier applier) {
        this.primary = primary;
        this.applier = applier;
    }

    void withholdAcknowledgements() {
        acknowledging = false;
    }

    /** The network swallows everything from now on, and nothing reports an error. */
    void silence() {
        silent = true;
    }

    void cut() {
        cut = new IOException("link cut by the test");
    }

    @Override
    public void send(List<ReplicatedWrite> batch) throws IOException {
        if (cut != null) {
            throw cut;
        }
        if (silent) {
            return;
        }
        if (batch.isEmpty()) {
            keepalives++;
        } else {
            batch.forEach(write -> {
                bytesSent.addAndGet(write.length());
                writesSent.add(new long[] { write.sequence(), write.offset() });
            });
            highestSent.set(batch.get(batch.size() - 1).sequence());
        }
        if (!applying) {
            return;
        }
        long applied = applier.apply(batch);
        if (acknowledging) {
            primary.acknowledge(applied);
            highestAcknowledged.accumulateAndGet(applied, Math::max);
        }
        if (!batch.isEmpty() && cutAfterBatches > 0 && --cutAfterBatches == 0) {
            cut();
        }
    }

    @Override
    public void markConsistent(Generations generations) throws IOException {
        if (cut != null) {
            throw cut;
        }
        applier.adopt(generations);
    }

    @Override
    public IOException failure() {
        return cut;
    }
}
